import type { AlertIntent, AlertKind, Audience, MonitorTarget } from './types';

/**
 * Which mails a run sends. Alerts about one environment told in the same run go in one mail:
 * Ex Libris's outage together with our failing probes of its institutions, or every
 * institution of the environment failing together (the mail names them all).
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

function environmentOf(target: MonitorTarget): string | undefined {
  return target.kind === 'environment' ? target.name : target.environment;
}

export function planAlertMails(intents: readonly AlertIntent[], members: EnvironmentMembers): AlertMail[] {
  const mails: AlertMail[] = [];
  const groups = new Map<string, AlertIntent[]>();
  for (const intent of intents) {
    const family = FAMILY[intent.kind];
    const environment = environmentOf(intent.target);
    if (family && environment) {
      const key = [environment, family, intent.audience, intent.severity ?? ''].join('|');
      groups.set(key, [...(groups.get(key) ?? []), intent]);
    } else {
      mails.push({ kind: intent.kind, audience: intent.audience, intents: [intent] });
    }
  }
  for (const group of groups.values()) {
    const own = group.find((i) => i.target.kind === 'environment');
    const institutions = group.filter((i) => i.target.kind === 'institution');
    const environment = environmentOf(group[0]!.target)!;
    const all = members.get(environment) ?? [];
    const told = new Set(institutions.map((i) => (i.target.kind === 'institution' ? i.target.code : '')));
    const whole = all.length >= 2 && all.every((code) => told.has(code));
    if (own || whole) {
      const ordered = own ? [own, ...institutions] : institutions;
      mails.push({
        kind: ordered[0]!.kind,
        audience: ordered[0]!.audience,
        intents: ordered,
        ...(whole ? { wholeEnvironment: environment } : {}),
      });
    } else {
      for (const intent of group)
        mails.push({ kind: intent.kind, audience: intent.audience, intents: [intent] });
    }
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
