import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../../local/cli/main';
import { writeRuntimeInfo } from '../../../local/runtime-context';
import { runPasswordRotations } from '../../../shared/app/alma/password-rotation';
import { provisionAccount } from '../../../shared/app/alma/provision';
import type { Account } from '../../../shared/domain/account';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { handleDecisionRequest } from '../../../shared/web/web-app';
import { portalSession } from '../../support/portal-session';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld } from './world';

/**
 * `alma-accounts passwords status|preview|approve` and `reindex` (issue 30), the real CLI
 * in-process on the world's table and data dir (its secrets.json: the same sealing key).
 */
const DOMAIN = 'alma-passwords-cli.example';
const ROTATION = '2027-09-01' as CalendarDate;
let world: AlmaWorld;
let configPath: string;
const printed: string[] = [];

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data-dir', world.ctx.dataDir, '--config', configPath, ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  printed.push(...out, ...err);
  return { code, out, err };
}

async function sharedLinked(institution: 'LIB-A' | 'LIB-B', name: string): Promise<Account> {
  const account = await world.account({ institution, accountType: 'shared', endDate: null, fullName: name });
  const result = await provisionAccount(world.ctx, account.id, {
    actor: 'test',
    via: `T-${account.id}`,
    approved: true,
    notify: false,
  });
  return result.account;
}

beforeAll(async () => {
  world = await almaWorld({
    domain: DOMAIN,
    config: { notices: { passwordRotation: { date: '09-01', revealDays: 14 } } },
  });
  configPath = join(world.ctx.dataDir, 'config.json');
  writeFileSync(configPath, JSON.stringify(world.ctx.config));
  writeRuntimeInfo(world.ctx.dataDir, {
    pid: process.pid,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: world.ctx.tableName,
  });
});
afterAll(() => world.stop());

describe('alma-accounts passwords', () => {
  let auto: Account;
  let approve: Account;

  it('preview lists the rotations to come, the approve institution marked; reindex completes the index', async () => {
    auto = await sharedLinked('LIB-B', 'Balie Campus');
    approve = await sharedLinked('LIB-A', 'Guichet Campus');
    const preview = await cli('passwords', 'preview', '--now', '2027-08-15T10:00:00+02:00');
    expect(preview.code).toBe(0);
    expect(preview.out).toHaveLength(2);
    expect(preview.out.join('\n')).toMatch(
      /2027-09-01 {2}LIB-A {2}Guichet Campus .*the helpdesk confirms first/,
    );
    expect(preview.out.join('\n')).toMatch(/2027-09-01 {2}LIB-B {2}Balie Campus .*automatic/);
    const only = await cli(
      'passwords',
      'preview',
      '--institution',
      'LIB-B',
      '--json',
      '--now',
      '2027-08-15T10:00:00+02:00',
    );
    expect(only.out.map((l) => JSON.parse(l).accountId)).toEqual([auto.id]);
    const reindex = await cli('reindex', '--json');
    expect(JSON.parse(reindex.out[0]!)).toMatchObject({ complete: true });
  });

  it('status: pending with its link’s last day, waiting for the helpdesk; approve sets and tells; revealed by whom', async () => {
    await runPasswordRotations(world.ctx, new Date('2027-09-01T05:30:00Z'));
    const before = await cli('passwords', 'status', '--now', '2027-09-01T12:00:00+02:00');
    expect(before.out.join('\n')).toContain('LIB-A  Guichet Campus');
    expect(before.out.find((l) => l.includes('Guichet'))).toContain('waiting for the helpdesk');
    expect(before.out.find((l) => l.includes('Balie'))).toMatch(
      /set in Alma 01\/09\/2027 07:30; pending: not revealed, link valid until 15\/09\/2027/,
    );

    const approved = await cli(
      'passwords',
      'approve',
      '--institution',
      'LIB-A',
      '--now',
      '2027-09-01T14:00:00+02:00',
    );
    expect(approved.code).toBe(0);
    expect(approved.out).toEqual([expect.stringContaining('set in Alma, managers mailed')]);
    expect(await world.ctx.rotations.get(ROTATION, approve.id)).toMatchObject({
      state: 'told',
      approvedBy: expect.stringMatching(/^cli:/),
    });

    const [mail] = (await sesStore()).filter((m) => m.destination.to.includes(`manager@lib-b.${DOMAIN}`));
    const token = new URL(/https?:\/\/\S+\/reveal\?t=\S+/.exec(mail!.body.text ?? '')![0]).searchParams.get(
      't',
    )!;
    const revealAt = new Date('2027-09-02T07:15:00Z');
    const page = await handleDecisionRequest(world.ctx, {
      method: 'POST',
      path: '/reveal',
      query: {},
      body: new URLSearchParams({ t: token }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // Only the link's manager, signed in to the portal, sees it.
        cookie: await portalSession(world.ctx, `manager@lib-b.${DOMAIN}`, revealAt),
      },
      now: revealAt,
    });
    const password = /<code id="password"[^>]*>([^<]+)<\/code>/.exec(page.body)![1]!;

    const after = await cli(
      'passwords',
      'status',
      '--institution',
      'LIB-B',
      '--now',
      '2027-09-03T12:00:00+02:00',
    );
    expect(after.out).toEqual([
      expect.stringMatching(
        /LIB-B {2}Balie Campus .*revealed by manager@lib-b\.alma-passwords-cli\.example 02\/09\/2027 09:15$/,
      ),
    ]);
    const json = await cli('passwords', 'status', '--json', '--now', '2027-09-03T12:00:00+02:00');
    expect(json.out.map((l) => JSON.parse(l).state).sort()).toEqual(['revealed', 'told']);
    // Nothing the CLI printed holds a password (nor the sealed one).
    expect(printed.join('\n')).not.toContain(password.replace(/&amp;/g, '&'));
    expect(printed.join('\n')).not.toMatch(/"sealed"|l1\./);
  });

  it('approve needs --institution and refuses an unknown one', async () => {
    expect((await cli('passwords', 'approve')).code).not.toBe(0);
    const unknown = await cli('passwords', 'approve', '--institution', 'LIB-X');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err.join('\n')).toContain('unknown institution LIB-X');
  });
});
