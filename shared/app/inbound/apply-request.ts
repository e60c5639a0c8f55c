import type { Institution, Language } from '../../config/schema';
import type { Account } from '../../domain/account';
import { brusselsDate, dateParts } from '../../domain/calendar';
import {
  type MissingItem,
  missingFields,
  needsInfoAnswer,
  type ParsedMail,
  type RejectionReason,
  type RequestReading,
} from '../../domain/mail';
import type { AccountRequest, RequestStatus } from '../../domain/requests';
import { AlreadyExistsError } from '../../errors';
import {
  type ActionSource,
  changeAccount,
  closed,
  createAccount,
  decideNewAccount,
  renewed,
} from '../accounts/account-changes';
import type { AppContext } from '../context';
import { acceptanceAnswers, rejection, threadHeaders, withReference } from './inbound-answers';
import { accountView, type InboundDecision, type InboundMail } from './ingest-result';

/** A request from a known institution's sender, ready to be applied to the accounts. */
export interface RequestToApply {
  mail: InboundMail;
  parsed: ParsedMail;
  reading: RequestReading;
  institution: Institution;
  language: Language;
  /** The pending request this mail completes (a reply carrying its reference). */
  previous?: AccountRequest;
  /** The reference an earlier attempt at this same message already drew. */
  knownReference?: string;
}

/**
 * Applies a request: asks for what is missing, refuses what the rules forbid, or creates,
 * renews or closes the account; records the request under its reference and answers.
 * A retry of the same message finds its own change (by Message-ID in the history) and does not repeat it.
 */
export async function applyRequest(ctx: AppContext, request: RequestToApply): Promise<InboundDecision> {
  const { mail, parsed, reading, institution, language, previous } = request;
  const sender = parsed.from!.address.toLowerCase();
  const kind = reading.kind;
  // The reference is kept on the message record, so a retried delivery answers with the same one.
  let reference = previous?.reference ?? request.knownReference;
  let referenceSaved: Promise<void> = Promise.resolve();
  if (!reference) {
    reference = await ctx.requests.nextReference(dateParts(brusselsDate(mail.now)).year);
    referenceSaved = ctx.requests.setMessageReference(mail.messageId, reference);
  }
  const headers = withReference(threadHeaders(parsed), reference);
  const source: ActionSource = {
    actor: sender,
    reason: `${kind} request by mail`,
    messageId: parsed.messageId,
    reference,
  };
  const record = async (status: RequestStatus, accountId?: string) => {
    await referenceSaved;
    await ctx.requests.putRequest({
      reference: reference!,
      status,
      kind,
      institution: institution.code,
      sender,
      language,
      fields: reading.fields,
      ...(accountId ? { accountId } : {}),
      messageIds: [...(previous?.messageIds ?? []), parsed.messageId],
      createdAt: previous?.createdAt ?? mail.now.toISOString(),
      updatedAt: mail.now.toISOString(),
    });
  };
  const needsInfo = (missing: MissingItem[]): InboundDecision => {
    const text = needsInfoAnswer({
      language,
      reference: reference!,
      kind,
      missing,
      invalid: reading.invalid,
      understood: reading.fields,
    });
    return {
      result: { outcome: 'needs-info', kind, reference: reference!, missing, reason: null, account: null },
      writes: [record('pending')],
      answers: [{ to: [sender], subject: text.subject, text: text.text, headers }],
    };
  };
  const rejected = async (reason: RejectionReason): Promise<InboundDecision> => {
    await record('rejected');
    return rejection(parsed, reading, language, reason, reference!);
  };

  const missing = missingFields(kind, reading);
  if (missing.length) return needsInfo(missing);
  const f = reading.fields;

  let account: Account;
  if (kind === 'new-personal' || kind === 'new-shared') {
    const decision = decideNewAccount(
      {
        institution: institution.code,
        accountType: kind === 'new-shared' ? 'shared' : 'personal',
        employeeType: f.employeeType ?? 'permanent',
        fullName: f.fullName!,
        email: f.email!,
        supervisorEmail: f.supervisorEmail ?? null,
        tasks: f.tasks!,
        missionEndDate: f.missionEndDate ?? null,
      },
      mail.now,
    );
    if (!decision.ok) {
      if (decision.problem === 'shared-forbidden-permissions')
        return rejected('shared-forbidden-permissions');
      return needsInfo(['missionEndDate']);
    }
    try {
      account = await createAccount(ctx, decision.account, source, mail.now);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      // Same messageId → same account: a retry after a crash finds what the first attempt wrote.
      const existing = (await ctx.accounts.findByEmail(decision.account.email, institution.code)).find(
        (a) => a.status !== 'closed',
      );
      const history = existing ? await ctx.accounts.history(existing.id) : [];
      if (!existing || !history.some((e) => e.messageId === parsed.messageId))
        return rejected('already-exists');
      account = existing;
    }
  } else {
    const target = previous?.accountId
      ? await ctx.accounts.get(previous.accountId)
      : (await ctx.accounts.findByEmail(f.email ?? '', institution.code)).find((a) => a.status !== 'closed');
    if (!target || target.institution !== institution.code) {
      const elsewhere = f.email
        ? (await ctx.accounts.findByEmail(f.email)).some((a) => a.status !== 'closed')
        : false;
      if (elsewhere) return rejected('not-allowed-for-institution');
      return needsInfo(['account']);
    }
    const history = await ctx.accounts.history(target.id);
    if (history.some((e) => e.messageId === parsed.messageId)) {
      account = target;
    } else if (kind === 'renewal') {
      const result = renewed(target, { newEmploymentEnd: f.newEndDate! }, mail.now);
      if (!result.ok) {
        if (result.problem === 'closed') return needsInfo(['account']);
        return needsInfo(['newEndDate']);
      }
      account = await changeAccount(
        ctx,
        target.id,
        (current) => {
          const again = renewed(current, { newEmploymentEnd: f.newEndDate! }, mail.now);
          return again.ok ? again.account : undefined;
        },
        'renewed',
        source,
        mail.now,
      );
    } else {
      account = await changeAccount(
        ctx,
        target.id,
        (current) =>
          current.status === 'closed' ? undefined : closed(current, f.deactivationDate!, mail.now),
        'closure-requested',
        source,
        mail.now,
      );
    }
  }
  return {
    result: {
      outcome: 'accepted',
      kind,
      reference,
      missing: [],
      reason: null,
      account: accountView(account),
    },
    answers: acceptanceAnswers({
      config: ctx.config,
      kind,
      reference,
      institution: institution.code,
      requester: sender,
      language,
      account,
      understood: reading.fields,
      headers,
    }),
    writes: [record('accepted', account.id)],
  };
}
