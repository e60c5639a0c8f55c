import { brusselsDate, brusselsTime, formatBelgian } from '../calendar';
import { type AlertMail, environmentOf } from './alerts';
import type { AlertIntent, Severity, SourceKind, SourceReading, StatusVerdict } from './types';

/** Alert mails in FR/NL/EN. The subject starts with the state tag ([DOWN] …) in every language, so filters work. */
export type AlertLanguage = 'fr' | 'nl' | 'en';

export interface RenderedAlert {
  subject: string;
  text: string;
}

export interface RenderContext {
  statusPageUrl: string;
  now: Date;
}

const TAGS: Record<StatusVerdict, string> = {
  down: '[DOWN]',
  degraded: '[DEGRADED]',
  operational: '[OPERATIONAL]',
  maintenance: '[MAINTENANCE]',
  unknown: '[UNKNOWN]',
};

interface Phrases {
  state: Record<Severity, string>;
  source: Record<SourceKind, string>;
  verdict: Record<StatusVerdict, string>;
  exlibrisOutage: Record<Severity, string>;
  exlibrisOutageLead: (env: string, severity: Severity) => string;
  probeFailure: (who: string, severity: Severity) => string;
  probeFailureLead: (who: string, severity: Severity, exlibris: string | undefined) => string;
  mismatch: (who: string) => string;
  mismatchLead: (who: string) => string;
  reminder: (state: string, since: string, n: number) => string;
  recovery: (duration: string) => string;
  recoveryLead: (start: string, end: string, duration: string) => string;
  maintenanceAnnounced: (title: string) => string;
  maintenanceRunning: (title: string) => string;
  window: (start: string | null, end: string | null, bound?: string) => string;
  /** The window's bound when Ex Libris announced no end, or an end beyond the longest a window may quiet alerts. */
  bound: Record<'no-end' | 'clamped', (until: string) => string>;
  unreadable: (source: string) => string;
  unreadableLead: (source: string, target: string, since: string, summary: string) => string;
  readableAgain: (source: string) => string;
  readableAgainLead: (source: string, target: string, since: string, end: string, duration: string) => string;
  allInstitutions: (count: number) => string;
  alsoProbes: (list: string) => string;
  institutions: string;
  since: string;
  sourcesSaid: string;
  statusPage: string;
  footer: string;
  units: { day: string; hour: string; minute: string };
  /** French puts a space before the colon. */
  colon: string;
}

const EN: Phrases = {
  state: { down: 'down', degraded: 'degraded' },
  source: {
    'status-api': 'Ex Libris status API',
    'status-xml': 'Ex Libris status XML interface',
    'status-page': 'Ex Libris status page',
    'status-portal': 'Ex Libris status portal',
    'alma-api': 'Alma API test (users/operation/test)',
    'alma-url': 'Alma web address',
  },
  verdict: {
    operational: 'operational',
    degraded: 'degraded',
    down: 'down',
    maintenance: 'maintenance',
    unknown: 'unknown',
  },
  exlibrisOutage: { down: 'Ex Libris reports an outage', degraded: 'Ex Libris reports performance issues' },
  exlibrisOutageLead: (env, s) =>
    s === 'down'
      ? `Ex Libris reports an outage of ${env}.`
      : `Ex Libris reports performance issues on ${env}.`,
  probeFailure: (who, s) =>
    s === 'down' ? `Alma unreachable for ${who}` : `Alma partly unreachable for ${who}`,
  probeFailureLead: (who, s, exlibris) =>
    `${s === 'down' ? 'Our probes cannot reach Alma' : 'Some of our probes cannot reach Alma'} for ${who}.` +
    (exlibris ? ` Ex Libris says: ${exlibris}.` : ''),
  mismatch: (who) => `Alma unreachable for ${who} while Ex Libris reports normal operation`,
  mismatchLead: (who) =>
    `Ex Libris says the service is operating normally, but our probes cannot reach Alma for ${who}. ` +
    'Either the status page is wrong or the problem is on our side (network, proxy, DNS, API key): please check, and report it to Ex Libris if it is theirs.',
  reminder: (state, since, n) => `still ${state} since ${since} (reminder ${n})`,
  recovery: (duration) => `back to normal after ${duration}`,
  recoveryLead: (start, end, duration) =>
    `The problem started at ${start} and ended at ${end}: it lasted ${duration}.`,
  maintenanceAnnounced: (title) => `maintenance announced by Ex Libris: ${title}`,
  maintenanceRunning: (title) => `maintenance in progress (Ex Libris): ${title}`,
  window: (start, end, bound) =>
    `${start ? `From ${start}` : 'Start not announced yet'}${end ? ` until ${end}` : ''}${bound ? ` (${bound})` : ''}. Probe failures during the window are not alerted; Ex Libris' own outage reports still are.`,
  bound: {
    'no-end': (until) => `no end announced: ends at the latest at ${until}, unless Ex Libris mails again`,
    clamped: (until) => `the end announced is too far ahead: ends at the latest at ${until}`,
  },
  unreadable: (source) => `the checker cannot read its source (${source})`,
  unreadableLead: (source, target, since, summary) =>
    `The status monitor cannot read the answer of the source “${source}” for ${target} (since ${since}): ${summary}. ` +
    'The state shows as unknown and no outage alert is sent on this basis. Please check the source (address, credentials, page layout).',
  readableAgain: (source) => `the checker reads its source again (${source})`,
  readableAgainLead: (source, target, since, end, duration) =>
    `The status monitor reads the source “${source}” for ${target} again: it was unreadable from ${since} to ${end} (${duration}).`,
  allInstitutions: (n) => (n === 2 ? 'both institutions' : `all ${n} institutions`),
  alsoProbes: (list) => `Our own probes also fail for: ${list}.`,
  institutions: 'Institutions',
  since: 'Since',
  sourcesSaid: 'What each source said',
  statusPage: 'Ex Libris status page',
  footer: 'Automatic message from the Alma status monitor. Do not reply.',
  units: { day: 'd', hour: 'h', minute: 'min' },
  colon: ':',
};

