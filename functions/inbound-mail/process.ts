import { DynamoDbRequestStore, type StoredRequest } from '../../shared/adapters/dynamodb/request-store';
import {
  type ActionSource,
  changeAccount,
  closed,
  createAccount,
  decideNewAccount,
  renewed,
} from '../../shared/app/account-actions';
import type { AppContext } from '../../shared/app/context';
import { institutionOfSender } from '../../shared/config/load';
import type { Institution, Language } from '../../shared/config/schema';
import type { Account } from '../../shared/domain/account';
import { brusselsDate, dateParts } from '../../shared/domain/calendar';
import {
  acceptedAnswer,
  type FieldName,
  forwardedMail,
  type HeaderVerdicts,
  helpdeskCopy,
  type MissingItem,
  missingFields,
  needsInfoAnswer,
  type ParsedMail,
  parseRawMail,
  type RejectionReason,
  type RequestFields,
  type RequestKind,
  type RequestReading,
  readRequest,
  rejectedAnswer,
  trainingNotice,
} from '../../shared/domain/mail';
import type { OutgoingMail } from '../../shared/domain/ports';
import { AlmaAccountsError, AlreadyExistsError } from '../../shared/errors';
import { maskEmail, messageRef } from '../../shared/logging';

export type IngestOutcome = 'accepted' | 'needs-info' | 'rejected' | 'forwarded' | 'duplicate';

/** The result contract of DESIGN.md (`alma-accounts ingest --json`). */
export interface IngestResult {
  messageId: string;
  outcome: IngestOutcome;
  kind: RequestKind;
  reference: string | null;
  missing: MissingItem[];
  reason: string | null;
  account: AccountView | null;
}

export interface AccountView {
  fullName: string;
  email: string;
  accountType: Account['accountType'];
  employeeType: Account['employeeType'];
  supervisorEmail: string | null;
  endDate: string | null;
  institution: string;
  trainingRecommended: boolean;
}

export interface InboundMail {
  /** SES messageId (the S3 object key); for files, the mail's own Message-ID. */
  messageId: string;
  raw: Uint8Array;
  /** From the SES event's receipt in AWS; null → read from the stored mail's headers (ingest of files). */
  verdicts: HeaderVerdicts | null;
  now: Date;
  /**
   * Another delivery of this message is still being processed (its lease is live): `duplicate`
   * answers so (CLI, SMTP); `retry` throws MessageInFlightError so Lambda retries the event later,
   * in case that other attempt dies before finishing (its lease then runs out).
   */
  whenInFlight?: 'duplicate' | 'retry';
}

export class MessageInFlightError extends AlmaAccountsError {}

const view = (a: Account): AccountView => ({
  fullName: a.fullName,
  email: a.email,
  accountType: a.accountType,
  employeeType: a.employeeType,
  supervisorEmail: a.supervisorEmail,
  endDate: a.endDate,
  institution: a.institution,
  trainingRecommended: a.trainingRecommended,
});

/** Header block only (up to the first blank line): enough to answer a mail we will not read whole. */
function headerBlock(raw: Uint8Array): Uint8Array {
  const limit = Math.min(raw.length, 256 * 1024);
  for (let i = 0; i < limit - 3; i++) {
    if (raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10)
      return raw.subarray(0, i + 4);
    if (raw[i] === 10 && raw[i + 1] === 10) return raw.subarray(0, i + 2);
  }
  return raw.subarray(0, limit);
}

/** SES verdicts: a FAIL on spam or virus, DMARC failing, or neither SPF nor DKIM passing → not trusted. */
export function verdictProblem(v: HeaderVerdicts): string | null {
  if (v.virus === 'FAIL') return 'virus';
  if (v.spam === 'FAIL') return 'spam';
  if (v.dmarc === 'FAIL') return 'dmarc-fail';
  if (v.spf !== 'PASS' && v.dkim !== 'PASS') return 'spf-and-dkim-not-passing';
  return null;
}

