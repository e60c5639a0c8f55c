import type { Account } from '../../domain/account';
import { closed } from '../../domain/account-changes';
import { provisioningMode } from '../../domain/alma/provisioning';
import { brusselsDate } from '../../domain/calendar';
import { receivesNotices } from '../../domain/mail-feedback';
import { escapeHtml, type NoticeLanguage } from '../../domain/notices/messages';
import type { BounceChoice } from '../../domain/notices/token';
import { ConcurrentUpdateError } from '../../errors';
import { countCaughtFailure } from '../../metrics';
import { syncAlmaExpiry } from '../alma/provision';
import type { AppContext } from '../context';
import { accountDetails, confirmForm, type DecisionResponse, page } from '../review/decision-page-html';
import { DECISION_PAGE_TEXTS } from '../review/decision-page-texts';

/** What the "mail to X bounces: has X left?" page says (issue 31). */
const BOUNCE_PAGE_TEXTS: Record<
  NoticeLanguage,
  {
    title: (choice: BounceChoice) => string;
    explain: (choice: BounceChoice, email: string) => string;
    button: (choice: BounceChoice) => string;
    closed: string;
    kept: string;
    keptAlready: string;
    alreadyClosed: string;
    changed: string;
    conflict: string;
  }
> = {
  fr: {
    title: (c) => (c === 'close' ? "Clôturer ce compte à partir d'aujourd'hui ?" : 'Garder ce compte ?'),
    explain: (c, e) =>
      c === 'close'
        ? `Le courrier vers ${e} revient. En confirmant, le compte est clôturé à partir d'aujourd'hui (et son expiration dans Alma avancée, si Alma est géré ici).`
        : `Le courrier vers ${e} revient. En confirmant, le compte reste ouvert et cette question ne sera plus posée ; aucun avis n'est envoyé à cette adresse tant qu'elle n'est pas corrigée.`,
    button: (c) => (c === 'close' ? 'Confirmer : clôturer' : 'Confirmer : garder'),
    closed: 'Le compte est clôturé. Merci.',
    kept: 'Le compte est gardé. Merci.',
    keptAlready: "Vous aviez déjà choisi de garder ce compte. Rien n'a changé.",
    alreadyClosed: "Ce compte était déjà clôturé. Rien n'a changé.",
    changed: "L'adresse de ce compte a changé ou reçoit à nouveau du courrier ; rien n'a été modifié.",
    conflict: 'Le compte a été modifié au même moment. Rouvrez le lien et confirmez à nouveau.',
  },
  nl: {
    title: (c) => (c === 'close' ? 'Dit account vanaf vandaag afsluiten?' : 'Dit account behouden?'),
    explain: (c, e) =>
      c === 'close'
        ? `Mail aan ${e} komt terug. Na bevestiging wordt het account vanaf vandaag afgesloten (en de vervaldatum in Alma vervroegd, als Alma hier beheerd wordt).`
        : `Mail aan ${e} komt terug. Na bevestiging blijft het account open en wordt deze vraag niet meer gesteld; er gaan geen berichten naar dit adres zolang het niet verbeterd is.`,
    button: (c) => (c === 'close' ? 'Bevestigen: afsluiten' : 'Bevestigen: behouden'),
    closed: 'Het account is afgesloten. Dank u.',
    kept: 'Het account blijft behouden. Dank u.',
    keptAlready: 'U had al gekozen om dit account te behouden. Er is niets veranderd.',
    alreadyClosed: 'Dit account was al afgesloten. Er is niets veranderd.',
    changed: 'Het adres van dit account is gewijzigd of ontvangt opnieuw mail; er is niets veranderd.',
    conflict: 'Het account werd op hetzelfde moment gewijzigd. Open de link opnieuw en bevestig nogmaals.',
  },
  en: {
    title: (c) => (c === 'close' ? 'Close this account from today?' : 'Keep this account?'),
    explain: (c, e) =>
      c === 'close'
        ? `Mail to ${e} bounces. Once you confirm, the account is closed from today (and its Alma expiry brought forward, where Alma is managed here).`
        : `Mail to ${e} bounces. Once you confirm, the account stays open and this question is not asked again; no notice goes to this address until it is corrected.`,
    button: (c) => (c === 'close' ? 'Confirm: close' : 'Confirm: keep'),
    closed: 'The account is closed. Thank you.',
    kept: 'The account is kept. Thank you.',
    keptAlready: 'You had already chosen to keep this account. Nothing changed.',
    alreadyClosed: 'This account was already closed. Nothing changed.',
    changed: "This account's address changed or takes mail again; nothing was changed.",
    conflict: 'The account was changed at the same moment. Open the link again and confirm once more.',
  },
};