const FR: Phrases = {
  state: { down: 'en panne', degraded: 'dégradé' },
  source: {
    'status-api': 'API de statut Ex Libris',
    'status-xml': 'interface XML de statut Ex Libris',
    'status-page': 'page de statut Ex Libris',
    'status-portal': 'portail de statut Ex Libris',
    'alma-api': 'test de l’API Alma (users/operation/test)',
    'alma-url': 'adresse web Alma',
  },
  verdict: {
    operational: 'opérationnel',
    degraded: 'dégradé',
    down: 'en panne',
    maintenance: 'maintenance',
    unknown: 'inconnu',
  },
  exlibrisOutage: {
    down: 'Ex Libris signale une panne',
    degraded: 'Ex Libris signale des problèmes de performance',
  },
  exlibrisOutageLead: (env, s) =>
    s === 'down'
      ? `Ex Libris signale une panne sur ${env}.`
      : `Ex Libris signale des problèmes de performance sur ${env}.`,
  probeFailure: (who, s) =>
    s === 'down' ? `Alma inaccessible pour ${who}` : `Alma partiellement inaccessible pour ${who}`,
  probeFailureLead: (who, s, exlibris) =>
    `${s === 'down' ? 'Nos sondes n’atteignent pas Alma' : 'Une partie de nos sondes n’atteint pas Alma'} pour ${who}.` +
    (exlibris ? ` Ex Libris indique : ${exlibris}.` : ''),
  mismatch: (who) => `Alma inaccessible pour ${who} alors qu’Ex Libris annonce un fonctionnement normal`,
  mismatchLead: (who) =>
    `La page de statut d’Ex Libris indique que le service fonctionne normalement, mais nos sondes n’atteignent pas Alma pour ${who}. ` +
    'Soit la page de statut se trompe, soit le problème est de notre côté (réseau, proxy, DNS, clé API) : merci de vérifier, et de le signaler à Ex Libris si le problème vient de chez eux.',
  reminder: (state, since, n) => `toujours ${state} depuis le ${since} (rappel ${n})`,
  recovery: (duration) => `rétabli après ${duration}`,
  recoveryLead: (start, end, duration) =>
    `Le problème a commencé le ${start} et s’est terminé le ${end} : il a duré ${duration}.`,
  maintenanceAnnounced: (title) => `maintenance annoncée par Ex Libris : ${title}`,
  maintenanceRunning: (title) => `maintenance en cours (Ex Libris) : ${title}`,
  window: (start, end, bound) =>
    `${start ? `Du ${start}` : 'Début pas encore annoncé'}${end ? ` jusqu’au ${end}` : ''}${bound ? ` (${bound})` : ''}. Les échecs des sondes pendant la fenêtre ne donnent pas d’alerte ; les pannes signalées par Ex Libris, si.`,
  bound: {
    'no-end': (until) =>
      `aucune fin annoncée : se termine au plus tard le ${until}, sauf nouveau message d’Ex Libris`,
    clamped: (until) => `la fin annoncée est trop lointaine : se termine au plus tard le ${until}`,
  },
  unreadable: (source) => `le contrôleur ne peut pas lire sa source (${source})`,
  unreadableLead: (source, target, since, summary) =>
    `Le moniteur de statut ne peut pas lire la réponse de la source « ${source} » pour ${target} (depuis le ${since}) : ${summary}. ` +
    'L’état est affiché comme inconnu et aucune alerte de panne n’est envoyée sur cette base. Merci de vérifier la source (adresse, identifiants, mise en page).',
  readableAgain: (source) => `le contrôleur lit de nouveau sa source (${source})`,
  readableAgainLead: (source, target, since, end, duration) =>
    `Le moniteur de statut lit de nouveau la source « ${source} » pour ${target} : elle était illisible du ${since} au ${end} (${duration}).`,
  allInstitutions: (n) => (n === 2 ? 'les deux institutions' : `les ${n} institutions`),
  alsoProbes: (list) => `Nos propres sondes échouent aussi pour : ${list}.`,
  institutions: 'Institutions',
  since: 'Depuis',
  sourcesSaid: 'Ce que dit chaque source',
  statusPage: 'Page de statut Ex Libris',
  footer: 'Message automatique du moniteur de statut Alma. Merci de ne pas répondre.',
  units: { day: 'j', hour: 'h', minute: 'min' },
  colon: ' :',
};

