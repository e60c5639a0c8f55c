import { estimatedWindow } from './exlibris-times';
import type { WindowPhase } from './types';

/**
 * Reading Ex Libris' own status mails (sent to addresses subscribed on the status page):
 * maintenance planned, started, finished, in English and sometimes French or Dutch. The
 * mails are known from the texts the XML interface quotes ("we will be performing the following
 * maintenance on your Production environment … Estimated Start: … UTC Estimated End: … UTC …
 * Regards, Ex Libris Cloud Services", "The scheduled maintenance on your environment has now
 * finished."), so the reader looks for those phrases and labels, not for a layout.
 */
export type ExlibrisNotice =
  | {
      kind: 'maintenance';
      phase: WindowPhase;
      /** The monitored environments the mail names. */
      environments: string[];
      start: string | null;
      end: string | null;
      title: string;
    }
  | { kind: 'incident'; environments: string[]; title: string }
  | { kind: 'unreadable'; reason: string };

/**
 * Completion wordings in EN/FR/NL ("has completed successfully", "was completed", "is over",
 * "est terminée", "s'est achevée", "is afgerond", "werd voltooid", …). They count only when
 * nothing in the words just before makes them future, conditional or negated ("will be completed",
 * "once the maintenance is over", "sera terminée", "is nog niet afgerond").
 */
const COMPLETION =
  /(?<![a-zà-ÿ])(?:finished|ended|completed|concluded|is (?:now )?(?:complete|over)|termin(?:é|ée|és|ées)|achev(?:é|ée|és|ées)|a pris fin|afgerond|voltooid|beëindigd|afgelopen)(?![a-zà-ÿ])/giu;
const NOT_YET = new Set([
  ...['will', 'shall', 'should', 'would', 'could', 'may', 'might', 'must', 'be', 'expected', 'until', 'once'],
  ...['when', 'after', 'before', 'if', 'not', 'yet', 'never', 'soon'],
  ...['sera', 'seront', 'serait', 'devrait', 'devraient', 'doit', 'doivent', 'pourrait', 'être', 'jusqu’à'],
  ...["jusqu'à", 'lorsque', 'quand', 'fois', 'avant', 'après', 'si', 'pas', 'jamais', 'bientôt'],
  ...['zal', 'zullen', 'moet', 'moeten', 'zou', 'zouden', 'kan', 'worden', 'verwacht', 'zodra', 'wanneer'],
  ...['nadat', 'voordat', 'tot', 'als', 'niet', 'nog', 'nooit'],
]);
/** How many words before a completion wording are read for a future, a condition or a negation. */
const LOOKBACK_WORDS = 4;

function saysCompleted(text: string): boolean {
  for (const match of text.matchAll(COMPLETION)) {
    // The words before it, in its own sentence or line.
    const before =
      text
        .slice(Math.max(0, match.index - 80), match.index)
        .split(/[.!?;:\n]/)
        .pop() ?? '';
    const words = before
      .toLowerCase()
      .split(/[\s,()]+/)
      .filter(Boolean)
      .slice(-LOOKBACK_WORDS);
    if (!words.some((w) => NOT_YET.has(w) || w.endsWith("n't") || w.endsWith('n’t'))) return true;
  }
  return false;
}
const STARTED =
  /\b(?:has (?:now )?(?:started|begun)|is (?:now )?in progress|maintenance in progress|a (?:maintenant )?commencé|est (?:maintenant )?en cours|is (?:nu )?(?:gestart|begonnen|bezig))(?![a-zà-ÿ])/i;
const PLANNED =
  /\b(?:will be performing|scheduled maintenance|planned maintenance|maintenance programmée|maintenance planifiée|effectuerons|gepland onderhoud|zullen .{0,40}onderhoud)\b|Estimated Start\s*:/i;
const INCIDENT =
  /\b(?:service disruption|outage|performance issues?|investigating|interruption de service|problèmes de performance|storing|prestatieproblemen)\b/i;

/** The configured environments a text names: the whole name, or its instance with "<role> environment". */
export function environmentsNamed(text: string, environments: readonly string[]): string[] {
  const lower = text.replace(/\s+/g, ' ').toLowerCase();
  return environments.filter((name) => {
    const whole = name.replace(/\s+/g, ' ').toLowerCase();
    if (lower.includes(whole)) return true;
    // "Alma EU02 - Production" is also written "Alma EU02 … your Production environment".
    const [instance, role] = whole.split(/\s+-\s+/);
    return Boolean(instance && role && lower.includes(instance) && lower.includes(`${role} environment`));
  });
}

function description(text: string): string | undefined {
  const match = /(?:Description|Détails|Beschrijving)\s*:\s*(.+)/i.exec(text);
  return match?.[1]?.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** What an Ex Libris status mail says, for our environments; `unreadable` when it is none of the known kinds. */
export function readExlibrisNotice(
  mail: { subject: string; text: string },
  environments: readonly string[],
): ExlibrisNotice {
  const whole = `${mail.subject}\n${mail.text}`;
  const named = environmentsNamed(whole, environments);
  const phase: WindowPhase | undefined = saysCompleted(whole)
    ? 'finished'
    : STARTED.test(whole)
      ? 'started'
      : PLANNED.test(whole)
        ? 'planned'
        : undefined;
  const title = description(mail.text) ?? mail.subject.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (phase && /mainten|onderhoud/i.test(whole)) {
    if (named.length === 0) return { kind: 'unreadable', reason: 'names none of the monitored environments' };
    const { start, end } = estimatedWindow(mail.text);
    return { kind: 'maintenance', phase, environments: named, start: start ?? null, end: end ?? null, title };
  }
  if (INCIDENT.test(whole)) {
    if (named.length === 0) return { kind: 'unreadable', reason: 'names none of the monitored environments' };
    return { kind: 'incident', environments: named, title };
  }
  return { kind: 'unreadable', reason: 'neither a maintenance nor an incident notice' };
}

const PHASE_ORDER: Record<WindowPhase, number> = { planned: 0, started: 1, finished: 2 };

/** A window only moves forward: a late "planned" copy never reopens a finished window. */
export function laterPhase(a: WindowPhase, b: WindowPhase): WindowPhase {
  return PHASE_ORDER[b] > PHASE_ORDER[a] ? b : a;
}