interface Plan {
  result: Omit<IngestResult, 'messageId'>;
  answers: OutgoingMail[];
  /** Store writes that may run alongside the answers (all must succeed before the message is done). */
  writes?: Promise<void>[];
}

/**
 * One inbound mail, start to end, as the Lambda and `alma-accounts ingest` run it:
 * checks → read → apply → answer. Idempotent per messageId: a repeated or concurrent delivery
 * gives `duplicate` and changes nothing; a retry after a failed send re-sends only what is missing.
 */
export async function processInboundMail(ctx: AppContext, mail: InboundMail): Promise<IngestResult> {
  const requests = new DynamoDbRequestStore(ctx.db, ctx.tableName);
  const log = ctx.logger;
  const begun = await requests.begin(mail.messageId, mail.now);
  if (begun.status === 'busy' && mail.whenInFlight === 'retry') {
    throw new MessageInFlightError(
      `message ${messageRef(mail.messageId)} is being processed by another delivery; retry later`,
    );
  }
  if (begun.status !== 'started') {
    const previous = (begun.record?.result ?? {}) as Partial<IngestResult>;
    log.info('duplicate delivery', { messageId: messageRef(mail.messageId), state: begun.status });
    return {
      messageId: mail.messageId,
      kind: previous.kind ?? 'other',
      reference: previous.reference ?? begun.record?.reference ?? null,
      missing: previous.missing ?? [],
      reason: previous.reason ?? null,
      account: previous.account ?? null,
      outcome: 'duplicate',
    };
  }
  const plan = await decide(ctx, requests, mail, begun.record?.reference);
  // Answers go after the store changes, all at once; a failure throws (the Lambda is retried) and
  // the retry finds the change already applied (by messageId) and sends only the unsent answers.
  const alreadySent = new Set(begun.record?.sentAnswers ?? []);
  const sending = plan.answers.map((answer, index) =>
    alreadySent.has(index) ? undefined : ctx.mailer.send(answer),
  );
  const [settled, written] = await Promise.all([
    Promise.allSettled(sending),
    Promise.allSettled(plan.writes ?? []),
  ]);
  const sentNow = settled.flatMap((s, index) => (sending[index] && s.status === 'fulfilled' ? [index] : []));
  const failed = [...settled, ...written].find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const result: IngestResult = { messageId: mail.messageId, ...plan.result };
  if (failed) {
    if (sentNow.length) await requests.markAnswersSent(mail.messageId, sentNow);
    throw failed.reason;
  }
  await requests.finish(mail.messageId, result as unknown as Record<string, unknown>);
  log.info('mail processed', {
    messageId: messageRef(mail.messageId),
    outcome: result.outcome,
    kind: result.kind,
    reference: result.reference,
    reason: result.reason,
    answers: plan.answers.length,
  });
  return result;
}

