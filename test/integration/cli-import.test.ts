import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FENCE_LEASE_MS } from '../../shared/adapters/dynamodb/import-fence';
import { importAccounts } from '../../shared/app/account-import';
import { tableContext } from '../../shared/app/context';
import { CSV_COLUMNS } from '../../shared/domain/import-row';
import type { ImportEntry, ImportRecord } from '../../shared/domain/ports';
import { ImportFenceLostError, ImportInProgressError } from '../../shared/errors';
import { anAccount, createdEvent } from '../support/accounts';
import { cliWorkspace } from '../support/cli';
import { testConfig } from '../support/context';
import { importCsvRow, writeImportCsv } from '../support/import-csv';

type Workspace = Awaited<ReturnType<typeof cliWorkspace>>;
const NOW = '2027-01-10T10:00:00+01:00';

/** Every item of the workspace's table (small tables only). */
async function allItems(ws: Workspace): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ws.db.scan({ TableName: ws.tableName, ExclusiveStartKey });
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const accountsIn = async (ws: Workspace) => (await allItems(ws)).filter((i) => i.type === 'account');

/** Runs the child to its end: exit code, stdout and stderr as text. */
async function finished(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  child.stderr!.on('data', (c) => {
    err += c;
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, out, err };
}

describe('alma-accounts import: progress, dry run, all or nothing', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await cliWorkspace();
  });

  it('shows progress in a pipe as plain lines on stderr; --json stdout stays one JSON line', async () => {
    const file = join(ws.dataDir, 'rows.csv');
    await writeImportCsv(file, 400);
    const run = await finished(
      ws.spawnCli(['--json', '--now', NOW, 'import', file], { ALMA_PROGRESS_AFTER_MS: '0' }),
    );
    expect(run.code).toBe(0);
    expect(run.out).toBe('{"imported":400}\n');
    const lines = run.err.trim().split('\n');
    // No bar redraws in a pipe: no carriage returns, no escape codes.
    expect(run.err.includes('\r') || run.err.includes('\u001b')).toBe(false);
    const importing = lines.filter((l) => l.startsWith(`importing ${file}: `));
    expect(importing.at(-1)).toBe(`importing ${file}: 100% (400/400 accounts)`);
    expect(importing.length).toBeGreaterThanOrEqual(2);
    expect(importing.length).toBeLessThanOrEqual(10);
    expect(lines.some((l) => l.startsWith(`checking ${file}: 100% (`))).toBe(true);
    expect(await accountsIn(ws)).toHaveLength(400);
  }, 120_000);

  it('--quiet silences the progress', async () => {
    const file = join(ws.dataDir, 'rows.csv');
    await writeImportCsv(file, 100);
    const run = await finished(
      ws.spawnCli(['--quiet', '--now', NOW, 'import', file], { ALMA_PROGRESS_AFTER_MS: '0' }),
    );
    expect(run).toEqual({ code: 0, out: 'imported 100 account(s)\n', err: '' });
  }, 120_000);

  it('--dry-run reports the same line-numbered problems and writes nothing', async () => {
    const file = join(ws.dataDir, 'bad.csv');
    const rows = Array.from({ length: 50 }, (_, i) => importCsvRow(i));
    rows.push('Bad,not-an-email,personal,permanent,,LIB-A,,prêt');
    writeFileSync(file, `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const dry = await ws.cli('--now', NOW, 'import', file, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.err).toEqual([
      `${file}:52: email "not-an-email" is not an e-mail address`,
      'import would be refused: 1 bad row(s)',
    ]);
    expect(dry.out).toEqual(['dry run: 1 bad row(s), nothing written']);
    const good = join(ws.dataDir, 'good.csv');
    await writeImportCsv(good, 50);
    expect(await ws.cli('--json', '--now', NOW, 'import', good, '--dry-run')).toMatchObject({
      code: 0,
      out: ['{"dryRun":true,"valid":50,"problems":0}'],
    });
    expect(await allItems(ws)).toEqual([]);
  });

  it("refuses rows the mail's rules refuse, and every row after a stray quote, each on its line", async () => {
    const file = join(ws.dataDir, 'rules.csv');
    const rows = Array.from({ length: 20 }, (_, i) => importCsvRow(i));
    rows.push(
      'Self,self@lib-a.example,personal,temporary,self@lib-a.example,LIB-A,2027-06-30,prêt',
      'Outside,out@lib-a.example,personal,student,friend@gmail.example,LIB-A,2027-06-30,prêt',
      'Other,oth@lib-a.example,personal,intern,koen.maes@lib-b.example,LIB-A,2027-06-30,prêt',
      'Under,under@lib-a.example,personal,temporary,user2@lib-a.example,LIB-A,2027-06-30,prêt',
      'Perm,perm@lib-a.example,personal,permanent,,LIB-A,2027-06-30,prêt',
      'Stray,"desk"@lib-a.example,shared,permanent,,LIB-A,,prêt',
      'Desk,desk@lib-a.example,shared,permanent,,LIB-A,2027-06-30,prêt',
      'Old,old@lib-a.example,personal,temporary,anne.dubois@lib-a.example,LIB-A,2020-06-30,prêt',
      'Vol,vol@lib-a.example,personal,volunteer,anne.dubois@lib-a.example,LIB-A,,prêt',
    );
    writeFileSync(file, `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    for (const extra of [['--dry-run'], []]) {
      const run = await ws.cli('--now', NOW, 'import', file, ...extra);
      expect(run.code).toBe(1);
      const cannot = (who: string) =>
        `supervisorEmail "${who}" cannot supervise: it must be a permanent employee of LIB-A (one of its managers or an address of its domains), not the employee`;
      expect(run.err.slice(0, -1)).toEqual([
        `${file}:22: ${cannot('self@lib-a.example')}`,
        `${file}:23: ${cannot('friend@gmail.example')}`,
        `${file}:24: ${cannot('koen.maes@lib-b.example')}`,
        // user2 is row 2 of the generated ones (line 4): a student of LIB-A.
        `${file}:25: supervisorEmail "user2@lib-a.example" cannot supervise: it has a non-permanent account in LIB-A (line 4)`,
        `${file}:26: endDate must be empty for a permanent employee: such an account has no end`,
        `${file}:27: malformed quotes: a quoted field must end at its closing quote (write "" for a quote inside it)`,
        `${file}:28: endDate must be empty for a shared account: such an account has no end`,
        `${file}:29: endDate "2020-06-30" is in the past`,
      ]);
    }
    expect(await allItems(ws)).toEqual([]);
  });

  it('refuses the whole file for one bad row past the first transactions, and for a duplicate in the store', async () => {
    const file = join(ws.dataDir, 'late-bad.csv');
    const rows = Array.from({ length: 200 }, (_, i) => importCsvRow(i));
    rows.push('Late,late@lib-a.example,personal,volunteer,,LIB-A,2027-12-31,prêt');
    writeFileSync(file, `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const bad = await ws.cli('--now', NOW, 'import', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual([
      `${file}:202: supervisorEmail is required for a volunteer employee`,
      'import refused: 1 bad row(s), nothing imported',
    ]);
    expect(await allItems(ws)).toEqual([]);

    const existing = anAccount({ email: 'user7@lib-b.example', institution: 'LIB-B' });
    await tableContext(ws.db, ws.tableName).accounts.create(existing, createdEvent(existing));
    const dup = join(ws.dataDir, 'dup.csv');
    await writeImportCsv(dup, 100);
    for (const extra of [['--dry-run'], []]) {
      const run = await ws.cli('--now', NOW, 'import', dup, ...extra);
      expect(run.code).toBe(1);
      expect(run.err[0]).toBe(`${dup}:9: LIB-B already has an open account for this email`);
    }
    expect((await accountsIn(ws)).map((a) => a.id)).toEqual([existing.id]);
  });

  it('an address taken while the import writes: every account it wrote is removed, the line named', async () => {
    const file = join(ws.dataDir, 'race.csv');
    await writeImportCsv(file, 300);
    const stores = tableContext(ws.db, ws.tableName);
    const rival = anAccount({ email: 'user250@lib-a.example', institution: 'LIB-A' });
    const ctx = {
      config: testConfig(),
      imports: Object.assign(Object.create(stores.imports), {
        // Someone creates an account for row 250's address between the check and the writing.
        async openAccounts(institutions: Iterable<string>, wanted: (key: string) => boolean) {
          const open = await stores.imports.openAccounts(institutions, wanted);
          await stores.accounts.create(rival, createdEvent(rival));
          return open;
        },
      }),
    };
    const outcome = await importAccounts(ctx, {
      file,
      open: () => createReadStream(file),
      now: new Date(NOW),
      actor: 'cli:test',
    });
    expect(outcome).toMatchObject({
      problems: [
        {
          line: 252,
          reason: 'LIB-A already has an open account for this email (created while the import ran)',
        },
      ],
    });
    const left = await allItems(ws);
    expect(left.filter((i) => i.importId)).toEqual([]);
    expect(left.filter((i) => i.type === 'account').map((a) => a.id)).toEqual([rival.id]);
    expect(left.filter((i) => i.type === 'import')).toEqual([]);
    expect(await stores.imports.unfinished()).toEqual([]);
  }, 120_000);

  it('holds the institutions it writes: a create there is refused until it ends, another goes through', async () => {
    const file = join(ws.dataDir, 'lib-a.csv');
    // Rows of LIB-A only.
    await writeImportCsv(file, 300, (i) => importCsvRow(2 * i));
    const stores = tableContext(ws.db, ws.tableName);
    const blocked = anAccount({ email: 'walk-in@lib-a.example', institution: 'LIB-A' });
    const other = anAccount({ email: 'walk-in@lib-b.example', institution: 'LIB-B' });
    const seen: unknown[] = [];
    const ctx = {
      config: testConfig(),
      imports: Object.assign(Object.create(stores.imports), {
        // A create for each institution while the second batch is written.
        async writeBatch(record: ImportRecord, entries: ImportEntry[]) {
          if (entries[0]!.line === 102) {
            seen.push(await stores.accounts.create(blocked, createdEvent(blocked)).catch((e) => e));
            seen.push(await stores.accounts.create(other, createdEvent(other)));
          }
          return stores.imports.writeBatch(record, entries);
        },
      }),
    };
    const outcome = await importAccounts(ctx, {
      file,
      open: () => createReadStream(file),
      now: new Date(NOW),
      actor: 'cli:test',
    });
    expect(outcome).toMatchObject({ imported: 300 });
    expect(seen[0]).toBeInstanceOf(ImportInProgressError);
    expect((seen[0] as Error).message).toBe("an import is writing LIB-A's accounts: try again in a minute");
    expect(seen[1]).toBeUndefined();
    const items = await allItems(ws);
    // Nothing of the refused create, and no fence left once the import finished.
    expect(items.filter((i) => JSON.stringify(i).includes('walk-in@lib-a'))).toEqual([]);
    expect(items.filter((i) => i.type === 'import-fence')).toEqual([]);
    expect(await stores.accounts.findByEmail('walk-in@lib-b.example')).toHaveLength(1);
    // Once the import is done, the same create goes through.
    await stores.accounts.create(blocked, createdEvent(blocked));
    expect(await stores.accounts.get(blocked.id)).toMatchObject({ email: 'walk-in@lib-a.example' });
    expect(await accountsIn(ws)).toHaveLength(302);
  }, 120_000);

  it("a killed import's hold lapses after its lease: creates go through, and it could no longer write", async () => {
    const stores = tableContext(ws.db, ws.tableName);
    const record: ImportRecord = {
      id: 'IMP-LAPSE',
      file: 'lapse.csv',
      actor: 'cli:test',
      at: new Date(NOW).toISOString(),
      institutions: ['LIB-A'],
      rows: 1,
      host: 'test',
      pid: 0,
    };
    const walkIn = anAccount({ email: 'walk-in@lib-a.example', institution: 'LIB-A' });
    const importsAgain = tableContext(ws.db, ws.tableName).imports;
    await importsAgain.begin(record);
    await expect(stores.accounts.create(walkIn, createdEvent(walkIn))).rejects.toBeInstanceOf(
      ImportInProgressError,
    );
    // A second import into the same institution is refused while the hold is live.
    await expect(stores.imports.begin({ ...record, id: 'IMP-SECOND' })).rejects.toBeInstanceOf(
      ImportInProgressError,
    );
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + FENCE_LEASE_MS + 1_000);
      await stores.accounts.create(walkIn, createdEvent(walkIn));
      // The stalled import wakes up: its lease is gone, it writes nothing more.
      const late = anAccount({ email: 'late@lib-a.example', institution: 'LIB-A' });
      await expect(
        importsAgain.writeBatch(record, [{ line: 2, account: late, event: createdEvent(late) }]),
      ).rejects.toBeInstanceOf(ImportFenceLostError);
    } finally {
      vi.useRealTimers();
    }
    expect(await stores.accounts.findByEmail('late@lib-a.example')).toEqual([]);
    await importsAgain.rollback(record);
    expect((await allItems(ws)).map((i) => i.type).sort()).toEqual(['account', 'history', 'open-email']);
  });

  it('killed half-way (SIGKILL): the store holds part of it, a new import refuses, --rollback leaves nothing, then it imports whole', async () => {
    const file = join(ws.dataDir, 'big.csv');
    const rows = 2_000;
    await writeImportCsv(file, rows);
    const child = ws.spawnCli(['--now', NOW, 'import', file], { ALMA_PROGRESS_AFTER_MS: '0' });
    let err = '';
    const exited = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk) => {
        err += chunk;
        // Mid-write: a fifth of the accounts are in, most are not.
        if (/importing .*: 20%/.test(err)) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`the import ended before it was killed: ${err}`)));
    });
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    const written = (await accountsIn(ws)).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(rows);

    const again = await ws.cli('--now', NOW, 'import', file);
    expect(again.code).toBe(1);
    expect(again.err.at(-1)).toMatch(/did not finish: run `alma-accounts import --rollback`/);

    const rollback = await ws.cli('import', '--rollback');
    expect(rollback.code).toBe(0);
    // A transaction in flight when the process died may still land: the rollback finds it too.
    const removed = /^rolled back import IMP-\w+ of (.+) \(started .*\): (\d+) account\(s\) removed$/.exec(
      rollback.out[0] ?? '',
    );
    expect(removed?.[1]).toBe(file);
    expect(Number(removed?.[2])).toBeGreaterThanOrEqual(written);
    expect(await allItems(ws)).toEqual([]);
    expect((await ws.cli('import', '--rollback')).out).toEqual(['no unfinished import']);

    const whole = await ws.cli('--quiet', '--now', NOW, 'import', file);
    expect(whole).toMatchObject({ code: 0, out: [`imported ${rows} account(s)`] });
    expect(await accountsIn(ws)).toHaveLength(rows);
    expect((await allItems(ws)).filter((i) => i.type === 'open-email')).toHaveLength(rows);
  }, 240_000);
});
