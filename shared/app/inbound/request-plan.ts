import type { Institution, Language } from '../../config/schema';
import type { Account } from '../../domain/account';
import type { ActionSource } from '../../domain/account-changes';
import {
  helpdeskAlmaAction,
  helpdeskAlmaBlock,
  helpdeskProfilesUnsure,
  managerAlmaSentence,
  managerProfilesLine,
} from '../../domain/alma/answer-parts';
import { decideAlmaEffect, provisioningMode } from '../../domain/alma/provisioning';
import { brusselsDate, dateParts } from '../../domain/calendar';
import {
  type FieldName,
  type FieldProblem,
  type MissingItem,
  needsInfoAnswer,
  type ParsedMail,
  type RejectionReason,
  type RequestReading,
} from '../../domain/mail';
import { answerCarriesRating } from '../../domain/rating';
import { confirmsShortening, decideRequest, requestLookups } from '../../domain/request-decision';
import {
  type AccountRequest,
  type AlmaStep,
  accountView,
  type InboundPlan,
  newRequestReference,
  type RequestStatus,
} from '../../domain/requests';
import { almaApprovalLink } from '../alma/approval';
import type { AppContext } from '../context';
import { ratingLinks } from '../rating/rating-links';
import {
  ALMA_ACTION_MARK,
  ALMA_BLOCK_MARK,
  ALMA_MANAGER_MARK,
  type AlmaWording,
  acceptanceAnswers,
  rejectionPlan,
  threadHeaders,
} from './inbound-answers';
import type { InboundMail } from './ingest-result';

/** A request from a trusted sender of a known institution, with what it was merged from. */
export interface RequestToPlan {
  mail: InboundMail;
  parsed: ParsedMail;
  /** The authenticated From address. */
  sender: string;
  reading: RequestReading;
  institution: Institution;
  language: Language;
  /** The pending request this mail completes (a reply carrying its reference). */
  previous?: AccountRequest;
}

/**
 * Decides what a request leads to, without writing anything: ask for what is missing, refuse what
 * the rules forbid, or create, renew or close the account; the request record under its reference;
 * the Alma step; every answer. The plan is recorded before any of it is carried out.
 */
export async function planRequest(ctx: AppContext, input: RequestToPlan): Promise<InboundPlan> {
  const { mail, parsed, sender, reading, institution, language, previous } = input;
  const kind = reading.kind;
  const now = mail.now;
  const base = { messageId: mail.messageId, decidedAt: now.toISOString() };
  const reference = previous?.reference ?? newRequestReference(dateParts(brusselsDate(now)).year);
  const headers = threadHeaders(parsed, reference);
  // The original requester hears the outcome too when another manager completed the request.
  const requester = previous?.sender ?? sender;
  const to = [sender];
  const cc = requester !== sender ? [requester] : [];
  const source: ActionSource = {
    actor: sender,
    reason: `${kind} request by mail`,
    // The SES messageId: two different mails with the same Message-ID header are two messages.
    messageId: mail.messageId,
    reference,
  };
  const requestRecord = (
    status: RequestStatus,
    accountId?: string,
    missing?: MissingItem[],
  ): AccountRequest => ({
    reference,
    status,
    kind,
    institution: institution.code,
    sender: requester,
    language,
    fields: reading.fields,
    ...(accountId ? { accountId } : {}),
    ...(missing ? { missing } : {}),
    messageIds: [...(previous?.messageIds ?? []), mail.messageId],
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    version: (previous?.version ?? 0) + 1,
  });
  const needsInfo = (
    missing: MissingItem[],
    invalid: Partial<Record<FieldName, FieldProblem>> = reading.invalid,
  ): InboundPlan => {
    const text = needsInfoAnswer({
      language,
      reference,
      kind,
      missing,
      invalid,
      understood: reading.fields,
      ...(reading.addresses ? { addresses: reading.addresses } : {}),
      horizonYears: ctx.config.limits.endDateHorizonYears,
    });
    return {
      ...base,
      result: { outcome: 'needs-info', kind, reference, missing, reason: null, account: null },
      request: requestRecord('pending', undefined, missing),
      answers: [
        {
          id: 'needs-info',
          mail: { to, ...(cc.length ? { cc } : {}), subject: text.subject, text: text.text, headers },
        },
      ],
    };
  };
  // The answer that ends the request carries the requester's rating links (issue 29).
  const rating = () => ratingLinks(ctx, { reference, requester: sender, now });
  const rejected = async (reason: RejectionReason): Promise<InboundPlan> => ({
    ...rejectionPlan(
      base,
      parsed,
      sender,
      kind,
      language,
      reason,
      reference,
      answerCarriesRating({ outcome: 'rejected', reference, reason }) ? await rating() : undefined,
    ),
    request: requestRecord('rejected'),
  });

  // Facts first (what the rules need from the store), then the pure decision.
  const request = {
    reading,
    institution,
    sender,
    ...(previous?.accountId ? { previousAccountId: previous.accountId } : {}),
  };
  const lookups = requestLookups(request);
  const within = async (address: string | undefined) =>
    address ? ctx.accounts.findByEmail(address, institution.code) : [];
  const [accountsAtAddress, supervisorAccounts, target] = await Promise.all([
    within(lookups.accountsAt),
    within(lookups.supervisorAccountsAt),
    !lookups.target
      ? undefined
      : 'id' in lookups.target
        ? ctx.accounts.get(lookups.target.id)
        : within(lookups.target.email).then((found) => found.find((a) => a.status !== 'closed')),
  ]);
  const decision = decideRequest({
    ...request,
    now,
    source,
    accountsAtAddress,
    supervisorAccounts,
    target,
    shorteningConfirmed: confirmsShortening(parsed.text),
  });
  if (decision.outcome === 'needs-info') return needsInfo(decision.missing, decision.invalid);
  if (decision.outcome === 'rejected') return rejected(decision.reason);
  const { account, effect } = decision;

  const { alma, wording } = await almaPlan(ctx, kind, account, institution, language, now);
  return {
    ...base,
    result: {
      outcome: 'accepted',
      kind,
      reference,
      missing: [],
      reason: null,
      account: accountView(account),
    },
    account: effect,
    request: requestRecord('accepted', account.id),
    ...(alma ? { alma } : {}),
    answers: acceptanceAnswers({
      config: ctx.config,
      kind,
      reference,
      institution: institution.code,
      to,
      cc,
      language,
      account,
      understood: reading.fields,
      headers,
      alma: wording,
      ...(answerCarriesRating({ outcome: 'accepted', reference }) ? { rating: await rating() } : {}),
    }),
  };
}