async function decide(
  ctx: AppContext,
  requests: DynamoDbRequestStore,
  mail: InboundMail,
  knownReference: string | undefined,
): Promise<Plan> {
  const { config, logger: log } = ctx;
  const oversized = mail.raw.length > config.limits.maxMailBytes;
  const parsed = await parseRawMail(oversized ? headerBlock(mail.raw) : mail.raw);
  const sender = parsed.from?.address.toLowerCase() ?? '';
  const silent = (reason: string, kind: RequestKind = 'other'): Plan => {
    log.warn('mail refused without answer', {
      messageId: messageRef(mail.messageId),
      reason,
      sender: maskEmail(sender),
    });
    return {
      result: { outcome: 'rejected', kind, reference: null, missing: [], reason, account: null },
      answers: [],
    };
  };

  const today = brusselsDate(mail.now);
  const reading = readRequest(parsed, today);
  // Never answer machines: no mail loop is possible, whatever else the mail says.
  if (parsed.autoGenerated) return silent(`auto-generated: ${parsed.autoGenerated}`, reading.kind);
  if (!sender || sender === config.mailbox) return silent('no usable sender', reading.kind);
  const verdictFailure = verdictProblem(mail.verdicts ?? parsed.headerVerdicts);
  if (verdictFailure) return silent(`not verified: ${verdictFailure}`, reading.kind);

  const institution = institutionOfSender(config, sender);
  const replyHeaders = threadHeaders(parsed);
  const answerTo = (institution: Institution | undefined) =>
    (reading.language ?? institution?.language ?? 'en') as Language;

  if (oversized) {
    if (!institution) return silent('too large, unknown sender');
    return reject(ctx, parsed, reading, institution, answerTo(institution), 'too-large', null, replyHeaders);
  }

  // A reply in a thread we know: complete a pending request, or attach to an answered one.
  const reference = reading.references[0];
  const previous = reference ? await requests.getRequest(reference) : undefined;
  if (previous && institution && previous.institution === institution.code) {
    if (previous.status === 'pending') {
      const merged: RequestReading = {
        ...reading,
        kind: reading.kind === 'other' ? (previous.kind as RequestKind) : reading.kind,
        fields: { ...(previous.fields as RequestFields), ...reading.fields },
        invalid: Object.fromEntries(
          Object.entries(reading.invalid).filter(
            ([field]) => reading.fields[field as FieldName] === undefined,
          ),
        ),
      };
      return apply(
        ctx,
        requests,
        mail,
        parsed,
        merged,
        institution,
        answerTo(institution),
        previous,
        replyHeaders,
      );
    }
    if (previous.accountId) {
      await ctx.accounts.appendHistory({
        accountId: previous.accountId,
        at: mail.now.toISOString(),
        actor: sender,
        action: 'reply',
        reason: 'reply to an answered request, forwarded to the helpdesk',
        messageId: parsed.messageId,
        reference: previous.reference,
      });
    }
    return forward(ctx, parsed, mail.raw, 'reply to an answered request', previous.reference, reading.kind);
  }

  if (reading.kind === 'other')
    return forward(ctx, parsed, mail.raw, 'not an account request', null, 'other');
  if (!institution) return silent('sender is not a manager of any institution', reading.kind);
  return apply(
    ctx,
    requests,
    mail,
    parsed,
    reading,
    institution,
    answerTo(institution),
    undefined,
    replyHeaders,
    knownReference,
  );
}

function threadHeaders(parsed: ParsedMail): Record<string, string> {
  const id = `<${parsed.messageId}>`;
  return {
    'Auto-Submitted': 'auto-replied',
    'In-Reply-To': id,
    References: [...parsed.references.map((r) => `<${r.replace(/^<|>$/g, '')}>`), id].join(' '),
  };
}

function withReference(headers: Record<string, string>, reference: string | null) {
  return reference
    ? { ...headers, 'X-Alma-Accounts-Reference': reference }
    : { ...headers, 'X-Alma-Accounts-Reference': 'none' };
}

