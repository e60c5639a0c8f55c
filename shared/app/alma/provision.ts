import type { Account, AlmaCallSummary, AlmaState } from '../../domain/account';
import {
  type AlmaOutcome,
  almaLinkApprovalMessage,
  almaResultMessage,
} from '../../domain/alma/helpdesk-mails';
import {
  type AlmaEffect,
  type AlmaIntent,
  createUnderWay,
  type DatesChange,
  decideAlmaEffect,
  provisioningMode,
} from '../../domain/alma/provisioning';
import { type AlmaUser, type AlmaUserView, expiryOf } from '../../domain/alma/user-record';
import type { CalendarDate } from '../../domain/calendar';
import type { AlmaReply } from '../../domain/ports';
import { AlmaApiError, NotFoundError } from '../../errors';
import { pseudonym } from '../../logging';
import { countCaughtFailure } from '../../metrics';
import { changeAccount } from '../accounts/account-writes';
import type { AppContext } from '../context';
import { institutionOf } from '../notices/recipients';
import { almaApprovalLink } from './approval-link';
import { noteAlmaQuota, sendOnce } from './notify';

/**
 * Provisioning use cases: bring an account's Alma user in line with the account. Read the
 * account → decide (domain/alma/provisioning.ts) → call Alma → record the state and a history
 * event → tell the helpdesk. Idempotent: a create is preceded by a look-up whenever an earlier
 * attempt may have reached Alma (the account says `creating` or `failed`), and Alma itself
 * refuses a second user with the same primary id (401851, then looked up and linked); a retry
 * after a crash between Alma's answer and our record therefore links, never creates twice.
 * A user Alma already has that is not the one our own lost attempt created is never changed:
 * the account waits (`awaiting-link`) and the helpdesk is shown that user and decides.
 */
export interface AlmaSyncOptions {
  /** Who asked: `decision-link` (the approver), `cli:<user>`, the manager's address, `scheduler`. */
  actor: string;
  /** From where: the approval link's id, the mail's Message-ID or reference, `cli:<time>`. */
  via: string;
  /** The helpdesk approved the creation (approval page, `alma push`); `auto` institutions need none. */
  approved?: boolean;
  /** The helpdesk confirmed linking the existing Alma user it was shown (approval page); no mode implies it. */
  linkApproved?: boolean;
  /**
   * An approval click: a create another click has under way (recorded `creating` moments ago) is
   * left to it (`overtaken`), not looked up and linked as if that attempt had died.
   */
  approvalClick?: boolean;
  /** Mail the helpdesk what happened (created, linked, failed, missing); default true. */
  notify?: boolean;
  now?: Date;
}

export type AlmaSyncResult =
  | { outcome: 'off'; account: Account }
  | { outcome: 'skipped'; account: Account; reason: string }
  | {
      outcome: 'awaiting-approval';
      account: Account;
      primaryId: string;
      user: AlmaUser;
      profiles: string[];
    }
  | {
      outcome: 'created' | 'linked' | 'updated' | 'in-sync' | 'missing';
      account: Account;
      primaryId: string;
      /** What Alma answered, one line. */
      answer: string;
      calls: string[];
      dates?: { from: CalendarDate | null; to: CalendarDate | null };
    }
  | {
      /** Alma already has a user that is not ours: nothing was changed, the helpdesk decides. */
      outcome: 'awaiting-link';
      account: Account;
      primaryId: string;
      held: AlmaUserView;
      dates: DatesChange;
      changed: boolean;
      emailDiffers: boolean;
      approvalUrl: string;
      answer: string;
      calls: string[];
    }
  | { outcome: 'failed'; account: Account; primaryId: string; error: AlmaApiError; calls: string[] }
  /**
   * Another attempt took this step first (a second click on the approval link while the first
   * creates): nothing was sent, recorded or mailed by this one; `account` is as that attempt left it.
   */
  | { outcome: 'overtaken'; account: Account; primaryId: string };

