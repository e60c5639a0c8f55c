import type { AlertLanguage, RenderedAlert } from './texts';
import { formatInstant } from './texts';
import type { AnnouncedWindow } from './types';

/**
 * The notice a library's managers get once per maintenance window Ex Libris announced for
 * their Alma environment, in the institution's language, times in Brussels.
 */
interface NoticePhrases {
  subject: (environment: string, when: string) => string;
  lead: (environment: string, institution: string) => string;
  window: (start: string | null, end: string | null) => string;
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
    window: (start, end) =>
      `${start ? `From ${start}` : 'Start not announced yet'}${end ? ` until ${end}` : ''} (Brussels time).`,
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
    window: (start, end) =>
      `${start ? `Du ${start}` : 'Début pas encore annoncé'}${end ? ` jusqu’au ${end}` : ''} (heure de Bruxelles).`,
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
    window: (start, end) =>
      `${start ? `Van ${start}` : 'Begin nog niet aangekondigd'}${end ? ` tot ${end}` : ''} (Brusselse tijd).`,
    running: 'Het onderhoud is begonnen.',
    exlibrisSays: 'Ex Libris meldt',
    after:
      'Problemen tijdens het venster hoeven niet gemeld te worden. Is Alma daarna niet terug, dan wordt de helpdesk automatisch verwittigd.',
    footer: 'Automatisch bericht van de Alma-statusmonitor van de helpdesk. Gelieve niet te antwoorden.',
    colon: ':',
  },
};

export function renderMaintenanceNotice(
  window: AnnouncedWindow,
  institution: { name: string; language: AlertLanguage },
): RenderedAlert {
  const p = PHRASES[institution.language];
  const start = window.start ? formatInstant(window.start) : null;
  const end = window.end ? formatInstant(window.end) : null;
  const when = start ? `${start}${end ? ` – ${end}` : ''}` : '';
  const body = [
    p.lead(window.environment, institution.name),
    '',
    p.window(start, end),
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
