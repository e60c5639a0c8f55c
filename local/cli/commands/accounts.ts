import { changeAccount, findAccount } from '../../../shared/app/accounts/account-writes';
import { syncAlmaExpiry } from '../../../shared/app/alma/provision';
import type { AppContext } from '../../../shared/app/context';
import type { Account } from '../../../shared/domain/account';
import { closed, renewed } from '../../../shared/domain/account-changes';
import { addDays, brusselsDate, type CalendarDate } from '../../../shared/domain/calendar';
import { type AddressStanding, receivesNotices } from '../../../shared/domain/mail-feedback';
import { accountStatusOn } from '../../../shared/domain/rules';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand, CommandContext } from '../command';
import { cliActor, dateOption } from './options';
import { listInstitutions } from './transfer';

function accountLine(account: Account, today: CalendarDate, windowDays: number) {
  return { ...account, status: accountStatusOn(account, today, windowDays) };
}

/** What SES told of an account's address, as the listing and `show --json` give it. */
function mailOf(standing: AddressStanding) {
  return {
    state: standing.state,
    since: standing.since,
    detail: standing.detail,
    transientBounces: standing.transientBounces,
  };
}

function target(c: CommandContext, sub: string): string {
  const id = c.args[0];
  if (!id) throw new ValidationError(`accounts ${sub}: give an account id or e-mail`);
  return id;
}

function lineOf(c: CommandContext, account: Account) {
  return accountLine(account, brusselsDate(c.now), c.ctx.config.notices.expiringWindowDays);
}

const list: CliCommand = {
  name: 'accounts list',
  usage: `[--institution X] [--ending-before DATE] [--undeliverable] [--json]
                                              --undeliverable: only accounts whose address bounces or complained`,
  check: ({ values }) => void dateOption(values['ending-before'], 'ending-before'),
  async runWithContext(c) {
    const { ctx, values, io } = c;
    const endingBefore = dateOption(values['ending-before'], 'ending-before');
    let accounts: Account[];
    if (endingBefore) {
      // "ending before DATE": end date strictly earlier than DATE.
      const page = await ctx.accounts.listEndingBetween(null, addDays(endingBefore, -1));
      accounts = page.items.filter((a) => !values.institution || a.institution === values.institution);
    } else {
      const institutions = values.institution
        ? [values.institution]
        : ctx.config.institutions.map((i) => i.code);
      accounts = await listInstitutions(c, institutions);
    }
    // What SES told of the addresses (batched reads), for --undeliverable and the listing's column.
    const standings = await ctx.feedback.getMany(accounts.map((a) => a.email));
    if (values.undeliverable) accounts = accounts.filter((a) => !receivesNotices(standings.get(a.email)));
    for (const account of accounts) {
      const standing = standings.get(account.email);
      const line = { ...lineOf(c, account), ...(standing ? { mail: mailOf(standing) } : {}) };
      io.out(
        c.json
          ? JSON.stringify(line)
          : [
              line.id,
              line.institution,
              line.status.padEnd(8),
              line.endDate ?? '—'.padEnd(10),
              line.accountType,
              line.employeeType,
              line.email,
              ...(standing && !receivesNotices(standing) ? [`(${standing.state}: ${standing.detail})`] : []),
            ].join('  '),
      );
    }
    if (!c.json) io.err(`${accounts.length} account(s)`);
    return 0;
  },
};

