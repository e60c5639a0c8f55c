import type { AlertLanguage, RenderedAlert } from './texts';
import { formatInstant } from './texts';
import type { AnnouncedWindow } from './types';
import type { WindowBound } from './window-bound';

/**
 * The notice a library's managers get once per maintenance window Ex Libris announced for
 * their Alma environment, in the institution's language, times in Brussels.
 */
interface NoticePhrases {
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

const PHRASES: Record<AlertLanguage, NoticePhrases> = {
  en: {
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
  fr: {
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
  nl: {
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
};

/** `bound`: when the monitor holds its alerts no longer, named when Ex Libris gave no end or one too far ahead. */
export function renderMaintenanceNotice(
  window: AnnouncedWindow,
  institution: { name: string; language: AlertLanguage },
  bound?: WindowBound,
): RenderedAlert {
  const p = PHRASES[institution.language];
  const start = window.start ? formatInstant(window.start) : null;
  const end = window.end ? formatInstant(window.end) : null;
  const latest =
    bound && bound.kind !== 'announced' ? p.held[bound.kind](formatInstant(bound.until)) : undefined;
  const when = start ? `${start}${end ? ` – ${end}` : ''}` : '';
  const body = [
    p.lead(window.environment, institution.name),
    '',
    p.window(start, end, latest),
    ...(window.phase === 'started' ? [p.running] : []),
    '',
    `${p.exlibrisSays}${p.colon} ${window.title}`,
    '',
    p.after,
    '',
    '--',
    p.footer,
  ];
  return { subject: p.subject(window.environment, when), text: `${body.join('\n')}\n` };
}