const NL: Phrases = {
  state: { down: 'onbeschikbaar', degraded: 'verstoord' },
  source: {
    'status-api': 'Ex Libris status-API',
    'status-xml': 'Ex Libris XML-statusinterface',
    'status-page': 'Ex Libris-statuspagina',
    'status-portal': 'Ex Libris-statusportaal',
    'alma-api': 'Alma API-test (users/operation/test)',
    'alma-url': 'Alma-webadres',
  },
  verdict: {
    operational: 'operationeel',
    degraded: 'verstoord',
    down: 'onbeschikbaar',
    maintenance: 'onderhoud',
    unknown: 'onbekend',
  },
  exlibrisOutage: { down: 'Ex Libris meldt een storing', degraded: 'Ex Libris meldt prestatieproblemen' },
  exlibrisOutageLead: (env, s) =>
    s === 'down'
      ? `Ex Libris meldt een storing van ${env}.`
      : `Ex Libris meldt prestatieproblemen op ${env}.`,
  probeFailure: (who, s) =>
    s === 'down' ? `Alma onbereikbaar voor ${who}` : `Alma gedeeltelijk onbereikbaar voor ${who}`,
  probeFailureLead: (who, s, exlibris) =>
    `${s === 'down' ? 'Onze controles bereiken Alma niet' : 'Een deel van onze controles bereikt Alma niet'} voor ${who}.` +
    (exlibris ? ` Ex Libris meldt: ${exlibris}.` : ''),
  mismatch: (who) => `Alma onbereikbaar voor ${who} terwijl Ex Libris normale werking meldt`,
  mismatchLead: (who) =>
    `Volgens Ex Libris werkt de dienst normaal, maar onze controles bereiken Alma niet voor ${who}. ` +
    'Ofwel klopt de statuspagina niet, ofwel ligt het probleem bij ons (netwerk, proxy, DNS, API-sleutel): gelieve na te kijken, en het aan Ex Libris te melden als het bij hen ligt.',
  reminder: (state, since, n) => `nog steeds ${state} sinds ${since} (herinnering ${n})`,
  recovery: (duration) => `terug normaal na ${duration}`,
  recoveryLead: (start, end, duration) =>
    `Het probleem begon op ${start} en eindigde op ${end}: het duurde ${duration}.`,
  maintenanceAnnounced: (title) => `onderhoud aangekondigd door Ex Libris: ${title}`,
  maintenanceRunning: (title) => `onderhoud bezig (Ex Libris): ${title}`,
  window: (start, end, bound) =>
    `${start ? `Van ${start}` : 'Begin nog niet aangekondigd'}${end ? ` tot ${end}` : ''}${bound ? ` (${bound})` : ''}. Mislukte controles tijdens het venster geven geen alarm; storingen die Ex Libris zelf meldt wel.`,
  bound: {
    'no-end': (until) =>
      `geen einde aangekondigd: eindigt uiterlijk op ${until}, tenzij Ex Libris opnieuw mailt`,
    clamped: (until) => `het aangekondigde einde ligt te ver: eindigt uiterlijk op ${until}`,
  },
  unreadable: (source) => `de controle kan haar bron niet lezen (${source})`,
  unreadableLead: (source, target, since, summary) =>
    `De statusmonitor kan het antwoord van de bron “${source}” voor ${target} niet lezen (sinds ${since}): ${summary}. ` +
    'De toestand wordt als onbekend getoond en op basis hiervan wordt geen storingsalarm verstuurd. Gelieve de bron na te kijken (adres, inloggegevens, opmaak).',
  readableAgain: (source) => `de controle kan haar bron weer lezen (${source})`,
  readableAgainLead: (source, target, since, end, duration) =>
    `De statusmonitor kan de bron “${source}” voor ${target} weer lezen: ze was onleesbaar van ${since} tot ${end} (${duration}).`,
  allInstitutions: (n) => (n === 2 ? 'beide instellingen' : `alle ${n} instellingen`),
  alsoProbes: (list) => `Ook onze eigen controles mislukken voor: ${list}.`,
  institutions: 'Instellingen',
  since: 'Sinds',
  sourcesSaid: 'Wat elke bron meldt',
  statusPage: 'Ex Libris-statuspagina',
  footer: 'Automatisch bericht van de Alma-statusmonitor. Gelieve niet te antwoorden.',
  units: { day: 'd', hour: 'u', minute: 'min' },
  colon: ':',
};