/**
 * The Alma step of an accepted request and how the answers speak of it: a new account is created
 * at once (`auto`, the words wait for Alma's answer), waits for the helpdesk's click (`approve`,
 * the link in the copy), or is the helpdesk's to create (`off`); a change moves the user's dates.
 */
async function almaPlan(
  ctx: AppContext,
  kind: InboundPlan['result']['kind'],
  account: Account,
  institution: Institution,
  language: Language,
  now: Date,
): Promise<{ alma?: AlmaStep; wording: AlmaWording }> {
  const mode = provisioningMode(institution);
  const helpdesk = ctx.config.alerts.language;
  if (kind === 'new-personal' || kind === 'new-shared') {
    const effect = decideAlmaEffect({ account, institution, intent: 'provision', approved: mode === 'auto' });
    if (effect.kind !== 'create')
      return { wording: { manager: managerAlmaSentence(language, 'by-helpdesk') } };
    // The profiles read from the tasks, told to the manager so a misreading is corrected.
    const profiles = managerProfilesLine(language, effect.profiles);
    if (mode === 'auto')
      return {
        alma: { kind: 'provision', accountId: account.id },
        wording: {
          manager: `${ALMA_MANAGER_MARK}\n${profiles}`,
          action: ALMA_ACTION_MARK,
          block: effect.profilesUnsure
            ? `${ALMA_BLOCK_MARK}\n${helpdeskProfilesUnsure(helpdesk)}`
            : ALMA_BLOCK_MARK,
        },
      };
    const approvalUrl = await almaApprovalLink(ctx, account.id, now);
    return {
      wording: {
        manager: `${managerAlmaSentence(language, 'awaiting-approval')}\n${profiles}`,
        action: helpdeskAlmaAction(helpdesk, 'awaiting-approval'),
        block: helpdeskAlmaBlock(helpdesk, {
          status: 'awaiting-approval',
          approvalUrl,
          user: effect.user,
          profiles: effect.profiles,
          profilesUnsure: effect.profilesUnsure,
        }),
      },
    };
  }
  if (mode === 'off') return { wording: {} };
  // The copy's action line waits for Alma's answer: done, or still the helpdesk's to do.
  return { alma: { kind: 'sync-expiry', accountId: account.id }, wording: { action: ALMA_ACTION_MARK } };
}