/** Creates (or links) the account's Alma user; on a linked account, moves its dates. */
export function provisionAccount(
  ctx: AppContext,
  accountId: string,
  options: AlmaSyncOptions,
): Promise<AlmaSyncResult> {
  return syncAlma(ctx, accountId, 'provision', options);
}

/** After a renewal, a review "renew" or a closure: GET the user, change its dates, PUT it back; never creates. */
export function syncAlmaExpiry(
  ctx: AppContext,
  accountId: string,
  options: AlmaSyncOptions,
): Promise<AlmaSyncResult> {
  return syncAlma(ctx, accountId, 'update-expiry', options);
}

/**
 * Writes the account's Alma state with one history event (read-modify-write on the version).
 * `from`: a conditional write — only while the account's Alma step is still the one this attempt
 * decided on; otherwise nothing is written and the account is returned as another attempt left it.
 */
async function record(
  ctx: AppContext,
  accountId: string,
  change: (current: Account) => AlmaState,
  options: AlmaSyncOptions,
  reason: string,
  summary: AlmaCallSummary,
  now: Date,
  from?: Account,
): Promise<{ account: Account; written: boolean }> {
  let written = false;
  const account = await changeAccount(
    ctx,
    accountId,
    (current) => {
      written = !from || sameAlmaStep(current, from);
      return written ? { ...current, alma: change(current) } : undefined;
    },
    'alma-sync',
    { actor: options.actor, reason, reference: options.via, alma: summary },
    now,
  );
  return { account, written };
}

/** The account's Alma step has not moved since `decided` was read (same state, still unlinked). */
function sameAlmaStep(current: Account, decided: Account): boolean {
  return (
    (current.alma?.state ?? null) === (decided.alma?.state ?? null) &&
    (current.alma?.linkedAt ?? null) === (decided.alma?.linkedAt ?? null)
  );
}