export type BounceChoiceResult =
  | { outcome: 'closed' | 'kept'; account: Account }
  | { outcome: 'already-closed' | 'kept-already' | 'changed' | 'conflict'; account: Account | undefined };

/** Whether a bounce link still applies: the account is open and its address is still the one that bounces. */
async function bounceState(
  ctx: AppContext,
  account: Account | undefined,
): Promise<'open' | 'closed' | 'changed'> {
  if (!account) return 'changed';
  if (account.status === 'closed') return 'closed';
  return receivesNotices(await ctx.feedback.get(account.email)) ? 'changed' : 'open';
}

/**
 * A manager's answer to "has X left?": close from today (the Alma expiry follows where the
 * institution provisions), or keep (recorded, never asked again for that bounce). Nothing is
 * closed without this answer.
 */
export async function applyBounceChoice(
  ctx: AppContext,
  input: { accountId: string; decision: BounceChoice; now: Date; via: string },
): Promise<BounceChoiceResult> {
  const account = await ctx.accounts.get(input.accountId);
  const state = await bounceState(ctx, account);
  if (state === 'changed') return { outcome: 'changed', account };
  if (state === 'closed') return { outcome: 'already-closed', account };
  const current = account!;
  const at = input.now.toISOString();
  if (input.decision === 'keep') {
    const history = await ctx.accounts.history(current.id);
    if (history.some((e) => e.action === 'bounce-kept' && e.at >= (lastBounce(history) ?? '')))
      return { outcome: 'kept-already', account: current };
    await ctx.accounts.appendHistory(
      {
        accountId: current.id,
        at,
        actor: 'decision-link',
        action: 'bounce-kept',
        reason:
          'mail to the account\'s address bounces; a manager answered "keep" (bounce link): the account stays open',
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
      actor: 'decision-link',
      action: 'closed',
      reason:
        'mail to the account\'s address bounces; a manager answered "the person left: close from today" (bounce link)',
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
  return { outcome: 'closed', account: (await moveAlmaExpiry(ctx, next, input)) ?? next };
}

function lastBounce(history: { action: string; at: string }[]): string | undefined {
  return history.filter((e) => e.action === 'mail-bounced').at(-1)?.at;
}

async function moveAlmaExpiry(
  ctx: AppContext,
  account: Account,
  input: { via: string; now: Date },
): Promise<Account | undefined> {
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  if (provisioningMode(institution) === 'off') return undefined;
  try {
    return (await syncAlmaExpiry(ctx, account.id, { actor: 'decision-link', via: input.via, now: input.now }))
      .account;
  } catch (error) {
    countCaughtFailure('AlmaCallFailed');
    ctx.logger.error('alma expiry not moved after a bounce closure', { error: (error as Error).message });
    return undefined;
  }
}

/** The GET of a bounce link: the account and the confirmation button; changes nothing. */
export async function showBounceDecision(
  ctx: AppContext,
  token: string,
  input: {
    account: Account | undefined;
    decision: BounceChoice;
    language: NoticeLanguage;
    institutionName: string;
  },
): Promise<DecisionResponse> {
  const { account, decision, language } = input;
  const t = BOUNCE_PAGE_TEXTS[language];
  const title = t.title(decision);
  const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
  const state = await bounceState(ctx, account);
  const details = account
    ? accountDetails(DECISION_PAGE_TEXTS[language], language, account, input.institutionName)
    : '';
  if (state !== 'open') {
    const note = state === 'closed' ? t.alreadyClosed : t.changed;
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
    language: NoticeLanguage;
    institutionName: string;
    now: Date;
    via: string;
  },
): Promise<DecisionResponse> {
  const t = BOUNCE_PAGE_TEXTS[input.language];
  const result = await applyBounceChoice(ctx, input);
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
  const [status, text, cls] = {
    closed: [200, t.closed, 'note'],
    kept: [200, t.kept, 'note'],
    'kept-already': [200, t.keptAlready, 'note'],
    'already-closed': [200, t.alreadyClosed, 'note'],
    changed: [409, t.changed, 'note'],
    conflict: [409, t.conflict, 'error'],
  }[result.outcome] as [number, string, string];
  return page(
    status,
    input.language,
    title,
    `${head}<p class="${cls}" role="status">${escapeHtml(text)}</p>${details}`,
  );
}
