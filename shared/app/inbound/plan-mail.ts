import { institutionOfSender } from '../../config/load';
import type { Institution, Language } from '../../config/schema';
import { provisioningMode } from '../../domain/alma/provisioning';
import { brusselsDate } from '../../domain/calendar';
import {
  type FieldName,
  type ParsedMail,
  parseRawMail,
  type RequestFields,
  type RequestKind,
  type RequestReading,
  readRequest,
} from '../../domain/mail';
import { mailCostProblem } from '../../domain/mail/mail-cost';
import {
  type AuthenticationFacts,
  fromMailbox,
  receiptAuthenticationFacts,
  senderTrust,
  sesAuthenticationFacts,
} from '../../domain/mail/sender';
import {
  decideNameCorrection,
  nameCorrectionAnswers,
  readNameCorrection,
} from '../../domain/name-correction';
import { type AccountRequest, accountView, type InboundPlan } from '../../domain/requests';
import { maskEmail, messageRef } from '../../logging';
import type { AppContext } from '../context';
import { isExlibrisNotice, receiveExlibrisNotice } from '../monitor/exlibris-notice';
import { forwardPlan, rejectionPlan, threadHeaders } from './inbound-answers';
import type { InboundMail } from './ingest-result';
import { planRequest } from './request-plan';

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

/** The authentication facts of a mail: SES's receipt in AWS, else what SES wrote into the stored mail. */
function authenticationFacts(mail: InboundMail, head: ParsedMail): AuthenticationFacts | undefined {
  const stored = sesAuthenticationFacts(head.authenticationResults, {
    spam: head.headerVerdicts.spam,
    virus: head.headerVerdicts.virus,
  });
  if (!mail.receipt) return stored;
  return receiptAuthenticationFacts(mail.receipt.verdicts, mail.receipt.envelopeSender, stored);
}

/**
 * Decides what one inbound mail leads to, reading what it needs and writing nothing. One order
 * for every route, on the header block alone: SES's virus and spam verdicts, then who really sent
 * it (the DMARC rule, on SES's own results only). Only then is the body counted (the cost bounds)
 * and read, and the mail routed: an Ex Libris status mail to the monitor, machine mail nowhere,
 * then the thread it belongs to, the request's plan, a forward to the helpdesk, or a silent refusal.
 */
export async function planInboundMail(ctx: AppContext, mail: InboundMail): Promise<InboundPlan> {
  const { config, logger: log } = ctx;
  const base = { messageId: mail.messageId, decidedAt: mail.now.toISOString() };
  const today = brusselsDate(mail.now);
  const readingOf = (parsed: ParsedMail) =>
    readRequest(parsed, today, { horizonYears: config.limits.endDateHorizonYears });
  // Authentication first, body second: an untrusted sender's mail costs its header block only.
  const head = await parseRawMail(headerBlock(mail.raw));
  // Until the body is read, the kind comes from the subject.
  let reading = readingOf(head);
  const from = fromMailbox(head.fromHeaders);
  const sender = from.ok ? from.address : null;
  const silent = (reason: string, kind: RequestKind = reading.kind): InboundPlan => {
    log.warn('mail refused without answer', {
      messageId: messageRef(mail.messageId),
      reason,
      sender: maskEmail(sender ?? head.from?.address),
    });
    return {
      ...base,
      result: { outcome: 'rejected', kind, reference: null, missing: [], reason, account: null },
      answers: [],
    };
  };

  // SES's verdicts (the receipt's in AWS, the X-SES-* headers it wrote into a stored mail), whoever
  // the sender: a mail with a virus is dropped, never forwarded with its attachments.
  const screening = mail.receipt?.verdicts ?? head.headerVerdicts;
  if (screening.virus === 'FAIL') return silent('virus');
  if (screening.spam === 'FAIL') return silent('spam');
  // The one authentication rule, for every route.
  if (!from.ok) return silent(`from: ${from.problem}`);
  const facts = authenticationFacts(mail, head);
  if (!facts) return silent('not verified: no authentication results');
  const trust = senderTrust(from.domain, facts);
  if (!trust.trusted) return silent(`not verified: ${trust.problem}`);

  const tooCostly = await mailCostProblem(mail.raw, config.limits);
  const parsed = tooCostly ? head : await parseRawMail(mail.raw);
  if (!tooCostly) reading = readingOf(parsed);
  // Ex Libris' status mails are machine mail the monitor reads: routed before the machine-mail rule.
  if (!tooCostly && isExlibrisNotice({ from: { address: from.address, name: '' } }, trust, config)) {
    return receiveExlibrisNotice(ctx, mail, parsed);
  }
  // Never answer machines: no mail loop is possible, whatever else the mail says.
  if (parsed.autoGenerated) return silent(`auto-generated: ${parsed.autoGenerated}`);
  if (from.address === config.mailbox) return silent('no usable sender');

  const institution = institutionOfSender(config, from.address);
  const languageFor = (i: Institution | undefined) => (reading.language ?? i?.language ?? 'en') as Language;
  if (tooCostly) {
    if (!institution) return silent(`${tooCostly}, unknown sender`);
    return rejectionPlan(
      base,
      parsed,
      from.address,
      reading.kind,
      languageFor(institution),
      'too-large',
      null,
    );
  }

  // A reply in a thread we know: complete a pending request, or attach to an answered one.
  const reference = reading.references[0];
  const previous = reference ? await ctx.requests.getRequest(reference) : undefined;
  if (previous && institution && previous.institution === institution.code) {
    // Only the one who asked, or a manager of the institution, may complete or add to a request.
    const mayComplete = previous.sender === from.address || institution.managers.includes(from.address);
    if (previous.status === 'pending' && mayComplete) {
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
      return planRequest(ctx, {
        mail,
        parsed,
        sender: from.address,
        reading: merged,
        institution,
        language: languageFor(institution),
        previous,
      });
    }
    // Closed for want of an answer: nothing is completed any more; a new request must be sent.
    if (previous.status === 'abandoned' && mayComplete)
      return rejectionPlan(
        base,
        parsed,
        from.address,
        previous.kind,
        (reading.language ?? previous.language) as Language,
        'request-abandoned',
        previous.reference,
      );
    // "Prénom : Marie": the manager corrects the given/family split the answer listed.
    if (
      previous.status === 'accepted' &&
      previous.kind === 'new-personal' &&
      previous.accountId &&
      mayComplete
    ) {
      const corrected = await nameCorrectionPlan(ctx, base, parsed, from.address, previous, institution);
      if (corrected) return corrected;
    }
    const why = mayComplete ? 'reply to an answered request' : 'reply by someone else than the requester';
    const plan = forwardPlan(base, config, parsed, from.address, why, previous.reference, reading.kind);
    if (previous.accountId && mayComplete)
      plan.account = {
        kind: 'history',
        eventId: mail.messageId,
        event: {
          accountId: previous.accountId,
          at: mail.now.toISOString(),
          actor: from.address,
          action: 'reply',
          reason: 'reply to an answered request, forwarded to the helpdesk',
          messageId: mail.messageId,
          reference: previous.reference,
        },
      };
    return plan;
  }

  if (reading.kind === 'other')
    return forwardPlan(base, config, parsed, from.address, 'not an account request', null, 'other');
  if (!institution) return silent('sender is not a manager of any institution');
  return planRequest(ctx, {
    mail,
    parsed,
    sender: from.address,
    reading,
    institution,
    language: languageFor(institution),
  });
}

