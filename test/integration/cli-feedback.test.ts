import { beforeAll, describe, expect, it } from 'vitest';
import { outboxFile } from '../../local/runtime-context';
import { readOutbox } from '../../shared/adapters/ses/outbox';
import { tableContext } from '../../shared/app/context';
import type { CalendarDate } from '../../shared/domain/calendar';
import { anAccount, createdEvent } from '../support/accounts';
import { type CliRun, cliWorkspace } from '../support/cli';

/**
 * Bounces in CLI runs (issue 31): `run expiry-notices` sends through the local outbox, which
 * plays AWS's mailbox simulator, so a notice to bounce@simulator.amazonses.com comes back as the
 * bounce SES would publish, handled in the same process; `accounts list --undeliverable` and
 * `accounts show` then say so.
 */
let ws: Awaited<ReturnType<typeof cliWorkspace>>;
const BOUNCING = 'bounce@simulator.amazonses.com';

beforeAll(async () => {
  ws = await cliWorkspace();
  const { accounts } = tableContext(ws.db, ws.tableName);
  for (const email of [BOUNCING, 'stays@lib-a.example']) {
    const a = anAccount({ institution: 'LIB-A', email, endDate: '2031-03-31' as CalendarDate });
    await accounts.create(a, createdEvent(a));
  }
});

const ok = (run: CliRun) => {
  expect(
    run.err.filter((l) => /error|failed/i.test(l)),
    run.err.join('\n'),
  ).toEqual([]);
  expect(run.code, `${run.out.join('\n')}\n${run.err.join('\n')}`).toBe(0);
  return run;
};

describe('bounces in CLI runs', () => {
  it('a notice to the simulator bounces, the managers are asked, and the CLI shows it', async () => {
    ok(await ws.cli('run', 'expiry-notices', '--now', '2031-03-01T07:00:00+01:00', '--force'));
    const outbox = readOutbox(outboxFile(ws.dataDir));
    expect(outbox.filter((m) => m.subject.startsWith(`Le courrier vers ${BOUNCING} revient`))).toHaveLength(
      1,
    );

    const listed = ok(await ws.cli('accounts', 'list', '--undeliverable'));
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).toContain(BOUNCING);
    expect(listed.out[0]).toContain('(undeliverable: Permanent/General)');
    const json = ok(await ws.cli('accounts', 'list', '--undeliverable', '--json'));
    expect(JSON.parse(json.out[0]!)).toMatchObject({ email: BOUNCING, mail: { state: 'undeliverable' } });

    const shown = ok(await ws.cli('accounts', 'show', BOUNCING));
    expect(shown.out.find((l) => l.startsWith('mail '))).toMatch(/^mail\s+undeliverable since /);
    expect(shown.out.find((l) => l.startsWith('mail.bounce'))).toContain('Permanent/General');
    const other = ok(await ws.cli('accounts', 'show', 'stays@lib-a.example'));
    expect(other.out.find((l) => l.startsWith('mail '))).toMatch(/no bounce known/);
  });
});
