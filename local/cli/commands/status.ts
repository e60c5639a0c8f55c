import { statusReport } from '../../../shared/app/monitor/status-report';
import type { CliCommand } from '../command';

const status: CliCommand = {
  name: 'status',
  usage: "[--json]                             the status monitor's current state",
  async runWithContext({ ctx, now, io, json }) {
    for (const e of await statusReport(ctx, now)) {
      if (json) {
        io.out(JSON.stringify(e));
        continue;
      }
      const pct = (w: keyof typeof e.availability) => {
        const percent = e.availability[w].percent;
        return percent === null ? '  n/a' : `${percent.toFixed(1)}%`;
      };
      io.out(
        `${e.name.padEnd(28)} ${String(e.verdict).padEnd(12)} since ${e.since ?? '—'}  24h ${pct('24h')}  7d ${pct('7d')}  30d ${pct('30d')}`,
      );
    }
    return 0;
  },
};

export const STATUS_COMMANDS: CliCommand[] = [status];