async function apply(
  ctx: AppContext,
  requests: DynamoDbRequestStore,
  mail: InboundMail,
  parsed: ParsedMail,
  reading: RequestReading,
  institution: Institution,
  language: Language,
  previous: StoredRequest | undefined,
  replyHeaders: Record<string, string>,
  knownReference?: string,
): Promise<Plan> {
  const sender = parsed.from!.address.toLowerCase();
  const kind = reading.kind;
  // The reference is kept on the message record, so a retried delivery answers with the same one.
  let reference = previous?.reference ?? knownReference;
  let referenceSaved: Promise<void> = Promise.resolve();
  if (!reference) {
    reference = await requests.nextReference(dateParts(brusselsDate(mail.now)).year);
    referenceSaved = requests.setMessageReference(mail.messageId, reference);
  }
  const headers = withReference(replyHeaders, reference);
  const source: ActionSource = {
    actor: sender,
    reason: `${kind} request by mail`,
    messageId: parsed.messageId,
    reference,
  };
  const record = async (status: StoredRequest['status'], accountId?: string) => {
    await referenceSaved;
    await requests.putRequest({
      reference: reference!,
      status,
      kind,
      institution: institution.code,
      sender,
      language,
      fields: reading.fields as Record<string, unknown>,
      ...(accountId ? { accountId } : {}),
      messageIds: [...(previous?.messageIds ?? []), parsed.messageId],
      createdAt: previous?.createdAt ?? mail.now.toISOString(),
      updatedAt: mail.now.toISOString(),
    });
  };
  const needsInfo = async (missing: MissingItem[]): Promise<Plan> => {
    const recorded = record('pending');
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
      writes: [recorded],
      answers: [{ to: [sender], subject: text.subject, text: text.text, headers }],
    };
  };
  const rejected = async (reason: RejectionReason): Promise<Plan> => {
    await record('rejected');
    return reject(ctx, parsed, reading, institution, language, reason, reference!, replyHeaders);
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
  const recorded = record('accepted', account.id);

  const summary = {
    fullName: account.fullName,
    email: account.email,
    accountType: account.accountType,
    employeeType: account.employeeType,
    supervisorEmail: account.supervisorEmail,
  };
  const accepted = acceptedAnswer({
    language,
    reference,
    kind,
    account: summary,
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: account.trainingRecommended && kind === 'new-personal',
    understood: reading.fields,
  });
  const copy = helpdeskCopy({
    reference,
    kind,
    institution: institution.code,
    requester: sender,
    account: { ...summary, tasks: account.tasks },
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: account.trainingRecommended,
    language: ctx.config.alerts.language,
  });
  const answers: OutgoingMail[] = [
    { to: [sender], subject: accepted.subject, text: accepted.text, headers },
    {
      to: [ctx.config.helpdesk],
      subject: copy.subject,
      text: copy.text,
      replyTo: [sender],
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': reference },
    },
  ];
  if (kind === 'new-personal' && account.trainingRecommended && ctx.config.trainingCoordinators.length) {
    const notice = trainingNotice({
      reference,
      institution: institution.code,
      fullName: account.fullName,
      email: account.email,
      tasks: account.tasks,
      supervisorEmail: account.supervisorEmail,
      language: ctx.config.alerts.language,
    });
    answers.push({
      to: ctx.config.trainingCoordinators,
      cc: [sender],
      subject: notice.subject,
      text: notice.text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': reference },
    });
  }
  return {
    result: { outcome: 'accepted', kind, reference, missing: [], reason: null, account: view(account) },
    answers,
    writes: [recorded],
  };
}

function reject(
  _ctx: AppContext,
  parsed: ParsedMail,
  reading: RequestReading,
  _institution: Institution,
  language: Language,
  reason: RejectionReason,
  reference: string | null,
  replyHeaders: Record<string, string>,
): Plan {
  const text = rejectedAnswer({ language, reason, kind: reading.kind, ...(reference ? { reference } : {}) });
  return {
    result: { outcome: 'rejected', kind: reading.kind, reference, missing: [], reason, account: null },
    answers: [
      {
        to: [parsed.from!.address],
        subject: text.subject,
        text: text.text,
        headers: withReference(replyHeaders, reference),
      },
    ],
  };
}

function forward(
  ctx: AppContext,
  parsed: ParsedMail,
  raw: Uint8Array,
  why: string,
  reference: string | null,
  kind: RequestKind,
): Plan {
  const text = forwardedMail({
    from: parsed.from?.address ?? '',
    subject: parsed.subject,
    date: parsed.date,
    text: parsed.text,
    reason: why,
  });
  return {
    result: { outcome: 'forwarded', kind, reference, missing: [], reason: why, account: null },
    answers: [
      {
        to: [ctx.config.helpdesk],
        subject: text.subject,
        text: text.text,
        ...(parsed.from ? { replyTo: [parsed.from.address] } : {}),
        headers: {
          'Auto-Submitted': 'auto-forwarded',
          'X-Alma-Accounts-Reference': reference ?? 'forwarded',
        },
        // The original, unchanged, so the helpdesk can answer it as it was written.
        attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: raw }],
      },
    ],
  };
}