export const ALERT_PHRASES: Record<AlertLanguage, Phrases> = { en: EN, fr: FR, nl: NL };

/** `31/12/2027 14:05` in Brussels time. */
export function formatInstant(iso: string): string {
  const instant = new Date(iso);
  return `${formatBelgian(brusselsDate(instant))} ${brusselsTime(instant)}`;
}

/** `2 h 10 min`, `1 d 3 h`, `45 min`. */
export function formatDuration(ms: number, units: Phrases['units'] = EN.units): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${units.day}`);
  if (hours) parts.push(`${hours} ${units.hour}`);
  if (rest || parts.length === 0) parts.push(`${rest} ${units.minute}`);
  return parts.slice(0, 2).join(' ');
}

function targetLabel(intent: AlertIntent): string {
  const t = intent.target;
  return t.kind === 'institution' ? `${t.name} (${t.code})` : t.name;
}

function placeOf(mail: AlertMail, p: Phrases): { place: string; who: string } {
  const first = mail.intents[0]!;
  const t = first.target;
  const environments = new Set(mail.intents.map((i) => environmentOf(i.target) ?? 'Alma'));
  // One cause touching targets in several environments is told under Alma itself.
  const place = environments.size === 1 ? [...environments][0]! : 'Alma';
  if (mail.wholeEnvironment)
    return { place: mail.wholeEnvironment, who: p.allInstitutions(mail.intents.length) };
  if (t.kind === 'environment' && FAMILY_OF_ENVIRONMENT.has(mail.kind)) return { place: t.name, who: t.name };
  return { place, who: mail.intents.map(targetLabel).join(', ') };
}

/** Kinds whose mail is about the environment itself, the institutions being listed apart. */
const FAMILY_OF_ENVIRONMENT = new Set<AlertMail['kind']>([
  'exlibris-outage',
  'reminder',
  'recovery',
  'maintenance',
]);

function readingLine(reading: SourceReading, p: Phrases): string {
  const facts: string[] = [];
  if (reading.httpStatus !== undefined) facts.push(`HTTP ${reading.httpStatus}`);
  if (reading.latencyMs !== undefined) facts.push(`${reading.latencyMs} ms`);
  if (reading.apiRemaining !== undefined) facts.push(`X-Exl-Api-Remaining ${reading.apiRemaining}`);
  return `  - ${p.source[reading.source]}${p.colon} ${p.verdict[reading.verdict]} — ${reading.summary}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

function sourcesBlock(mail: AlertMail, p: Phrases): string[] {
  const lines = [`${p.sourcesSaid}${p.colon}`];
  const exlibrisSeen = new Set<string>();
  for (const intent of mail.intents) {
    const obs = intent.observation;
    if (mail.intents.length > 1 || intent.target.kind === 'institution')
      lines.push(`${targetLabel(intent)}${p.colon}`);
    const exlibris = obs.exlibris;
    // Ex Libris's reading is the same for every institution of the environment: quoted once.
    if (exlibris && !exlibrisSeen.has(exlibris.source)) {
      exlibrisSeen.add(exlibris.source);
      lines.push(readingLine(exlibris, p));
    }
    for (const reading of obs.readings) {
      if (intent.target.kind === 'environment') exlibrisSeen.add(reading.source);
      lines.push(readingLine(reading, p));
    }
  }
  return lines;
}

