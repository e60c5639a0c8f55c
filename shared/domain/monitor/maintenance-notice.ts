import { formatInstant } from '../calendar';
import type { Language } from '../language';
import { ALERT_TEXTS } from '../texts/alert-texts';
import type { RenderedAlert } from './alert-mail';
import type { AnnouncedWindow } from './types';
import type { WindowBound } from './window-bound';

/**
 * The notice a library's managers get once per maintenance window Ex Libris announced for
 * their Alma environment, in the institution's language, times in Brussels.
 */

/** `bound`: when the monitor holds its alerts no longer, named when Ex Libris gave no end or one too far ahead. */
export function renderMaintenanceNotice(
  window: AnnouncedWindow,
  institution: { name: string; language: Language },
  bound?: WindowBound,
): RenderedAlert {
  const p = ALERT_TEXTS[institution.language].maintenanceNotice;
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
