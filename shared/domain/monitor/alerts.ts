import type { AlertIntent, AlertKind, Audience, MonitorTarget } from './types';

/**
 * Which mails a run sends: one mail per cause, naming every target it touches.
 * - Alerts about one environment told in the same run go in one mail: Ex Libris's outage
 *   together with our failing probes of its institutions, or the institutions of the
 *   environment failing together (the mail names them all; `wholeEnvironment` when every one).
 * - Operators hear of an unreadable source once per cause (the same missing secret, the same
 *   changed page), whichever targets it touches, and of its end once.
 */
export interface AlertMail {
  kind: AlertKind;
  audience: Audience;
  /** The alerts this mail tells, the environment's own first; each key is claimed before sending. */
  intents: AlertIntent[];
  /** Set when the mail names every institution of this environment. */
  wholeEnvironment?: string;
}

/** Alerts that may share a mail, by family: an outage (Ex Libris's or our probes'), a mismatch, a reminder, a recovery. */
const FAMILY: Partial<Record<AlertKind, string>> = {
  'exlibris-outage': 'outage',
  'probe-failure': 'outage',
  'status-mismatch': 'mismatch',
  reminder: 'reminder',
  recovery: 'recovery',
};

/** Institution codes per environment name, from the config. */
export type EnvironmentMembers = ReadonlyMap<string, readonly string[]>;

export function environmentOf(target: MonitorTarget): string | undefined {
  return target.kind === 'environment' ? target.name : target.environment;
}

/** The key of the mail an alert goes in; undefined for an alert told on its own (a maintenance window). */
function mailKey(intent: AlertIntent): string | undefined {
  if (intent.kind === 'source-unreadable' || intent.kind === 'source-recovered')
    return [intent.kind, intent.source ?? '', intent.cause ?? ''].join('|');
  const family = FAMILY[intent.kind];
  const environment = environmentOf(intent.target);
  if (!family || !environment) return undefined;
  // One recovery mail per environment and run for people, whoever each episode went to: two
  // episodes ending together (Ex Libris' outage and our probes' mismatch) read as one recovery.
  const audience = family === 'recovery' && intent.audience !== 'operators' ? 'people' : intent.audience;
  return [environment, family, audience, family === 'recovery' ? '' : (intent.severity ?? '')].join('|');
}

/** A merged recovery goes to everyone its episodes went to: the helpdesk's list holds the recipients'. */
function widestAudience(group: readonly AlertIntent[]): Audience {
  return group.some((i) => i.audience === 'helpdesk') ? 'helpdesk' : group[0]!.audience;
}

export function planAlertMails(intents: readonly AlertIntent[], members: EnvironmentMembers): AlertMail[] {
  const mails: AlertMail[] = [];
  const groups = new Map<string, AlertIntent[]>();
  for (const intent of intents) {
    const key = mailKey(intent);
    if (key) groups.set(key, [...(groups.get(key) ?? []), intent]);
    else mails.push({ kind: intent.kind, audience: intent.audience, intents: [intent] });
  }
  for (const group of groups.values()) {
    // The environment's own alert leads: its mail says what Ex Libris says, then our probes.
    const ordered = [
      ...group.filter((i) => i.target.kind === 'environment'),
      ...group.filter((i) => i.target.kind === 'institution'),
    ];
    const first = ordered[0]!;
    const environment = environmentOf(first.target);
    const all = environment ? (members.get(environment) ?? []) : [];
    const told = new Set(ordered.map((i) => (i.target.kind === 'institution' ? i.target.code : '')));
    const whole =
      FAMILY[first.kind] !== undefined &&
      all.length >= 2 &&
      all.every((code) => told.has(code)) &&
      ordered.every((i) => environmentOf(i.target) === environment);
    mails.push({
      kind: first.kind,
      audience: widestAudience(ordered),
      intents: ordered,
      ...(whole && environment ? { wholeEnvironment: environment } : {}),
    });
  }
  return mails;
}

export interface AlertRecipients {
  helpdesk: string;
  recipients: readonly string[];
  operators: readonly string[];
}

/** Addresses for an audience; an empty list falls back to the helpdesk so nothing is silently dropped. */
export function recipientsOf(audience: Audience, config: AlertRecipients): string[] {
  const list =
    audience === 'operators'
      ? [...config.operators]
      : audience === 'helpdesk'
        ? [config.helpdesk, ...config.recipients]
        : [...config.recipients];
  const unique = [...new Set(list.map((a) => a.toLowerCase()))];
  return unique.length ? unique : [config.helpdesk];
}
