import { findAccount } from '../../../shared/app/accounts/account-writes';
import { almaDrift } from '../../../shared/app/alma/drift-report';
import { linkImportedAccounts } from '../../../shared/app/alma/import-link';
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

const link: CliCommand = {
  name: 'alma link',
  usage: `[--institution X] [--confirm] [--json]
                                              look up unlinked accounts in Alma (after an import): found,
                                              missing, different person; --confirm links the found ones
                                              (the same person: e-mail and name); Alma is never changed`,
  async runWithContext(c) {
    const progress = startProgress(c, 'looking up in Alma', 0, { unit: 'accounts' });
    const confirm = c.values.confirm === true;
    const report = await linkImportedAccounts(c.ctx, c.now, {
      confirm,
      actor: cliActor(),
      ...(c.values.institution ? { institution: c.values.institution } : {}),
      onAccount: (done, total) => progress.update(done, total),
    });
    progress.stop();
    if (c.values.institution && !report.length)
      throw new ValidationError(`alma link: ${c.values.institution} does not provision Alma users`);
    for (const i of report) {
      const linked = new Set(i.linked);
      const lines: {
        kind: string;
        accountId: string;
        primaryId: string;
        name?: string;
        differs?: string[];
      }[] = [
        ...i.found.map((v) => ({
          kind: confirm ? (linked.has(v.accountId) ? 'linked' : 'changed-meanwhile') : 'found',
          accountId: v.accountId,
          primaryId: v.primaryId,
          name: v.held.name,
        })),
        ...i.missing.map((v) => ({ kind: 'missing', accountId: v.accountId, primaryId: v.primaryId })),
        ...i.different.map((v) => ({
          kind: 'different-person',
          accountId: v.accountId,
          primaryId: v.primaryId,
          name: v.held.name,
          differs: v.why,
        })),
      ];
      for (const line of lines) {
        if (c.json) c.io.out(JSON.stringify({ institution: i.institution, ...line }));
        else
          c.io.out(
            `${i.institution}  ${line.kind.padEnd(16)} ${line.accountId}  ${line.primaryId}${line.name !== undefined ? `  ${line.name || '—'}` : ''}${line.differs ? `  (${line.differs.join(', ')} differ: for the helpdesk, not linked)` : ''}`,
          );
      }
      if (i.failed) c.io.err(`${i.institution}: not looked up to the end: ${i.failed}`);
      if (!c.json)
        c.io.err(
          `${i.institution}: ${i.found.length} found, ${i.missing.length} missing, ${i.different.length} different person; ${confirm ? `${i.linked.length} linked` : 'nothing linked (dry run; --confirm links the found ones)'}; ${i.calls} Alma call(s)`,
        );
    }
    return report.some((i) => i.failed) ? 1 : 0;
  },
};

export const ALMA_COMMANDS: CliCommand[] = [push, drift, link];
