import { findAccount } from '../../../shared/app/accounts/account-changes';
import { almaDrift } from '../../../shared/app/alma/drift-report';
import { provisionAccount } from '../../../shared/app/alma/provision';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand } from '../command';
import { startProgress } from '../progress';
import { cliActor } from './options';

const push: CliCommand = {
  name: 'alma push',
  usage: `ID|EMAIL [--json]              create (or link) the account's Alma user now, or move its dates:
                                              retries a failed or unapproved provisioning`,
  check: ({ args }) => {
    if (!args[0]) throw new ValidationError('alma push: give an account id or e-mail');
  },
  async runWithContext(c) {
    const account = await findAccount(c.ctx, c.args[0]!, c.values.institution);
    const result = await provisionAccount(c.ctx, account.id, {
      actor: cliActor(),
      via: `cli:${c.now.toISOString()}`,
      approved: true,
      now: c.now,
    });
    const answer =
      result.outcome === 'failed'
        ? result.error.message
        : 'answer' in result
          ? result.answer
          : result.outcome === 'skipped'
            ? result.reason
            : result.outcome === 'off'
              ? `provisioning is off for ${account.institution}`
              : '';
    const primaryId = 'primaryId' in result ? result.primaryId : null;
    if (c.json)
      c.io.out(JSON.stringify({ accountId: account.id, outcome: result.outcome, primaryId, answer }));
    else c.io.out(`${account.id} ${result.outcome}${primaryId ? ` (Alma ${primaryId})` : ''}: ${answer}`);
    if (result.outcome === 'failed')
      throw new ValidationError(`alma push ${account.id}: ${result.error.message}`);
    if (result.outcome === 'off') return 1;
    return 0;
  },
};

const drift: CliCommand = {
  name: 'alma drift',
  usage: '[--institution X] [--json]     open accounts compared with their Alma users; sends nothing',
  async runWithContext(c) {
    const progress = startProgress(c, 'comparing with Alma', 0, { unit: 'institutions' });
    const report = await almaDrift(c.ctx, c.now, {
      ...(c.values.institution ? { institution: c.values.institution } : {}),
      onInstitution: (done, total) => progress.update(done, total),
    });
    progress.stop();
    if (c.values.institution && !report.institutions.length)
      throw new ValidationError(`alma drift: ${c.values.institution} does not provision Alma users`);
    for (const i of report.institutions) {
      const lines = [
        ...i.missing.map((l) => ({ kind: 'missing', ...l })),
        ...i.differs.map((l) => ({ kind: 'expiry-differs', ...l })),
        ...i.unknown.map((u) => ({ kind: 'unknown-in-alma', ...u })),
      ];
      for (const line of lines) {
        if (c.json) c.io.out(JSON.stringify({ institution: i.institution, ...line }));
        else if (line.kind === 'unknown-in-alma')
          c.io.out(
            `${i.institution}  unknown-in-alma  ${line.primaryId}  ${'name' in line ? line.name : ''}`,
          );
        else {
          const l = line as (typeof i.differs)[number] & { kind: string };
          c.io.out(
            `${i.institution}  ${l.kind.padEnd(15)} ${l.accountId}  ${l.primaryId}${l.kind === 'expiry-differs' ? `  registry ${l.registryExpiry ?? 'none'} / Alma ${l.almaExpiry ?? 'none'}` : ''}`,
          );
        }
      }
      if (i.failed) c.io.err(`${i.institution}: not compared: ${i.failed}`);
      if (!c.json)
        c.io.err(
          `${i.institution}: ${i.accounts} open account(s), ${i.almaUsers} Alma staff user(s), ${i.missing.length} missing, ${i.differs.length} differing, ${i.unknown.length} unknown; ${i.calls} Alma call(s)`,
        );
    }
    return report.institutions.some((i) => i.failed) ? 1 : 0;
  },
};

export const ALMA_COMMANDS: CliCommand[] = [push, drift];