async function syncAlma(
  ctx: AppContext,
  accountId: string,
  intent: AlmaIntent,
  options: AlmaSyncOptions,
): Promise<AlmaSyncResult> {
  const now = options.now ?? new Date();
  const account = await ctx.accounts.get(accountId);
  if (!account) throw new NotFoundError(`no account ${accountId}`);
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  if (options.approvalClick && createUnderWay(account, now))
    return { outcome: 'overtaken', account, primaryId: account.alma?.primaryId ?? '' };
  const approved = options.approved === true || provisioningMode(institution) === 'auto';
  const linkApproved = options.linkApproved === true;
  const preview = decideAlmaEffect({ account, institution, intent, approved, linkApproved });
  if (preview.kind === 'none')
    return preview.reason === 'provisioning-off'
      ? { outcome: 'off', account }
      : { outcome: 'skipped', account, reason: preview.reason };
  const code = account.institution;
  const primaryId = preview.primaryId;

  if (preview.kind === 'create' && preview.awaitsApproval) {
    const waiting =
      account.alma?.state === 'awaiting-approval'
        ? account
        : await record(
            ctx,
            accountId,
            (current) => ({
              primaryId,
              state: 'awaiting-approval',
              linkedAt: null,
              lastSyncAt: current.alma?.lastSyncAt ?? null,
              lastAnswer: current.alma?.lastAnswer ?? null,
              expiryDate: null,
            }),
            options,
            'Alma: the user waits for the helpdesk’s approval',
            { calls: [], outcome: 'awaiting-approval', answer: 'not sent yet' },
            now,
          ).then((r) => r.account);
    return {
      outcome: 'awaiting-approval',
      account: waiting,
      primaryId,
      user: preview.user,
      profiles: preview.profiles,
    };
  }

  if (preview.kind === 'cancel') {
    // Closing while the helpdesk had still to decide: its link now says so, nothing is created.
    const { account: cancelled, written } = await record(
      ctx,
      accountId,
      (current) => ({
        primaryId,
        state: 'cancelled',
        linkedAt: null,
        lastSyncAt: current.alma?.lastSyncAt ?? null,
        lastAnswer: 'cancelled: the account is closing, nothing was created',
        expiryDate: null,
      }),
      options,
      'Alma: the pending approval is cancelled, the account is closing; nothing was sent to Alma',
      { calls: [], outcome: 'cancelled', answer: 'not sent' },
      now,
      account,
    );
    if (!written) return { outcome: 'overtaken', account: cancelled, primaryId };
    return { outcome: 'skipped', account: cancelled, reason: 'cancelled' };
  }

  // Still waiting for the helpdesk to link the user it was shown: nothing to send, nothing to say again.
  if (preview.kind === 'await-link') return waitForLink(ctx, account, preview, [], options, now, false);

  const calls: string[] = [];
  let remaining: number | null = null;
  const noteRemaining = (value: number | null) => {
    if (value !== null) remaining = remaining === null ? value : Math.min(remaining, value);
  };
  const almaCall = async <T>(
    label: string,
    run: () => Promise<AlmaReply<T>>,
    answered: (value: T) => string = () => 'OK',
  ): Promise<T> => {
    try {
      const reply = await run();
      noteRemaining(reply.remaining);
      calls.push(`${label} ${answered(reply.value)}`);
      return reply.value;
    } catch (error) {
      if (error instanceof AlmaApiError) {
        noteRemaining(error.failure.remaining);
        calls.push(`${label} ${error.status ?? 'no answer'} ${error.code}`);
      }
      throw error;
    }
  };
  /** What the last look-up found: a link needing no date change records Alma's user as it is. */
  let found: AlmaUser | null = null;
  const lookUp = async () => {
    found = await almaCall(
      'GET',
      () => ctx.alma.get(code, primaryId),
      (user) => (user ? 'found' : 'no such user'),
    );
    return found;
  };

  try {
    let effect: AlmaEffect = preview;
    // Nothing was ever sent for a fresh or approved-but-unsent create: POST at once (1 call).
    const unsent = !account.alma || account.alma.state === 'awaiting-approval';
    if (!(preview.kind === 'create' && unsent)) {
      effect = decideAlmaEffect({
        account,
        institution,
        intent,
        approved,
        linkApproved,
        existing: await lookUp(),
      });
    }
    let outcome: Exclude<AlmaOutcome, 'failed'> | 'in-sync';
    let held: AlmaUser | undefined;
    let dates: { from: CalendarDate | null; to: CalendarDate | null } | undefined;
    let working = account;

    if (effect.kind === 'create') {
      const user = effect.user;
      // Recorded before the POST, so a retry after a crash looks before it creates again; and
      // only if no other attempt (a second click) took this step since the account was read.
      const claimed = await record(
        ctx,
        accountId,
        (current) => ({
          primaryId,
          state: 'creating',
          linkedAt: null,
          lastSyncAt: current.alma?.lastSyncAt ?? null,
          lastAnswer: current.alma?.lastAnswer ?? null,
          expiryDate: null,
        }),
        options,
        `Alma: creating the user (profiles ${effect.profiles.join(', ')})`,
        { calls: [], outcome: 'creating', answer: 'sending' },
        now,
        account,
      );
      if (!claimed.written) return { outcome: 'overtaken', account: claimed.account, primaryId };
      working = claimed.account;
      try {
        held = await almaCall('POST', () => ctx.alma.create(code, user));
        outcome = 'created';
      } catch (error) {
        if (!(error instanceof AlmaApiError && error.code === '401851')) throw error;
        // Alma has the primary id already: decided on the account as it stood before this
        // attempt, so only a user an earlier attempt of ours created is linked without asking.
        const existing = await lookUp();
        if (!existing) throw error;
        effect = decideAlmaEffect({ account, institution, intent, approved, linkApproved, existing });
        outcome = 'linked';
      }
    } else outcome = 'in-sync';

    if (effect.kind === 'await-link')
      return await waitForLink(ctx, working, effect, calls, options, now, true);

    if (effect.kind === 'link' || effect.kind === 'update-expiry') {
      const change = effect.user;
      let gone = false;
      if (change && effect.dates) {
        const replaced = await almaCall(
          'PUT',
          () => ctx.alma.replace(code, primaryId, change),
          (user) => (user ? 'OK' : 'no such user'),
        );
        if (replaced) {
          held = replaced;
          dates = { from: effect.dates.from, to: effect.dates.to };
        } else gone = true;
      }
      // Alma answered "not found" to the PUT: the user went since the GET; nothing was written.
      outcome = gone ? 'missing' : effect.kind === 'link' ? 'linked' : 'updated';
      if (gone) found = null;
    } else if (effect.kind === 'missing') outcome = 'missing';
    else if (effect.kind === 'none' && effect.reason !== 'in-sync')
      return { outcome: 'skipped', account: working, reason: effect.reason };
    // In sync, or a link without a date change: Alma's user as the look-up gave it.
    held ??= found ?? undefined;

    const answer = answerOf(outcome, held, dates);
    const { account: next } = await record(
      ctx,
      accountId,
      (current) => ({
        primaryId: held?.primary_id ?? primaryId,
        state: outcome === 'missing' ? 'missing' : 'synced',
        linkedAt: current.alma?.linkedAt ?? (outcome === 'missing' ? null : now.toISOString()),
        lastSyncAt: now.toISOString(),
        lastAnswer: answer,
        expiryDate: held ? expiryOf(held) : null,
        ...originOf(current, outcome),
      }),
      options,
      `Alma: ${answer}`,
      { calls, outcome, answer },
      now,
    );
    ctx.logger.info('alma sync', { account: pseudonym(accountId), intent, outcome, calls });
    if (outcome !== 'in-sync' && outcome !== 'updated')
      await notify(ctx, next, outcome, primaryId, answer, options, now, dates);
    return { outcome, account: next, primaryId, answer, calls, ...(dates ? { dates } : {}) };
  } catch (error) {
    if (!(error instanceof AlmaApiError)) throw error;
    const answer = error.message;
    const { account: next } = await record(
      ctx,
      accountId,
      (current) => ({
        primaryId,
        state: 'failed',
        linkedAt: current.alma?.linkedAt ?? null,
        lastSyncAt: now.toISOString(),
        lastAnswer: answer,
        expiryDate: current.alma?.expiryDate ?? null,
      }),
      options,
      `Alma: failed – ${error.code}`,
      { calls, outcome: 'failed', answer, trackingId: error.trackingId ?? undefined },
      now,
    );
    countCaughtFailure('AlmaCallFailed');
    ctx.logger.warn('alma sync failed', {
      account: pseudonym(accountId),
      intent,
      code: error.code,
      status: error.status,
      trackingId: error.trackingId,
      calls,
    });
    await notify(ctx, next, 'failed', primaryId, answer, options, now);
    return { outcome: 'failed', account: next, primaryId, error, calls };
  } finally {
    await noteAlmaQuota(ctx, code, remaining, now);
  }
}

