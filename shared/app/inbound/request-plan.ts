import type { Institution, Language } from '../../config/schema';
import type { Account, AccountEvent } from '../../domain/account';
import {
  helpdeskAlmaAction,
  helpdeskAlmaBlock,
  helpdeskProfilesUnsure,
  managerAlmaSentence,
  managerProfilesLine,
} from '../../domain/alma/answers';
import { decideAlmaEffect, provisioningMode } from '../../domain/alma/provisioning';
import { brusselsDate, compareDates, dateParts } from '../../domain/calendar';
import {
  type FieldName,
  type FieldProblem,
  type MissingItem,
  missingFields,
  needsInfoAnswer,
  type ParsedMail,
  type RejectionReason,
  type RequestReading,
} from '../../domain/mail';
import {
  type AccountEffect,
  type AccountRequest,
  type AlmaStep,
  accountView,
  type InboundPlan,
  newRequestReference,
  type RequestStatus,
} from '../../domain/requests';
import { supervisorProblem, supervisorToLookUp } from '../../domain/rules';
import { type ActionSource, closed, decideNewAccount, eventFor, renewed } from '../accounts/account-changes';
import { almaApprovalLink } from '../alma/approval';
import type { AppContext } from '../context';
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

/** "Confirmer : oui", "Bevestigen: ja", "Confirm: yes": a shortened renewal is applied only so. */
const CONFIRMED = /^\s*(?:confirmer|confirmez|bevestigen|bevestig|confirm)\s*[:-]\s*(?:oui|ja|yes)\b/im;

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
  const rejected = (reason: RejectionReason): InboundPlan => ({
    ...rejectionPlan(base, parsed, sender, kind, language, reason, reference),
    request: requestRecord('rejected'),
  });

  const missing = missingFields(kind, reading);
  if (missing.length) return needsInfo(missing);
  const f = reading.fields;

  let effect: AccountEffect;
  let account: Account;
  if (kind === 'new-personal' || kind === 'new-shared') {
    const decision = decideNewAccount(
      {
        institution: institution.code,
        accountType: kind === 'new-shared' ? 'shared' : 'personal',
        employeeType: f.employeeType ?? 'permanent',
        fullName: f.fullName!,
        // The given/family split the wording gave, for the full name this mail gave.
        ...(reading.names && kind === 'new-personal' ? reading.names : {}),
        email: f.email!,
        supervisorEmail: f.supervisorEmail ?? null,
        tasks: f.tasks!,
        missionEndDate: f.missionEndDate ?? null,
      },
      now,
    );
    if (!decision.ok) {
      if (decision.problem === 'shared-forbidden-permissions')
        return rejected('shared-forbidden-permissions');
      if (decision.problem === 'endDate-not-allowed')
        return needsInfo(['missionEndDate'], { ...reading.invalid, missionEndDate: 'no-end-for-permanent' });
      return needsInfo(['missionEndDate']);
    }
    account = decision.account;
    // Facts first (the supervisor's accounts), then the pure rule the import applies too.
    const supervisor = supervisorToLookUp(account, institution, sender);
    const supervisorAccounts = supervisor ? await ctx.accounts.findByEmail(supervisor, institution.code) : [];
    const problem = supervisorProblem(account, { institution, sender, supervisorAccounts });
    if (problem) return needsInfo(['supervisorEmail'], { ...reading.invalid, supervisorEmail: problem });
    const open = (await ctx.accounts.findByEmail(account.email, institution.code)).find(
      (a) => a.status !== 'closed',
    );
    if (open) return rejected('already-exists');
    effect = { kind: 'create', account, event: eventFor(account, 'created', source, now) };
  } else {
    const target = previous?.accountId
      ? await ctx.accounts.get(previous.accountId)
      : (await ctx.accounts.findByEmail(f.email ?? '', institution.code)).find((a) => a.status !== 'closed');
    // Whether the address has an account in another institution is none of this sender's business.
    if (!target || target.institution !== institution.code || target.status === 'closed')
      return needsInfo(['account']);
    let changed: Account;
    let action: AccountEvent['action'];
    if (kind === 'renewal') {
      const result = renewed(target, { newEmploymentEnd: f.newEndDate! }, now);
      if (!result.ok) return needsInfo(['newEndDate']);
      const shortens =
        target.endDate !== null &&
        result.account.endDate !== null &&
        compareDates(result.account.endDate, target.endDate) < 0;
      if (shortens && !CONFIRMED.test(parsed.text.slice(0, 20_000)))
        return needsInfo(['newEndDate'], { ...reading.invalid, newEndDate: 'shortens' });
      changed = result.account;
      action = 'renewed';
    } else {
      changed = closed(target, f.deactivationDate!, now);
      action = changed.status === 'closed' ? 'closed' : 'closure-requested';
    }
    account = { ...changed, updatedAt: now.toISOString(), version: target.version + 1 };
    effect = { kind: 'update', next: account, event: eventFor(account, action, source, now, target) };
  }

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
