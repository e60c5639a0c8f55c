import { type Config, LANGUAGES, type Language } from '../../config/schema';
import { formatInstant } from '../../domain/calendar';
import type { Availability, DayBar } from '../../domain/monitor/availability';
import { ALERT_TEXTS } from '../../domain/texts/alert-texts';
import { escapeHtml } from '../../domain/texts/html';
import { formatShare, STATUS_PAGE_TEXTS, type StatusPageTexts } from '../../domain/texts/status-page-texts';
import type { StatusOverview, StatusReportEntry } from './status-report';

/**
 * The status page as one HTML document: no JavaScript, one inline style sheet, every colour
 * chosen for a contrast of at least 4.5:1 with its text, and each day's bar carrying its figures
 * as text for screen readers (the bars themselves are drawn with CSS heights).
 */

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;margin:0;line-height:1.5}
main{max-width:62rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .3rem}
h3{font-size:1.05rem;margin:1rem 0 .2rem}a{color:#0b4f9c}a:focus-visible{outline:3px solid #111;outline-offset:2px}
nav ul{list-style:none;display:flex;gap:1rem;padding:0;margin:.3rem 0}
.state{display:inline-block;padding:.1rem .6rem;border-radius:4px;color:#fff;font-weight:bold}
.s-operational{background:#17692e}.s-degraded{background:#8a4b00}.s-down{background:#a4161a}
.s-maintenance{background:#0b4f9c}.s-unknown,.s-unchecked{background:#4d4d4d}
.target{border-top:1px solid #767676;padding:.4rem 0}.meta{margin:.2rem 0}
table{border-collapse:collapse;margin:.3rem 0}th,td{border:1px solid #767676;padding:.15rem .5rem;text-align:left}
.bars{display:flex;align-items:flex-end;gap:1px;list-style:none;padding:0;margin:.3rem 0;height:2.4rem}
.bars li{display:flex;flex-direction:column-reverse;width:.5rem;height:100%;background:#d0d0d0}
.bars span.part{display:block;width:100%}.p-up{background:#17692e}.p-down{background:#a4161a}.p-maintenance{background:#0b4f9c}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.2rem 0;font-size:.9rem}
.legend span.key{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.k-none{background:#d0d0d0;border:1px solid #767676}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

/** From … to its announced end, or with the bound when no end was announced or it was too far ahead. */
function when(window: NonNullable<StatusReportEntry['nextMaintenance']>, language: Language): string {
  const start = window.start ? formatInstant(window.start) : '—';
  const until = formatInstant(window.bound.until);
  if (window.bound.kind !== 'announced')
    return `${start} (${ALERT_TEXTS[language].bound[window.bound.kind](until)})`;
  return window.start ? `${start} – ${until}` : start;
}

function share(language: Language, a: Availability, t: StatusPageTexts): string {
  return a.percent === null ? t.noData : formatShare(language, a.percent / 100);
}

function bars(language: Language, t: StatusPageTexts, days: readonly DayBar[], id: string): string {
  const items = days.map((day) => {
    const parts: string[] = [];
    if (day.checks > 0) {
      const height = (n: number) => `${Math.round((n / day.checks) * 1000) / 10}%`;
      const up = day.operational + day.degraded;
      if (up) parts.push(`<span class="part p-up" style="height:${height(up)}"></span>`);
      if (day.down) parts.push(`<span class="part p-down" style="height:${height(day.down)}"></span>`);
      if (day.maintenance)
        parts.push(`<span class="part p-maintenance" style="height:${height(day.maintenance)}"></span>`);
    }
    const label = t.bar(
      day.day.split('-').reverse().join('/'),
      day.up === null ? null : formatShare(language, day.up),
      day.maintenance && day.checks ? formatShare(language, day.maintenance / day.checks) : null,
    );
    return `<li>${parts.join('')}<span class="sr">${escapeHtml(label)}</span></li>`;
  });
  return `<p class="meta" id="${id}">${escapeHtml(t.bars(days.length))}</p><ol class="bars" aria-labelledby="${id}">${items.join('')}</ol>`;
}

function target(
  language: Language,
  t: StatusPageTexts,
  entry: StatusReportEntry,
  days: readonly DayBar[],
  level: 'h2' | 'h3',
  index: number,
  now: Date,
): string {
  const id = `t${index}`;
  const name = entry.kind === 'institution' ? `${entry.name} (${entry.code})` : entry.name;
  const lines: string[] = [
    `<${level} id="${id}">${escapeHtml(name)}</${level}>`,
    `<p class="meta"><span class="state s-${entry.verdict}">${escapeHtml(t.verdict[entry.verdict])}</span>${
      entry.since ? ` ${escapeHtml(t.since(formatInstant(entry.since)))}` : ''
    }</p>`,
  ];
  // The problem's start only when it is not the state's own "since" (said once, not twice).
  if (entry.episodeStart && entry.episodeStart !== entry.since)
    lines.push(`<p class="meta">${escapeHtml(t.episode(formatInstant(entry.episodeStart)))}</p>`);
  if (entry.kind === 'environment') {
    const next = entry.nextMaintenance;
    const started =
      next && (next.phase === 'started' || (next.start !== null && Date.parse(next.start) <= now.getTime()));
    lines.push(
      `<p class="meta">${escapeHtml(
        next
          ? (started ? t.runningMaintenance : t.nextMaintenance)(when(next, language), next.title)
          : t.noMaintenance,
      )}</p>`,
    );
  }
  const windows = ['24h', '7d', '30d', '90d'] as const;
  lines.push(
    `<table aria-describedby="${id}"><caption class="sr">${escapeHtml(`${t.availability} — ${name}`)}</caption><tr>${windows
      .map((w) => `<th scope="col">${escapeHtml(t.windows[w])}</th>`)
      .join('')}</tr><tr>${windows
      .map((w) => `<td>${escapeHtml(share(language, entry.availability[w], t))}</td>`)
      .join('')}</tr></table>`,
    bars(language, t, days, `${id}-bars`),
  );
  return `<section class="target" aria-labelledby="${id}">${lines.join('')}</section>`;
}

/** The whole page: each environment, then the institutions on it; texts in `language`. */
export function renderStatusPage(
  overview: StatusOverview,
  config: Pick<Config, 'monitor'>,
  language: Language,
  now: Date,
  languageLink: (lang: Language) => string = (lang) => `?lang=${lang}`,
): string {
  const t = STATUS_PAGE_TEXTS[language];
  const title = t.heading(config.monitor.statusPage.title);
  let index = 0;
  const sections: string[] = [];
  const environments = overview.entries.filter((e) => e.kind === 'environment');
  const placed = new Set<string>();
  for (const env of environments) {
    const members = overview.entries.filter((e) => e.kind === 'institution' && e.environment === env.name);
    for (const m of members) placed.add(m.target);
    sections.push(
      `<div class="environment">${target(language, t, env, overview.bars[env.target] ?? [], 'h2', index++, now)}${
        members.length ? `<h3 class="sr">${escapeHtml(t.institutions)}</h3>` : ''
      }${members.map((m) => target(language, t, m, overview.bars[m.target] ?? [], 'h3', index++, now)).join('')}</div>`,
    );
  }
  const rest = overview.entries.filter((e) => e.kind === 'institution' && !placed.has(e.target));
  if (rest.length)
    sections.push(
      `<h2>${escapeHtml(t.institutions)}</h2>${rest
        .map((m) => target(language, t, m, overview.bars[m.target] ?? [], 'h3', index++, now))
        .join('')}`,
    );
  const nav = LANGUAGES.map((lang) =>
    lang === language
      ? `<li><span aria-current="true" lang="${lang}">${lang.toUpperCase()}</span></li>`
      : `<li><a href="${escapeHtml(languageLink(lang))}" lang="${lang}" hreflang="${lang}">${lang.toUpperCase()}</a></li>`,
  ).join('');
  const legend = `<ul class="legend"><li><span class="key p-up"></span>${escapeHtml(t.legend.up)}</li><li><span class="key p-down"></span>${escapeHtml(
    t.legend.down,
  )}</li><li><span class="key p-maintenance"></span>${escapeHtml(t.legend.maintenance)}</li><li><span class="key k-none"></span>${escapeHtml(
    t.legend.none,
  )}</li></ul>`;
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<nav aria-label="${escapeHtml(t.languages)}"><ul>${nav}</ul></nav>
<p>${escapeHtml(t.intro)} ${escapeHtml(t.updated(formatInstant(now.toISOString())))}</p>
<p>${escapeHtml(t.excluding)}</p>
${legend}
${sections.join('\n')}
</main></body>
</html>
`;
}
