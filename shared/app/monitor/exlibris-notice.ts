import { getDomain } from 'tldts';
import type { Config } from '../../config/schema';
import { formatInstant } from '../../domain/calendar';
import { generatedHeaders, type ParsedMail } from '../../domain/mail';
import type { SenderTrust } from '../../domain/mail/sender';
import { type ExlibrisNotice, laterPhase, readExlibrisNotice } from '../../domain/monitor/exlibris-mail';
import { renderMaintenanceNotice } from '../../domain/monitor/maintenance-notice';
import type { AnnouncedWindow } from '../../domain/monitor/types';
import { isOpenWindow, type WindowLimits, windowBound } from '../../domain/monitor/window-bound';
import type { InboundPlan } from '../../domain/requests';
import { ALERT_TEXTS } from '../../domain/texts/alert-texts';
import { ConcurrentUpdateError } from '../../errors';
import { messageRef } from '../../logging';
import { sendExactlyOnce } from '../claimed-sends';
import type { AppContext } from '../context';
import { forwardPlan } from '../inbound/inbound-answers';
import type { InboundMail } from '../inbound/ingest-result';

/**
 * Ex Libris' own status mails, routed here from the inbound flow: a maintenance announced
 * becomes a window of its environment before it starts (the status check sends no probe alert
 * inside it), the managers of the institutions on that environment get one notice each, in
 * their language, and "finished" closes it. Every mail is kept in the window's history.
 */

/**
 * A mail from Ex Libris: its From's organisational domain is one of `monitor.exlibrisMail.senderDomains`
 * and the inbound flow's one authentication rule trusts that From (DMARC, or SPF or DKIM aligned,
 * judged on SES's own results only, after the virus and spam verdicts): the trust is that rule's
 * verdict, never a verdict read from the mail.
 */
export function isExlibrisNotice(
  parsed: Pick<ParsedMail, 'from'>,
  trust: SenderTrust,
  config: Pick<Config, 'monitor'>,
): boolean {
  const domain = parsed.from?.address.split('@')[1];
  if (!domain || !trust.trusted) return false;
  const organisational = (getDomain(domain) ?? domain).toLowerCase();
  return config.monitor.exlibrisMail.senderDomains.some((d) => d.toLowerCase() === organisational);
}

const MAX_WRITE_ATTEMPTS = 4;

function accepted(mail: InboundMail, reason: string): InboundPlan {
  return {
    messageId: mail.messageId,
    decidedAt: mail.now.toISOString(),
    result: { outcome: 'accepted', kind: 'other', reference: null, missing: [], reason, account: null },
    answers: [],
  };
}

/** The window a maintenance mail speaks of: by its start, else the environment's open one. */
function windowFor(
  windows: readonly AnnouncedWindow[],
  notice: Extract<ExlibrisNotice, { kind: 'maintenance' }>,
  at: Date,
  limits: WindowLimits,
): AnnouncedWindow | undefined {
  if (notice.start) return windows.find((w) => w.id === `mail:${notice.start}`);
  // A lapsed window may still be closed by a late "finished" mail, but a new "started" mail is a new window.
  const open = windows.filter((w) =>
    notice.phase === 'finished' ? w.phase !== 'finished' : isOpenWindow(w, at, limits),
  );
  // "started"/"finished" mails rarely repeat the times: the open window nearest to the mail's time.
  const distance = (w: AnnouncedWindow) => Math.abs(Date.parse(w.start ?? w.history[0]!.at) - at.getTime());
  return [...open].sort((a, b) => distance(a) - distance(b))[0];
}

/** The stored window after this mail: created, or moved forward and completed with what the mail adds. */
function applyNotice(
  previous: AnnouncedWindow | undefined,
  notice: Extract<ExlibrisNotice, { kind: 'maintenance' }>,
  environment: string,
  parsed: ParsedMail,
  at: Date,
): AnnouncedWindow | undefined {
  const entry = {
    at: at.toISOString(),
    phase: notice.phase,
    messageId: parsed.messageId,
    subject: parsed.subject,
  };
  if (!previous) {
    // A "finished" mail for a window we never heard of closes nothing.
    if (notice.phase === 'finished') return undefined;
    const start = notice.start ?? (notice.phase === 'started' ? entry.at : null);
    return {
      id: `mail:${start ?? entry.at}`,
      environment,
      title: notice.title,
      start,
      end: notice.end,
      phase: notice.phase,
      history: [entry],
      told: [],
      version: 0,
    };
  }
  if (previous.history.some((h) => h.messageId === parsed.messageId)) return previous;
  return {
    ...previous,
    phase: laterPhase(previous.phase, notice.phase),
    // A window announced without a start begins with the first mail saying it has.
    start: previous.start ?? notice.start ?? (notice.phase === 'started' ? entry.at : null),
    end: notice.end ?? previous.end,
    title: notice.phase === 'planned' ? notice.title : previous.title,
    history: [...previous.history, entry],
  };
}

