import pMap from 'p-map';
import type { Language } from '../../config/schema';
import { abandonmentKey, type FollowUpStep, followUpStep, reminderKey } from '../../domain/follow-up-steps';
import {
  abandonedAnswer,
  abandonedHelpdeskNotice,
  type FollowUpAnswerInput,
  generatedHeaders,
  type MissingItem,
  missingFields,
  reminderAnswer,
} from '../../domain/mail';
import type { NoticeKind } from '../../domain/notices/keys';
import type { OutgoingMail } from '../../domain/ports';
import type { AccountRequest } from '../../domain/requests';
import { ConcurrentUpdateError } from '../../errors';
import { sendExactlyOnce } from '../claimed-sends';
import { CLAIM_TTL_DAYS } from './delivery';
import type { DeliveryOutcome, JobOutcome, NoticeRunScope, PlannedNotice } from './notice-job';
import { helpdeskLanguage, institutionOf } from './recipients';

const FOLLOW_UP_CONCURRENCY = 4;

type Outcome = Omit<DeliveryOutcome, 'handled'>;

/** One follow-up message: decided, claimed under `key`, sent, completed (or released when not sent). */
interface FollowUpMessage {
  key: string;
  kind: NoticeKind;
  reference: string;
  mail: OutgoingMail;
}

/**
 * The daily sweep of requests waiting for missing fields (job `request-follow-up`): one Query of
 * the sparse waiting index, then per request one reminder after `requests.remindAfterDays`, or
 * after `requests.abandonAfterDays` the request closed as abandoned (recorded first, with its
 * version), then the requester and the helpdesk told, each once. Every message is claimed before
 * it is sent, so a second run of the same day, or two at once, sends nothing more; a failed send
 * gives its claim back and the request stays in the index for the scheduler's retry.
 */
export async function requestFollowUp(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today } = scope;
  const settings = ctx.config.requests;
  const waiting = await ctx.requests.listWaiting();
  const outcome: Outcome = { planned: 0, alreadySent: 0, inFlight: 0, sent: 0, failures: [], notices: [] };
  const counts = { reminded: 0, abandoned: 0 };
  const due = waiting.items.filter((r) => followUpStep(r, today, settings) !== null);
  await pMap(
    due,
    async (listed) => {
      // The index is eventually consistent: a reply may have completed the request a moment ago.
      const request = await ctx.requests.getRequest(listed.reference);
      const step = request && followUpStep(request, today, settings);
      if (!request || !step) return;
      if (step.kind === 'reminder') {
        if ((await deliver(scope, reminderOf(scope, request, step), outcome)) === 'sent') counts.reminded++;
        return;
      }
      let abandoned = request;
      if (step.kind === 'abandon') {
        const closed = await recordAbandoned(scope, request);
        if (!closed) return;
        abandoned = closed;
        counts.abandoned++;
      }
      await tellAbandoned(scope, abandoned, step, outcome);
    },
    { concurrency: FOLLOW_UP_CONCURRENCY },
  );
  // Requests are followed up concurrently; the report lists their messages in reference order.
  outcome.notices.sort((a, b) => (a.references?.[0] ?? '').localeCompare(b.references?.[0] ?? ''));
  return {
    itemsRead: waiting.itemsRead,
    deliveries: [{ ...outcome, handled: new Set() }],
    details: { waiting: waiting.items.length, due: due.length, ...counts },
  };
}

/** What the request still waits for: as last asked, or read again from its fields (older records). */
function missingOf(request: AccountRequest): MissingItem[] {
  return (
    request.missing ??
    missingFields(request.kind, { fields: request.fields, invalid: {}, references: [request.reference] })
  );
}

function answerInput(request: AccountRequest, step: FollowUpStep, language: Language): FollowUpAnswerInput {
  return {
    language,
    reference: request.reference,
    kind: request.kind,
    missing: missingOf(request),
    understood: request.fields,
    waitingSince: step.waitingSince,
  };
}

function reminderOf(
  scope: NoticeRunScope,
  request: AccountRequest,
  step: Extract<FollowUpStep, { kind: 'reminder' }>,
): FollowUpMessage {
  const text = reminderAnswer({
    ...answerInput(request, step, request.language as Language),
    closesOn: step.closesOn,
  });
  return {
    key: reminderKey(request.reference, step.waitingSince),
    kind: 'request-reminder',
    reference: request.reference,
    // The reference in the subject: the requester's reply completes the request as any other reply.
    mail: {
      to: [request.sender],
      subject: text.subject,
      text: text.text,
      replyTo: [scope.ctx.config.mailbox],
      headers: generatedHeaders(request.reference),
    },
  };
}

/**
 * Closes the request as abandoned, as the version after the one read: a reply that came in since
 * wins (the write fails, the request is left alone, the next sweep judges it again). A dry run
 * records nothing and goes on as if it had.
 */
