import { writeFileSync } from 'node:fs';
import { statusPageLink } from '../../../shared/app/monitor/status-page';
import { renderStatusPage } from '../../../shared/app/monitor/status-page-html';
import { statusOverview } from '../../../shared/app/monitor/status-report';
import { formatInstant } from '../../../shared/domain/calendar';
import type { AnnouncedWindow } from '../../../shared/domain/monitor/types';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand } from '../command';

function windowLine(w: AnnouncedWindow): string {
  const when = w.start
    ? `${formatInstant(w.start)}${w.end ? ` – ${formatInstant(w.end)}` : ''}`
    : 'start not announced';
  const history = w.history.map((h) => `${h.phase} ${formatInstant(h.at)}`).join(', ');
  return `  maintenance ${when} ${w.phase}: ${history}`;
}

const status: CliCommand = {
  name: 'status',
  usage: `[--json] [--html FILE] [--link]     the status monitor's current state; --html writes the status page,
                                         --link prints a signed link to it`,
  check: ({ values }) => {
    if (values.html !== undefined && !values.html.trim())
      throw new ValidationError('status: --html needs a file name');
  },
  async runWithContext({ ctx, now, io, json, values }) {
    const overview = await statusOverview(ctx, now);
    if (values.html) {
      const page = renderStatusPage(overview, ctx.config, ctx.config.alerts.language, now);
      try {
        writeFileSync(values.html, page);
      } catch (error) {
        throw new ValidationError(
          `status: cannot write ${values.html}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      io.err(`status page written to ${values.html}`);
    }
    if (values.link) io.out(await statusPageLink(ctx, now));
    if (values.html || values.link) return 0;
    for (const e of overview.entries) {
      if (json) {
        io.out(JSON.stringify(e));
        continue;
      }
      const pct = (w: keyof typeof e.availability) => {
        const percent = e.availability[w].percent;
        return percent === null ? '  n/a' : `${percent.toFixed(1)}%`;
      };
      io.out(
        `${e.name.padEnd(28)} ${String(e.verdict).padEnd(12)} since ${e.since ?? '—'}  24h ${pct('24h')}  7d ${pct('7d')}  30d ${pct('30d')}  90d ${pct('90d')}`,
      );
      for (const window of e.maintenance ?? []) io.out(windowLine(window));
    }
    return 0;
  },
};

export const STATUS_COMMANDS: CliCommand[] = [status];