/** Reads, applies and stores one environment's window; re-reads on a concurrent write. */
async function recordWindow(
  ctx: Pick<AppContext, 'config' | 'monitor'>,
  notice: Extract<ExlibrisNotice, { kind: 'maintenance' }>,
  environment: string,
  parsed: ParsedMail,
  at: Date,
): Promise<AnnouncedWindow | undefined> {
  for (let attempt = 1; ; attempt++) {
    const { items } = await ctx.monitor.windows(environment);
    const previous = windowFor(items, notice, at, ctx.config.monitor.exlibrisMail);
    const next = applyNotice(previous, notice, environment, parsed, at);
    if (!next || next === previous) return next;
    try {
      await ctx.monitor.putWindow(next, next.version, ctx.config.retention.monitorHistoryDays);
      return { ...next, version: next.version + 1 };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
    }
  }
}

/** One notice per institution of the environment, claimed so a repeated or later mail never tells it twice. */
async function tellManagers(ctx: AppContext, window: AnnouncedWindow, now: Date): Promise<string[]> {
  const told: string[] = [];
  const institutions = ctx.config.institutions.filter(
    (i) => i.almaEnvironment === window.environment && !window.told.includes(i.code),
  );
  await Promise.all(
    institutions.map(async (institution) => {
      const key = `maintenance-notice#${window.environment}#${window.id}#${institution.code}`;
      const { subject, text } = renderMaintenanceNotice(
        window,
        institution,
        windowBound(window, ctx.config.monitor.exlibrisMail),
      );
      // A failed send gives the claim back and fails the inbound run: its retry tells them.
      const result = await sendExactlyOnce(ctx, {
        what: 'maintenance notice',
        log: { key },
        claims: {
          key,
          details: { job: 'exlibris-notice', window: window.id, institution: institution.code },
          options: { now, ttlDays: ctx.config.retention.monitorHistoryDays },
        },
        mail: {
          to: [...institution.managers],
          subject,
          text,
          headers: generatedHeaders('status', { bulk: true }),
        },
      });
      if (result.outcome === 'sent' || result.outcome === 'already-sent') told.push(institution.code);
    }),
  );
  // Sent concurrently; reported in the config's order, whichever answered first.
  const order = institutions.map((i) => i.code);
  return told.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Remembers which institutions were told, so the page and later mails know. */
async function markTold(
  ctx: Pick<AppContext, 'config' | 'monitor'>,
  window: AnnouncedWindow,
  codes: string[],
): Promise<void> {
  let current = window;
  for (let attempt = 1; codes.some((c) => !current.told.includes(c)); attempt++) {
    const next = { ...current, told: [...new Set([...current.told, ...codes])] };
    try {
      await ctx.monitor.putWindow(next, current.version, ctx.config.retention.monitorHistoryDays);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      const fresh = (await ctx.monitor.windows(window.environment)).items.find((w) => w.id === window.id);
      if (!fresh) return;
      current = fresh;
    }
  }
}

function windowText(window: AnnouncedWindow, limits: WindowLimits): string {
  const when = window.start
    ? `${formatInstant(window.start)}${window.end ? ` – ${formatInstant(window.end)}` : ''}`
    : 'start not announced';
  const bound = windowBound(window, limits);
  const latest =
    window.phase === 'finished' || bound.kind === 'announced'
      ? ''
      : `; ${ALERT_TEXTS.en.bound[bound.kind](formatInstant(bound.until))}`;
  return `${window.environment}, ${when}${latest}`;
}

/** The inbound flow's answer to an Ex Libris mail: nothing is sent back; the monitor's state changes. */
export async function receiveExlibrisNotice(
  ctx: AppContext,
  mail: InboundMail,
  parsed: ParsedMail,
): Promise<InboundPlan> {
  const environments = ctx.config.monitor.environments.map((e) => e.name);
  const notice = readExlibrisNotice({ subject: parsed.subject, text: parsed.text }, environments);
  const at = parsed.date && Date.parse(parsed.date) <= mail.now.getTime() ? new Date(parsed.date) : mail.now;
  ctx.logger.info('exlibris notice', { messageId: messageRef(mail.messageId), kind: notice.kind });
  if (notice.kind === 'unreadable') {
    // People read what the monitor cannot: the helpdesk gets it as any other non-request.
    return forwardPlan(
      { messageId: mail.messageId, decidedAt: mail.now.toISOString() },
      ctx.config,
      parsed,
      parsed.from?.address ?? null,
      `Ex Libris mail not understood: ${notice.reason}`,
      null,
      'other',
    );
  }
  if (notice.kind === 'incident') {
    // Incidents are read from the status sources every 5 minutes; the mail itself changes nothing.
    return accepted(
      mail,
      `exlibris notice: incident on ${notice.environments.join(', ')} (the status check follows it)`,
    );
  }
  const said: string[] = [];
  for (const environment of notice.environments) {
    const window = await recordWindow(ctx, notice, environment, parsed, at);
    if (!window) {
      said.push(`${environment}: no open maintenance window to close`);
      continue;
    }
    let told: string[] = [];
    if (window.phase !== 'finished' && ctx.config.monitor.exlibrisMail.notifyManagers) {
      told = await tellManagers(ctx, window, mail.now);
      if (told.length) await markTold(ctx, window, told);
    }
    said.push(
      `maintenance ${window.phase} (${windowText(window, ctx.config.monitor.exlibrisMail)})${told.length ? `; managers told: ${told.join(', ')}` : ''}`,
    );
  }
  return accepted(mail, `exlibris notice: ${said.join('; ')}`);
}