async function recordAbandoned(
  scope: NoticeRunScope,
  request: AccountRequest,
): Promise<AccountRequest | undefined> {
  const closed: AccountRequest = {
    ...request,
    status: 'abandoned',
    abandonedAt: scope.now.toISOString(),
    version: request.version + 1,
  };
  if (scope.mode.dryRun) return closed;
  try {
    await scope.ctx.requests.putRequest(closed);
    return closed;
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    scope.ctx.logger.info('request changed while it was being closed; left for the next sweep', {
      reference: request.reference,
    });
    return undefined;
  }
}

/** The requester (in the request's language) and the helpdesk (in its own) are told; then the request leaves the index. */
async function tellAbandoned(
  scope: NoticeRunScope,
  request: AccountRequest,
  step: FollowUpStep,
  outcome: Outcome,
): Promise<void> {
  const { ctx } = scope;
  const toRequester = abandonedAnswer(answerInput(request, step, request.language as Language));
  const toHelpdesk = abandonedHelpdeskNotice({
    ...answerInput(request, step, helpdeskLanguage(ctx.config)),
    institution: institutionOf(ctx.config, request.institution).name,
    requester: request.sender,
  });
  const messages: FollowUpMessage[] = [
    {
      key: abandonmentKey(request.reference, 'requester'),
      kind: 'request-abandoned',
      reference: request.reference,
      mail: {
        to: [request.sender],
        subject: toRequester.subject,
        text: toRequester.text,
        headers: generatedHeaders(request.reference),
      },
    },
    {
      key: abandonmentKey(request.reference, 'helpdesk'),
      kind: 'request-abandoned-helpdesk',
      reference: request.reference,
      mail: {
        to: [ctx.config.helpdesk],
        subject: toHelpdesk.subject,
        text: toHelpdesk.text,
        replyTo: [request.sender],
        headers: generatedHeaders(request.reference),
      },
    },
  ];
  // One after the other: the requester first, so reports and previews list them in one order.
  const results: Awaited<ReturnType<typeof deliver>>[] = [];
  for (const message of messages) results.push(await deliver(scope, message, outcome));
  if (scope.mode.dryRun || !results.every((r) => r === 'sent' || r === 'done')) return;
  try {
    await ctx.requests.putRequest({
      ...request,
      abandonmentToldAt: scope.now.toISOString(),
      version: request.version + 1,
    });
  } catch (error) {
    // Both were told (their claims say so); the next sweep only takes it out of the index.
    if (!(error instanceof ConcurrentUpdateError)) throw error;
  }
}

/**
 * Sends one follow-up message once ever: claim, send, complete; a send that fails releases the
 * claim (a retry sends it), a sent message's claim is never released. In a dry run nothing is
 * claimed or sent: the message is listed unless it went out already (or was listed on an
 * earlier day of the preview).
 */
async function deliver(
  scope: NoticeRunScope,
  message: FollowUpMessage,
  outcome: Outcome,
): Promise<'sent' | 'done' | 'held' | 'failed' | 'planned' | 'skipped'> {
  const { ctx, mode } = scope;
  outcome.planned++;
  const planned: PlannedNotice = {
    date: scope.today,
    job: scope.job,
    kind: message.kind,
    to: message.mail.to,
    cc: message.mail.cc ?? [],
    subject: message.mail.subject,
    accountIds: [],
    references: [message.reference],
    text: message.mail.text,
    html: '',
  };
  if (mode.dryRun) {
    if (mode.seen?.has(message.key) || (await ctx.noticeState.isDone(message.key))) return 'skipped';
    mode.seen?.add(message.key);
    outcome.notices.push(planned);
    return 'planned';
  }
  // Leases follow the later of the job's time and the wall clock, so a retry of an old schedule can take over.
  const leaseNow = new Date(Math.max(scope.now.getTime(), Date.now()));
  const result = await sendExactlyOnce(ctx, {
    what: 'follow-up',
    log: { job: scope.job, kind: message.kind, reference: message.reference },
    claims: {
      key: message.key,
      details: { job: scope.job, kind: message.kind, reference: message.reference, day: scope.today },
      options: { now: leaseNow, ttlDays: CLAIM_TTL_DAYS },
    },
    mail: message.mail,
    onSendFailure: 'report',
  });
  if (result.outcome === 'already-sent' || result.outcome === 'held') {
    outcome.alreadySent++;
    if (result.outcome === 'held') outcome.inFlight++;
    return result.outcome === 'held' ? 'held' : 'done';
  }
  if (result.outcome === 'not-sent') {
    outcome.failures.push(result.error);
    return 'failed';
  }
  outcome.sent++;
  outcome.notices.push(planned);
  if (!result.marked) outcome.failures.push(result.error);
  return 'sent';
}