/** The subject and body of one alert mail. */
export function renderAlertMail(
  mail: AlertMail,
  language: AlertLanguage,
  context: RenderContext,
): RenderedAlert {
  const p = ALERT_PHRASES[language];
  const first = mail.intents[0]!;
  const { place, who } = placeOf(mail, p);
  const severity: Severity = first.severity ?? 'down';
  const since = formatInstant(first.episodeStart ?? first.since ?? context.now.toISOString());
  let subject: string;
  const lead: string[] = [];
  switch (mail.kind) {
    case 'exlibris-outage':
      subject = `${TAGS[severity]} ${place} — ${p.exlibrisOutage[severity]}`;
      lead.push(p.exlibrisOutageLead(place, severity));
      break;
    case 'probe-failure':
      subject = `${TAGS[severity]} ${place} — ${p.probeFailure(who, severity)}`;
      lead.push(
        p.probeFailureLead(
          who,
          severity,
          first.observation.exlibris?.readable ? first.observation.exlibris.summary : undefined,
        ),
      );
      break;
    case 'status-mismatch':
      subject = `${TAGS[severity]} ${place} — ${p.mismatch(who)}`;
      lead.push(p.mismatchLead(who));
      break;
    case 'reminder':
      subject = `${TAGS[severity]} ${place} — ${p.reminder(p.state[severity], since, first.reminderNumber ?? 1)}`;
      lead.push(
        first.flavor === 'exlibris-outage'
          ? p.exlibrisOutageLead(place, severity)
          : first.flavor === 'status-mismatch'
            ? p.mismatchLead(who)
            : p.probeFailureLead(who, severity, first.observation.exlibris?.summary),
      );
      break;
    case 'recovery': {
      const ended = first.endedAt ?? context.now.toISOString();
      const duration = formatDuration(Date.parse(ended) - Date.parse(first.episodeStart ?? ended), p.units);
      subject = `${TAGS.operational} ${place} — ${p.recovery(duration)}`;
      lead.push(p.recoveryLead(since, formatInstant(ended), duration));
      break;
    }
    case 'maintenance': {
      const w = first.window!;
      subject = `${TAGS.maintenance} ${place} — ${w.started ? p.maintenanceRunning(w.title) : p.maintenanceAnnounced(w.title)}`;
      const until = w.end ? formatInstant(w.end) : null;
      // Without an announced end, or beyond the longest window, the alert says when the quiet ends at the latest.
      const bound = until && w.bound && w.bound !== 'announced' ? p.bound[w.bound](until) : undefined;
      lead.push(p.window(w.start ? formatInstant(w.start) : null, bound ? null : until, bound));
      break;
    }
    case 'source-unreadable': {
      const source = p.source[first.source ?? 'status-page'];
      const reading = first.observation.readings.find((r) => r.source === first.source);
      subject = `${TAGS.unknown} ${place} — ${p.unreadable(source)}`;
      lead.push(p.unreadableLead(source, who, since, reading?.summary ?? '?'));
      break;
    }
    case 'source-recovered': {
      const source = p.source[first.source ?? 'status-page'];
      const ended = first.endedAt ?? context.now.toISOString();
      const duration = formatDuration(Date.parse(ended) - Date.parse(first.since ?? ended), p.units);
      subject = `${TAGS.operational} ${place} — ${p.readableAgain(source)}`;
      lead.push(p.readableAgainLead(source, who, since, formatInstant(ended), duration));
      break;
    }
  }
  const institutions = mail.intents.filter((i) => i.target.kind === 'institution').map(targetLabel);
  if (mail.kind === 'source-unreadable' || mail.kind === 'source-recovered') {
    // Who is touched is already in the lead; nothing to add.
  } else if (mail.intents[0]!.target.kind === 'environment' && institutions.length > 0) {
    lead.push(
      mail.kind === 'exlibris-outage'
        ? p.alsoProbes(institutions.join(', '))
        : `${p.institutions}${p.colon} ${institutions.join(', ')}.`,
    );
  } else if (mail.wholeEnvironment) {
    lead.push(`${p.institutions}${p.colon} ${institutions.join(', ')}.`);
  }
  const body = [
    ...lead,
    '',
    `${p.since}${p.colon} ${since}`,
    '',
    ...sourcesBlock(mail, p),
    '',
    `${p.statusPage}${p.colon} ${context.statusPageUrl}`,
    '',
    '--',
    p.footer,
  ];
  return { subject, text: `${body.join('\n')}\n` };
}