const show: CliCommand = {
  name: 'accounts show',
  usage: 'ID|EMAIL [--json]            the account and its history',
  async runWithContext(c) {
    const account = await findAccount(c.ctx, target(c, 'show'), c.values.institution);
    const [history, standing] = await Promise.all([
      c.ctx.accounts.history(account.id),
      c.ctx.feedback.get(account.email),
    ]);
    const line = lineOf(c, account);
    const bounces = history.filter((e) => e.action === 'mail-bounced' || e.action === 'mail-complaint');
    if (c.json)
      c.io.out(JSON.stringify({ ...line, ...(standing ? { mail: mailOf(standing) } : {}), history }));
    else {
      const { alma, ...fields } = line;
      for (const [key, value] of Object.entries(fields)) c.io.out(`${key.padEnd(20)} ${value ?? '—'}`);
      // What SES told of the address: its standing, then each bounce or complaint.
      c.io.out(
        `${'mail'.padEnd(20)} ${standing ? `${standing.state}${standing.since ? ` since ${standing.since}` : ''}` : 'no bounce known'}`,
      );
      if (standing?.transientBounces) c.io.out(`${'mail.transient'.padEnd(20)} ${standing.transientBounces}`);
      for (const e of bounces) c.io.out(`${'mail.bounce'.padEnd(20)} ${e.at}  ${e.reason}`);
      c.io.out(`${'alma.primaryId'.padEnd(20)} ${alma?.primaryId ?? '—'}`);
      c.io.out(`${'alma.state'.padEnd(20)} ${alma?.state ?? '—'}`);
      c.io.out(`${'alma.lastSyncAt'.padEnd(20)} ${alma?.lastSyncAt ?? '—'}`);
      c.io.out(`${'alma.lastAnswer'.padEnd(20)} ${alma?.lastAnswer ?? '—'}`);
      c.io.out('history:');
      for (const e of history)
        c.io.out(
          `  ${e.at}  ${e.action.padEnd(18)} ${e.actor}  ${e.reason}${e.reference ? ` (${e.reference})` : ''}${e.alma?.calls.length ? ` [${e.alma.calls.join(', ')}]` : ''}`,
        );
    }
    return 0;
  },
};

const renew: CliCommand = {
  name: 'accounts renew',
  usage: `ID|EMAIL (--end DATE | --year-end) [--reason TEXT]
                                              --end: new end of employment (account ends 1 month later)`,
  check: ({ values }) => void dateOption(values.end, 'end'),
  async runWithContext(c) {
    const { ctx, values, now } = c;
    const id = target(c, 'renew');
    const end = dateOption(values.end, 'end');
    if (!end && !values['year-end'])
      throw new ValidationError('accounts renew: give --end DATE or --year-end');
    const account = await findAccount(ctx, id, values.institution);
    let problem: string | undefined;
    const next = await changeAccount(
      ctx,
      account.id,
      (current) => {
        const result = renewed(current, end ? { newEmploymentEnd: end } : { yearEnd: true }, now);
        if (!result.ok) {
          problem = result.problem;
          return undefined;
        }
        return result.account;
      },
      'renewed',
      { actor: cliActor(), reason: values.reason ?? 'alma-accounts accounts renew' },
      now,
    );
    if (problem)
      throw new ValidationError(
        `cannot renew ${account.id}: ${problem === 'closed' ? 'the account is closed' : 'the new end date is already past'}`,
      );
    const synced = await almaAfterChange(c.ctx, next.id, c.now);
    c.io.out(
      c.json
        ? JSON.stringify(lineOf(c, synced))
        : `${next.id} renewed: ends ${next.endDate}${almaNote(synced)}`,
    );
    return 0;
  },
};

const close: CliCommand = {
  name: 'accounts close',
  usage: `ID|EMAIL [--from DATE] [--reason TEXT]
                                              closes now, or from a future date`,
  check: ({ values }) => void dateOption(values.from, 'from'),
  async runWithContext(c) {
    const { ctx, values, now } = c;
    const id = target(c, 'close');
    const from = dateOption(values.from, 'from') ?? null;
    const account = await findAccount(ctx, id, values.institution);
    const next = await changeAccount(
      ctx,
      account.id,
      (current) => (current.status === 'closed' ? undefined : closed(current, from, now)),
      from && from > brusselsDate(now) ? 'closure-requested' : 'closed',
      { actor: cliActor(), reason: values.reason ?? 'alma-accounts accounts close' },
      now,
    );
    const synced = await almaAfterChange(c.ctx, next.id, c.now);
    c.io.out(
      c.json
        ? JSON.stringify(lineOf(c, synced))
        : `${next.status === 'closed' ? `${next.id} closed` : `${next.id} will be deactivated from ${next.deactivationDate}`}${almaNote(synced)}`,
    );
    return 0;
  },
};

/** A renewal or closure moves the Alma user's expiry too (when the institution provisions). */
async function almaAfterChange(ctx: AppContext, accountId: string, now: Date): Promise<Account> {
  const result = await syncAlmaExpiry(ctx, accountId, {
    actor: cliActor(),
    via: `cli:${now.toISOString()}`,
    now,
  });
  return result.account;
}

function almaNote(account: Account): string {
  return account.alma?.lastAnswer ? `; Alma: ${account.alma.lastAnswer}` : '';
}

export const ACCOUNT_COMMANDS: CliCommand[] = [list, show, renew, close];