/**
 * A reply to an accepted new personal account that gives the given or family name: the account
 * takes the corrected split (decided in the domain), the manager and the helpdesk are told, and
 * a user this service created in Alma takes the names too. Undefined when the reply says no such thing.
 */
async function nameCorrectionPlan(
  ctx: Pick<AppContext, 'accounts' | 'config'>,
  base: Pick<InboundPlan, 'messageId' | 'decidedAt'>,
  parsed: ParsedMail,
  sender: string,
  previous: AccountRequest,
  institution: Institution,
): Promise<InboundPlan | undefined> {
  const account = await ctx.accounts.get(previous.accountId!);
  if (!account || account.institution !== institution.code) return undefined;
  const names = readNameCorrection(parsed, account.fullName);
  if (!names) return undefined;
  const now = new Date(base.decidedAt);
  const source = {
    actor: sender,
    reason: 'name corrected by reply',
    messageId: base.messageId,
    reference: previous.reference,
  };
  const decision = decideNameCorrection(account, names, source, now);
  if (decision.outcome !== 'corrected') return undefined;
  const next = decision.account;
  const almaBySuite =
    provisioningMode(institution) !== 'off' && next.alma?.linkedAt && next.alma.origin === 'created'
      ? { primaryId: next.alma.primaryId }
      : null;
  const language = previous.language as Language;
  const texts = nameCorrectionAnswers({
    language,
    helpdeskLanguage: ctx.config.alerts.language,
    reference: previous.reference,
    account: next,
    almaBySuite,
    institutionName: institution.name,
  });
  const headers = threadHeaders(parsed, previous.reference);
  const cc = previous.sender !== sender ? [previous.sender] : [];
  return {
    ...base,
    result: {
      outcome: 'accepted',
      kind: 'new-personal',
      reference: previous.reference,
      missing: [],
      reason: 'name corrected',
      account: accountView(next),
    },
    account: { kind: 'update', next, event: decision.event },
    ...(almaBySuite ? { alma: { kind: 'sync-expiry' as const, accountId: next.id } } : {}),
    answers: [
      {
        id: 'name-corrected',
        mail: { to: [sender], ...(cc.length ? { cc } : {}), ...texts.manager, headers },
      },
      {
        id: 'name-corrected-helpdesk',
        mail: { to: [ctx.config.helpdesk], replyTo: [sender], ...texts.helpdesk, headers },
      },
    ],
  };
}
