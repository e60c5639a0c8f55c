import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { CSV_COLUMNS, EXPORT_COLUMNS } from '../../shared/domain/import-row';
import { type CliRun, cliWorkspace } from '../support/cli';

const HEADER = CSV_COLUMNS.join(',');
type Workspace = Awaited<ReturnType<typeof cliWorkspace>>;

function csvOf(count: number): { text: string; endingBeforeMarch: string[] } {
  const lines = [HEADER];
  const endingBeforeMarch: string[] = [];
  for (let i = 0; i < count; i++) {
    const types = ['permanent', 'temporary', 'student', 'intern', 'volunteer'] as const;
    const type = types[i % 5]!;
    const month = (i % 12) + 1;
    const end =
      type === 'permanent'
        ? ''
        : `2027-${String(month).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const email = `user${i}@lib-${i % 2 ? 'b' : 'a'}.example`;
    if (end && end < '2027-03-01') endingBeforeMarch.push(email);
    const supervisor = type === 'permanent' ? '' : `boss@lib-${i % 2 ? 'b' : 'a'}.example`;
    lines.push(
      `"Person ${i}, Jr",${email},personal,${type},${supervisor},LIB-${i % 2 ? 'B' : 'A'},${end},"prêt, ""retours"""`,
    );
  }
  return { text: `${lines.join('\n')}\n`, endingBeforeMarch };
}

const json = (run: CliRun) => run.out.map((line) => JSON.parse(line));

describe('alma-accounts CLI against DynamoDB Local', () => {
  let ws: Workspace;
  let expected: string[];

  beforeAll(async () => {
    ws = await cliWorkspace();
    const csv = csvOf(1000);
    expected = csv.endingBeforeMarch;
    writeFileSync(join(ws.dataDir, 'accounts.csv'), csv.text);
    const run = await ws.cli(
      'import',
      join(ws.dataDir, 'accounts.csv'),
      '--now',
      '2026-12-10T10:00:00+01:00',
    );
    expect(run).toMatchObject({ code: 0, out: ['imported 1000 account(s)'] });
  }, 120_000);

  it('lists exactly the imported accounts ending before a date, by Query', async () => {
    const run = await ws.cli(
      'accounts',
      'list',
      '--ending-before',
      '2027-03-01',
      '--json',
      '--now',
      '2027-01-10',
    );
    expect(run.code).toBe(0);
    const emails = json(run).map((a) => a.email);
    expect(emails.sort()).toEqual([...expected].sort());
    expect(json(run).every((a) => a.endDate < '2027-03-01')).toBe(true);
  });

  it('lists one institution and keeps quoted CSV fields intact', async () => {
    const run = await ws.cli('accounts', 'list', '--institution', 'LIB-B', '--json');
    expect(json(run)).toHaveLength(500);
    const one = json(run).find((a) => a.email === 'user1@lib-b.example');
    expect(one).toMatchObject({
      fullName: 'Person 1, Jr',
      tasks: 'prêt, "retours"',
      employeeType: 'temporary',
    });
  });

  it('imports nothing when one row is bad, naming the row and why', async () => {
    const bad = [
      HEADER,
      'Ok Person,ok1@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Bad Person,not-an-email,personal,permanent,,LIB-A,,prêt',
      'Other,ok2@lib-a.example,personal,volunteer,,LIB-A,2027-12-31,prêt',
      'Late,ok3@lib-a.example,personal,temporary,boss@lib-a.example,LIB-Z,2027-02-31,prêt',
    ];
    const file = join(ws.dataDir, 'bad.csv');
    writeFileSync(file, `${bad.join('\n')}\n`);
    const run = await ws.cli('import', file);
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      `${file}:3: email "not-an-email" is not an e-mail address`,
      `${file}:4: supervisorEmail is required for a volunteer employee`,
      `${file}:5: institution "LIB-Z" is not in the config`,
      'import refused: 3 bad row(s), nothing imported',
    ]);
    expect(
      json(await ws.cli('accounts', 'list', '--institution', 'LIB-A', '--json')).some(
        (a) => a.email === 'ok1@lib-a.example',
      ),
    ).toBe(false);
  });

  it('refuses a header that is not the documented one', async () => {
    const file = join(ws.dataDir, 'header.csv');
    writeFileSync(file, 'name,email\nA,a@lib-a.example\n');
    const run = await ws.cli('import', file);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/:1: header must be exactly: fullName,email,/);
  });

  it('shows, renews and closes an account, keeping its history', async () => {
    const renew = await ws.cli(
      'accounts',
      'renew',
      'user1@lib-b.example',
      '--end',
      '2027-08-31',
      '--now',
      '2027-01-11',
      '--json',
    );
    expect(renew.code).toBe(0);
    expect(json(renew)[0]).toMatchObject({ endDate: '2027-09-30', status: 'active' });
    const close = await ws.cli(
      'accounts',
      'close',
      'user1@lib-b.example',
      '--from',
      '2027-03-01',
      '--now',
      '2027-01-12',
      '--json',
    );
    expect(json(close)[0]).toMatchObject({ deactivationDate: '2027-03-01', status: 'active' });
    const show = await ws.cli('accounts', 'show', 'user1@lib-b.example', '--json');
    expect(json(show)[0].history.map((e: { action: string }) => e.action)).toEqual([
      'imported',
      'renewed',
      'closure-requested',
    ]);
    const past = await ws.cli('accounts', 'renew', 'user1@lib-b.example', '--end', '2020-01-01');
    expect(past).toMatchObject({ code: 1, err: [expect.stringMatching(/already past/)] });
  });

  it('exports what it imported, CSV with the import columns then every other stored field', async () => {
    const file = join(ws.dataDir, 'export.csv');
    const run = await ws.cli('export', file, '--institution', 'LIB-A');
    expect(run).toMatchObject({ code: 0, out: [`exported 500 account(s) to ${file}`] });
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines[0]!.startsWith(`${HEADER},deactivationDate,`)).toBe(true);
    expect(lines).toHaveLength(501);
  });

  it('exports everything stored about an institution as JSON, history included', async () => {
    const file = join(ws.dataDir, 'lib-b.json');
    expect((await ws.cli('export', file, '--institution', 'LIB-B')).code).toBe(0);
    const dump = JSON.parse(readFileSync(file, 'utf8'));
    expect(dump.institutions).toEqual(['LIB-B']);
    expect(dump.accounts).toHaveLength(500);
    expect(
      dump.accounts.every(
        (a: { institution: string; history: unknown[] }) =>
          a.institution === 'LIB-B' && a.history.length >= 1,
      ),
    ).toBe(true);
  });

  it('answers a bad argument with one line on stderr and a non-zero exit', async () => {
    expect(await ws.cli('accounts', 'show', 'nobody@nowhere.example')).toMatchObject({
      code: 1,
      err: ['alma-accounts: no account for nobody@nowhere.example'],
    });
    expect(await ws.cli('accounts', 'list', '--ending-before', '31/02/2027')).toMatchObject({
      code: 1,
      err: ['alma-accounts: --ending-before must be a date YYYY-MM-DD, got "31/02/2027"'],
    });
    expect((await ws.cli('frobnicate')).code).toBe(2);
    expect((await ws.cli('--bogus')).code).toBe(2);
  });
});

describe('alma-accounts --table (the real-AWS mode)', () => {
  it('works on a DynamoDB table with credentials from the SDK chain, the endpoint from the environment', async () => {
    // The AWS mode's own wiring (credential chain, env endpoint), pointed at DynamoDB Local.
    const ws = await cliWorkspace();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    });
    try {
      const csv = join(ws.dataDir, 'two.csv');
      writeFileSync(csv, csvOf(2).text);
      // runtime.json is ignored in this mode: the table named on the command line is used.
      expect((await ws.cli('--table', ws.tableName, 'import', csv)).code).toBe(0);
      const listed = await ws.cli(
        '--table',
        ws.tableName,
        '--json',
        'accounts',
        'list',
        '--institution',
        'LIB-A',
      );
      expect(listed.code).toBe(0);
      expect(json(listed).map((a) => a.email)).toEqual(['user0@lib-a.example']);
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      const noRegion = await ws.cli('--table', ws.tableName, 'accounts', 'list', '--institution', 'LIB-A');
      expect(noRegion.code).not.toBe(0);
      expect(noRegion.err.join('\n')).toContain('no AWS region: set AWS_REGION');
    } finally {
      process.env = saved;
    }
  });
});

describe('alma-accounts as a process', () => {
  it('refuses a bad config file listing every problem, and starts nothing', async () => {
    const ws = await cliWorkspace();
    writeFileSync(ws.configPath, JSON.stringify({ mailbox: 'nope', institutions: [] }));
    const result = await promisify(execFile)('node', [
      'bin/alma-accounts.js',
      '--config',
      ws.configPath,
      '--data-dir',
      ws.dataDir,
      'accounts',
      'list',
    ]).catch((error) => error as { code: number; stdout: string; stderr: string });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('mailbox: Invalid email address');
    expect(lines[0]).toContain('helpdesk: Invalid input');
    expect(lines[0]).toContain('institutions: Too small');
  });
});
