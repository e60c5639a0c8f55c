import type { Account } from '../../domain/account';
import { closed } from '../../domain/account-changes';
import { brusselsDate } from '../../domain/calendar';
import type { Language } from '../../domain/language';
import { type BounceQuestionState, bounceQuestionState } from '../../domain/mail-feedback';
import type { BounceChoice } from '../../domain/notices/token';
import { DECISION_PAGE_TEXTS } from '../../domain/texts/decision-page-texts';
import { FEEDBACK_TEXTS } from '../../domain/texts/feedback-texts';
import { escapeHtml } from '../../domain/texts/html';
import { ConcurrentUpdateError } from '../../errors';
import { moveAlmaExpiryAfter } from '../alma/provision';
import type { AppContext } from '../context';
import { accountDetails, confirmForm, type DecisionResponse, page } from '../review/decision-page-html';

export type BounceChoiceResult =
  | { outcome: 'closed' | 'kept'; account: Account }
  | { outcome: 'already-closed' | 'kept-already' | 'changed' | 'conflict'; account: Account | undefined };

/** Where the question stands for an account (the one rule of the links and the portal). */
export async function bounceStateOf(
  ctx: Pick<AppContext, 'feedback' | 'accounts'>,
  account: Account | undefined,
): Promise<BounceQuestionState> {
  if (!account || account.status === 'closed') return bounceQuestionState(account, undefined, []);
  const [standing, history] = await Promise.all([
    ctx.feedback.get(account.email),
    ctx.accounts.history(account.id),
  ]);
  return bounceQuestionState(account, standing, history);
}

/** Who answered, and where: a bounce link (`decision-link`, the link's id) or the portal (the manager, `portal`). */
export interface BounceAnswerer {
  actor: string;
  via: string;
  where: 'bounce link' | 'portal';
}

/**
 * A manager's answer to "has X left?": close from today (the Alma expiry follows where the
 * institution provisions), or keep (recorded, never asked again for that bounce). Nothing is
 * closed without this answer; once answered, either way, the other answer is "already decided".
 */
export async function applyBounceChoice(
  ctx: AppContext,
  input: { accountId: string; decision: BounceChoice; now: Date } & BounceAnswerer,
): Promise<BounceChoiceResult> {
  const account = await ctx.accounts.get(input.accountId);
  const state = await bounceStateOf(ctx, account);
  if (state === 'changed') return { outcome: 'changed', account };
  if (state === 'closed') return { outcome: 'already-closed', account };
  if (state === 'kept') return { outcome: 'kept-already', account };
  const current = account!;
  const at = input.now.toISOString();
  if (input.decision === 'keep') {
    await ctx.accounts.appendHistory(
      {
        accountId: current.id,
        at,
        actor: input.actor,
        action: 'bounce-kept',
        reason: `mail to the account's address bounces; a manager answered "keep" (${input.where}): the account stays open`,
        reference: input.via,
      },
      `bounce-kept-${input.via}`,
    );
    return { outcome: 'kept', account: current };
  }
  const changed = closed(current, brusselsDate(input.now), input.now);
  const next: Account = { ...changed, updatedAt: at, version: current.version + 1 };
  try {
    await ctx.accounts.update(next, {
      accountId: current.id,
      at,
      actor: input.actor,
      action: 'closed',
      reason: `mail to the account's address bounces; a manager answered "the person left: close from today" (${input.where})`,
      reference: input.via,
      changes: {
        status: { from: current.status, to: next.status },
        ...(current.deactivationDate !== next.deactivationDate
          ? { deactivationDate: { from: current.deactivationDate, to: next.deactivationDate } }
          : {}),
      },
    });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return { outcome: 'conflict', account: current };
    throw error;
  }
  const moved = await moveAlmaExpiryAfter(ctx, next, 'a bounce closure', {
    actor: input.actor,
    via: input.via,
    now: input.now,
  });
  return { outcome: 'closed', account: moved ?? next };
}

/** What a page says of an answer's outcome (the link's page and the portal's): status, text, class. */
export function bounceOutcomeNote(
  language: Language,
  outcome: BounceChoiceResult['outcome'],
): [number, string, 'note' | 'error'] {
  const t = FEEDBACK_TEXTS[language].page;
  const notes: Record<BounceChoiceResult['outcome'], [number, string, 'note' | 'error']> = {
    closed: [200, t.closed, 'note'],
    kept: [200, t.kept, 'note'],
    'kept-already': [200, t.keptAlready, 'note'],
    'already-closed': [200, t.alreadyClosed, 'note'],
    changed: [409, t.changed, 'note'],
    conflict: [409, t.conflict, 'error'],
  };
  return notes[outcome];
}

/** The GET of a bounce link: the account and the confirmation button; changes nothing. */
export async function showBounceDecision(
  ctx: AppContext,
  token: string,
  input: {
    account: Account | undefined;
    decision: BounceChoice;
    language: Language;
    institutionName: string;
  },
): Promise<DecisionResponse> {
  const { account, decision, language } = input;
  const t = FEEDBACK_TEXTS[language].page;
  const title = t.title(decision);
  const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
  const state = await bounceStateOf(ctx, account);
  const details = account
    ? accountDetails(DECISION_PAGE_TEXTS[language], language, account, input.institutionName)
    : '';
  if (state !== 'open') {
    const note = state === 'closed' ? t.alreadyClosed : state === 'kept' ? t.keptAlready : t.changed;
    return page(
      account ? 200 : 404,
      language,
      title,
      `${head}${details}<p class="note">${escapeHtml(note)}</p>`,
    );
  }
  return page(
    200,
    language,
    title,
    `${head}${details}<p>${escapeHtml(t.explain(decision, account!.email))}</p>${confirmForm(token, t.button(decision), 'decision-title')}`,
  );
}

/** The POST of the bounce page's button. */
export async function confirmBounceDecision(
  ctx: AppContext,
  input: {
    accountId: string;
    decision: BounceChoice;
    language: Language;
    institutionName: string;
    now: Date;
    via: string;
  },
): Promise<DecisionResponse> {
  const t = FEEDBACK_TEXTS[input.language].page;
  const result = await applyBounceChoice(ctx, { ...input, actor: 'decision-link', where: 'bounce link' });
  ctx.logger.info('bounce decision', { outcome: result.outcome, via: input.via });
  const title = t.title(input.decision);
  const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
  const details = result.account
    ? accountDetails(
        DECISION_PAGE_TEXTS[input.language],
        input.language,
        result.account,
        input.institutionName,
      )
    : '';
  const [status, text, cls] = bounceOutcomeNote(input.language, result.outcome);
  return page(
    status,
    input.language,
    title,
    `${head}<p class="${cls}" role="status">${escapeHtml(text)}</p>${details}`,
  );
}