/**
 * The account waits for the helpdesk to link the user Alma already has: recorded with that user
 * as Alma holds it (what the approval page shows), and the helpdesk mailed the approval link
 * (the inbound flow, `notify: false`, puts it in the helpdesk copy instead).
 */
async function waitForLink(
  ctx: AppContext,
  account: Account,
  effect: Extract<AlmaEffect, { kind: 'await-link' }>,
  calls: string[],
  options: AlmaSyncOptions,
  now: Date,
  fresh: boolean,
): Promise<AlmaSyncResult> {
  const answer = fresh
    ? // No primary id here: the answer goes into the history, which outlives the account's personal data.
      'the user exists in Alma, not created by this service: nothing changed, waits for the helpdesk to link it'
    : (account.alma?.lastAnswer ?? 'waits for the helpdesk to link the user Alma has');
  const waiting = fresh
    ? (
        await record(
          ctx,
          account.id,
          (current) => ({
            primaryId: effect.primaryId,
            state: 'awaiting-link',
            linkedAt: null,
            lastSyncAt: now.toISOString(),
            lastAnswer: answer,
            expiryDate: current.alma?.expiryDate ?? null,
            held: effect.held,
          }),
          options,
          `Alma: ${answer}`,
          { calls, outcome: 'awaiting-link', answer },
          now,
        )
      ).account
    : account;
  const approvalUrl = await almaApprovalLink(ctx, account.id, now);
  if (fresh) {
    ctx.logger.info('alma sync', { account: pseudonym(account.id), outcome: 'awaiting-link', calls });
    if (options.notify !== false) {
      const message = almaLinkApprovalMessage(ctx.config.alerts.language, {
        primaryId: effect.primaryId,
        held: effect.held,
        dates: effect.dates,
        accountEmail: waiting.email,
        approvalUrl,
        changed: effect.changed,
        emailDiffers: effect.emailDiffers,
        account: {
          accountId: waiting.id,
          fullName: waiting.fullName,
          email: waiting.email,
          institutionName: institutionOf(ctx.config, waiting.institution).name,
        },
        actor: options.actor,
        answer,
      });
      await sendOnce(
        ctx,
        `alma#${waiting.id}#awaiting-link#${options.via}`,
        [ctx.config.helpdesk],
        message,
        now,
      );
    }
  }
  return {
    outcome: 'awaiting-link',
    account: waiting,
    primaryId: effect.primaryId,
    held: effect.held,
    dates: effect.dates,
    changed: effect.changed,
    emailDiffers: effect.emailDiffers,
    approvalUrl,
    answer,
    calls,
  };
}

