import type { Language } from '../language';
import type { Severity, SourceKind, StatusVerdict } from '../monitor/types';

/**
 * The status monitor's mails (monitor/alert-mail.ts, maintenance-notice.ts, weekly-summary-mail.ts render
 * them): alerts to the helpdesk, the managers' maintenance notice, the weekly summary.
 */
export interface MaintenanceNoticeTexts {
  subject: (environment: string, when: string) => string;
  lead: (environment: string, institution: string) => string;
  window: (start: string | null, end: string | null, bound?: string) => string;
  /** When the monitor tells the helpdesk of problems again, named when Ex Libris gave no end or one too far ahead. */
  held: Record<'no-end' | 'clamped', (until: string) => string>;
  running: string;
  exlibrisSays: string;
  after: string;
  footer: string;
  colon: string;
}

export interface WeeklySummaryTexts {
  subject: (from: string, to: string) => string;
  lead: (from: string, to: string) => string;
  /** "Alma EU02: availability 98.5 %" / "… : disponibilité 98,5 %" / "…: geen gegevens over de beschikbaarheid". */
  line: (name: string, percent: string | null) => string;
  none: string;
  episode: (severity: string, start: string, end: string, duration: string) => string;
  severity: Record<Severity, string>;
  excluding: string;
  footer: string;
}

export interface AlertTexts {
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
  /** The managers' notice of a maintenance window (maintenance-notice.ts). */
  maintenanceNotice: MaintenanceNoticeTexts;
  /** The weekly summary (weekly-summary-mail.ts). */
  weeklySummary: WeeklySummaryTexts;
}

const EN: AlertTexts = {
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
  maintenanceNotice: {
    subject: (env, when) =>
      `[MAINTENANCE] ${env} — Alma maintenance announced by Ex Libris${when ? `: ${when}` : ''}`,
    lead: (env, inst) =>
      `Ex Libris has announced a maintenance of ${env}, the Alma environment of ${inst}. Alma may be unavailable during it.`,
    window: (start, end, bound) =>
      `${start ? `From ${start}` : 'Start not announced yet'}${end ? ` until ${end}` : ''}${start || end ? ' (Brussels time)' : ''}${bound ? `; ${bound}` : ''}.`,
    held: {
      'no-end': (until) =>
        `no end announced: problems are reported to the helpdesk again from ${until} at the latest`,
      clamped: (until) =>
        `the end announced is too far ahead: problems are reported to the helpdesk again from ${until} at the latest`,
    },
    running: 'The maintenance has started.',
    exlibrisSays: 'Ex Libris says',
    after:
      'There is no need to report problems during the window. If Alma is not back afterwards, the helpdesk is told automatically.',
    footer: 'Automatic message from the Alma status monitor of the helpdesk. Do not reply.',
    colon: ':',
  },
  weeklySummary: {
    subject: (f, t) => `[SUMMARY] Alma status, week of ${f} to ${t}`,
    lead: (f, t) => `The Alma status monitor's week, ${f} to ${t} (Brussels time).`,
    line: (name, percent) =>
      `${name}: ${percent === null ? 'no availability data' : `availability ${percent}`}`,
    none: 'no outage',
    episode: (s, a, b, d) => `  - ${s} from ${a} to ${b} (${d})`,
    severity: { down: 'down', degraded: 'degraded' },
    excluding: 'Announced maintenance is not counted against availability.',
    footer: 'Automatic message from the Alma status monitor. Do not reply.',
  },
};

