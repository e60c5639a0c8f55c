import { institutionOfSender } from '../../config/load';
import type { Institution, Language } from '../../config/schema';
import { brusselsDate } from '../../domain/calendar';
import {
  type FieldName,
  type HeaderVerdicts,
  parseRawMail,
  type RequestFields,
  type RequestKind,
  type RequestReading,
  readRequest,
} from '../../domain/mail';
import { maskEmail, messageRef } from '../../logging';
import type { AppContext } from '../context';
import { isExlibrisNotice, receiveExlibrisNotice } from '../monitor/exlibris-notice';
import { applyRequest } from './apply-request';
import { forwardToHelpdesk, rejection } from './inbound-answers';
import {
  type InboundDecision,
  type InboundMail,
  type IngestResult,
  MessageInFlightError,
} from './ingest-result';

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

/**
 * One inbound mail, start to end, as the Lambda and `alma-accounts ingest` run it:
 * checks → read → apply → answer. Idempotent per messageId: a repeated or concurrent delivery
 * gives `duplicate` and changes nothing; a retry after a failed send re-sends only what is missing.
 */
export async function receiveInboundMail(ctx: AppContext, mail: InboundMail): Promise<IngestResult> {
  const log = ctx.logger;
  const begun = await ctx.requests.begin(mail.messageId, mail.now);
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
  const decision = await decideInboundMail(ctx, mail, begun.record?.reference);
  // Answers go after the store changes, all at once; a failure throws (the Lambda is retried) and
  // the retry finds the change already applied (by messageId) and sends only the unsent answers.
  const alreadySent = new Set(begun.record?.sentAnswers ?? []);
  const sending = decision.answers.map((answer, index) =>
    alreadySent.has(index) ? undefined : ctx.mailer.send(answer),
  );
  const [settled, written] = await Promise.all([
    Promise.allSettled(sending),
    Promise.allSettled(decision.writes ?? []),
  ]);
  const sentNow = settled.flatMap((s, index) => (sending[index] && s.status === 'fulfilled' ? [index] : []));
  const failed = [...settled, ...written].find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const result: IngestResult = { messageId: mail.messageId, ...decision.result };
  if (failed) {
    if (sentNow.length) await ctx.requests.markAnswersSent(mail.messageId, sentNow);
    throw failed.reason;
  }
  await ctx.requests.finish(mail.messageId, result as unknown as Record<string, unknown>);
  log.info('mail processed', {
    messageId: messageRef(mail.messageId),
    outcome: result.outcome,
    kind: result.kind,
    reference: result.reference,
    reason: result.reason,
    answers: decision.answers.length,
  });
  return result;
}

/** Who sent it, whether we trust it, which thread it belongs to: then apply, forward or refuse. */
async function decideInboundMail(
  ctx: AppContext,
  mail: InboundMail,
  knownReference: string | undefined,
): Promise<InboundDecision> {
  const { config, logger: log } = ctx;
  const oversized = mail.raw.length > config.limits.maxMailBytes;
  const parsed = await parseRawMail(oversized ? headerBlock(mail.raw) : mail.raw);
  const sender = parsed.from?.address.toLowerCase() ?? '';
  const silent = (reason: string, kind: RequestKind = 'other'): InboundDecision => {
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
  // Ex Libris' status mails are machine mail the monitor reads: routed before the machine-mail rule.
  if (!oversized && isExlibrisNotice(parsed, mail.verdicts ?? parsed.headerVerdicts, config))
    return receiveExlibrisNotice(ctx, mail, parsed);
  // Never answer machines: no mail loop is possible, whatever else the mail says.
  if (parsed.autoGenerated) return silent(`auto-generated: ${parsed.autoGenerated}`, reading.kind);
  if (!sender || sender === config.mailbox) return silent('no usable sender', reading.kind);
  const verdictFailure = verdictProblem(mail.verdicts ?? parsed.headerVerdicts);
  if (verdictFailure) return silent(`not verified: ${verdictFailure}`, reading.kind);

  const institution = institutionOfSender(config, sender);
  const languageFor = (institution: Institution | undefined) =>
    (reading.language ?? institution?.language ?? 'en') as Language;

  if (oversized) {
    if (!institution) return silent('too large, unknown sender');
    return rejection(parsed, reading, languageFor(institution), 'too-large', null);
  }

  // A reply in a thread we know: complete a pending request, or attach to an answered one.
  const reference = reading.references[0];
  const previous = reference ? await ctx.requests.getRequest(reference) : undefined;
  if (previous && institution && previous.institution === institution.code) {
    if (previous.status === 'pending') {
      const merged: RequestReading = {
        ...reading,
        kind: reading.kind === 'other' ? previous.kind : reading.kind,
        fields: { ...(previous.fields as RequestFields), ...reading.fields },
        invalid: Object.fromEntries(
          Object.entries(reading.invalid).filter(
            ([field]) => reading.fields[field as FieldName] === undefined,
          ),
        ),
      };
      return applyRequest(ctx, {
        mail,
        parsed,
        reading: merged,
        institution,
        language: languageFor(institution),
        previous,
      });
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
    return forwardToHelpdesk(
      config,
      parsed,
      mail.raw,
      'reply to an answered request',
      previous.reference,
      reading.kind,
    );
  }

  if (reading.kind === 'other')
    return forwardToHelpdesk(config, parsed, mail.raw, 'not an account request', null, 'other');
  if (!institution) return silent('sender is not a manager of any institution', reading.kind);
  return applyRequest(ctx, {
    mail,
    parsed,
    reading,
    institution,
    language: languageFor(institution),
    ...(knownReference ? { knownReference } : {}),
  });
}