function answerOf(
  outcome: string,
  held: AlmaUser | undefined,
  dates?: { from: CalendarDate | null; to: CalendarDate | null },
): string {
  const expiry = held?.expiry_date ?? 'none';
  if (outcome === 'missing') return 'no such user';
  const moved = dates ? `, expiry ${dates.from ?? 'none'} → ${dates.to ?? 'none'}` : `, expiry ${expiry}`;
  return `${outcome}${moved}`;
}

async function notify(
  ctx: AppContext,
  account: Account,
  outcome: AlmaOutcome,
  primaryId: string,
  answer: string,
  options: AlmaSyncOptions,
  now: Date,
  dates?: { from: CalendarDate | null; to: CalendarDate | null },
): Promise<void> {
  if (options.notify === false) return;
  const message = almaResultMessage(ctx.config.alerts.language, {
    outcome,
    account: {
      accountId: account.id,
      fullName: account.fullName,
      email: account.email,
      institutionName: institutionOf(ctx.config, account.institution).name,
    },
    primaryId,
    actor: options.actor,
    answer,
    ...(dates ? { dates } : {}),
  });
  await sendOnce(ctx, `alma#${account.id}#${outcome}#${options.via}`, [ctx.config.helpdesk], message, now);
}

/** Whether the user is one this service created (its names follow the account) or one it linked. */
function originOf(current: Account, outcome: string): Pick<AlmaState, 'origin'> {
  const origin =
    current.alma?.origin ?? (outcome === 'created' ? 'created' : outcome === 'linked' ? 'linked' : undefined);
  return origin ? { origin } : {};
}

/**
 * After a decision that moved the account's end (a review renewal, a bounce closure): the Alma
 * user's expiry follows where the institution provisions. Alma's failure is recorded on the account
 * and told by the sync; here it is counted and logged, and the decision stands (undefined).
 */
export async function moveAlmaExpiryAfter(
  ctx: AppContext,
  account: Account,
  decision: string,
  options: AlmaSyncOptions,
): Promise<Account | undefined> {
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  if (provisioningMode(institution) === 'off') return undefined;
  try {
    return (await syncAlmaExpiry(ctx, account.id, options)).account;
  } catch (error) {
    countCaughtFailure('AlmaCallFailed');
    ctx.logger.error(`alma expiry not moved after ${decision}`, { error: (error as Error).message });
    return undefined;
  }
}