const FR: AlertTexts = {
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
  maintenanceNotice: {
    subject: (env, when) =>
      `[MAINTENANCE] ${env} — maintenance d’Alma annoncée par Ex Libris${when ? ` : ${when}` : ''}`,
    lead: (env, inst) =>
      `Ex Libris annonce une maintenance de ${env}, l’environnement Alma de ${inst}. Alma peut être indisponible pendant celle-ci.`,
    window: (start, end, bound) =>
      `${start ? `Du ${start}` : 'Début pas encore annoncé'}${end ? ` jusqu’au ${end}` : ''}${start || end ? ' (heure de Bruxelles)' : ''}${bound ? ` ; ${bound}` : ''}.`,
    held: {
      'no-end': (until) =>
        `aucune fin annoncée : les problèmes sont de nouveau signalés au helpdesk au plus tard à partir du ${until}`,
      clamped: (until) =>
        `la fin annoncée est trop lointaine : les problèmes sont de nouveau signalés au helpdesk au plus tard à partir du ${until}`,
    },
    running: 'La maintenance a commencé.',
    exlibrisSays: 'Ex Libris indique',
    after:
      'Inutile de signaler des problèmes pendant la fenêtre. Si Alma n’est pas revenu ensuite, le helpdesk est prévenu automatiquement.',
    footer: 'Message automatique du moniteur de statut Alma du helpdesk. Merci de ne pas répondre.',
    colon: ' :',
  },
  weeklySummary: {
    subject: (f, t) => `[SUMMARY] Statut d’Alma, semaine du ${f} au ${t}`,
    lead: (f, t) => `La semaine du moniteur de statut Alma, du ${f} au ${t} (heure de Bruxelles).`,
    line: (name, percent) =>
      `${name} : ${percent === null ? 'aucune donnée de disponibilité' : `disponibilité ${percent}`}`,
    none: 'aucune panne',
    episode: (s, a, b, d) => `  - ${s} du ${a} au ${b} (${d})`,
    severity: { down: 'en panne', degraded: 'dégradé' },
    excluding: 'Les maintenances annoncées ne sont pas comptées dans la disponibilité.',
    footer: 'Message automatique du moniteur de statut Alma. Merci de ne pas répondre.',
  },
};

const NL: AlertTexts = {
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
  maintenanceNotice: {
    subject: (env, when) =>
      `[MAINTENANCE] ${env} — onderhoud van Alma aangekondigd door Ex Libris${when ? `: ${when}` : ''}`,
    lead: (env, inst) =>
      `Ex Libris kondigt onderhoud aan van ${env}, de Alma-omgeving van ${inst}. Alma kan tijdens het onderhoud onbeschikbaar zijn.`,
    window: (start, end, bound) =>
      `${start ? `Van ${start}` : 'Begin nog niet aangekondigd'}${end ? ` tot ${end}` : ''}${start || end ? ' (Brusselse tijd)' : ''}${bound ? `; ${bound}` : ''}.`,
    held: {
      'no-end': (until) =>
        `geen einde aangekondigd: problemen worden uiterlijk vanaf ${until} weer aan de helpdesk gemeld`,
      clamped: (until) =>
        `het aangekondigde einde ligt te ver: problemen worden uiterlijk vanaf ${until} weer aan de helpdesk gemeld`,
    },
    running: 'Het onderhoud is begonnen.',
    exlibrisSays: 'Ex Libris meldt',
    after:
      'Problemen tijdens het venster hoeven niet gemeld te worden. Is Alma daarna niet terug, dan wordt de helpdesk automatisch verwittigd.',
    footer: 'Automatisch bericht van de Alma-statusmonitor van de helpdesk. Gelieve niet te antwoorden.',
    colon: ':',
  },
  weeklySummary: {
    subject: (f, t) => `[SUMMARY] Status van Alma, week van ${f} tot ${t}`,
    lead: (f, t) => `De week van de Alma-statusmonitor, van ${f} tot ${t} (Brusselse tijd).`,
    line: (name, percent) =>
      `${name}: ${percent === null ? 'geen gegevens over de beschikbaarheid' : `beschikbaarheid ${percent}`}`,
    none: 'geen storing',
    episode: (s, a, b, d) => `  - ${s} van ${a} tot ${b} (${d})`,
    severity: { down: 'onbeschikbaar', degraded: 'verstoord' },
    excluding: 'Aangekondigd onderhoud telt niet mee in de beschikbaarheid.',
    footer: 'Automatisch bericht van de Alma-statusmonitor. Gelieve niet te antwoorden.',
  },
};

export const ALERT_TEXTS: Record<Language, AlertTexts> = { en: EN, fr: FR, nl: NL };
