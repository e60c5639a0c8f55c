import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileRawMailStore } from '../../shared/adapters/files/raw-mail-store';
import type { AppContext } from '../../shared/app/context';
import { ingestRawMail } from '../../shared/app/inbound/ingest-raw-mail';
import { runJob } from '../../shared/app/jobs';
import { statusReport } from '../../shared/app/monitor/status-report';
import { previewNotices } from '../../shared/app/notices/run-notice-job';
import { parseCalendarDate } from '../../shared/domain/calendar';
import { ValidationError } from '../../shared/errors';
import type { JobName } from '../../shared/schedules';
import type { Io } from './main';

export interface CommandContext {
  ctx: AppContext;
  now: Date;
  io: Io;
  json: boolean;
  args: string[];
  values: Record<string, string | boolean | undefined>;
  dataDir: string;
  job?: JobName;
}

export function rawMailFolder(dataDir: string): string {
  return join(dataDir, 'mail');
}

/** Commands that run the Lambdas' use cases. */
export const CLI_COMMANDS: Record<string, (c: CommandContext) => Promise<number>> = {
  async ingest({ ctx, now, io, json, args, dataDir }) {
    if (!args.length) throw new ValidationError('ingest: give one or more .eml files');
    const store = new FileRawMailStore(rawMailFolder(dataDir));
    for (const file of args) {
      let raw: Uint8Array;
      try {
        raw = readFileSync(file);
      } catch (error) {
        throw new ValidationError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
      }
      const result = await ingestRawMail(ctx, store, raw, now);
      io.out(
        json
          ? JSON.stringify(result)
          : `${file}: ${result.outcome} (${result.kind})${result.reference ? ` ${result.reference}` : ''}${
              result.missing.length ? ` missing: ${result.missing.join(', ')}` : ''
            }${result.reason ? ` — ${result.reason}` : ''}`,
      );
    }
    return 0;
  },

  async run({ ctx, now, io, job }) {
    const report = await runJob(job!, ctx, now);
    const { notices: _notices, ...summary } = report as typeof report & { notices?: unknown };
    io.out(JSON.stringify(summary));
    return 0;
  },

  async preview({ ctx, io, json, values }) {
    const from = parseCalendarDate(String(values.from ?? ''));
    const to = parseCalendarDate(String(values.to ?? ''));
    if (!from || !to) throw new ValidationError('preview: give --from DATE and --to DATE (YYYY-MM-DD)');
    if (to < from) throw new ValidationError('preview: --to is before --from');
    const notices = await previewNotices(ctx, from, to);
    for (const n of notices) {
      io.out(
        json
          ? JSON.stringify({
              date: n.date,
              job: n.job,
              kind: n.kind,
              to: n.to,
              cc: n.cc,
              subject: n.subject,
              accountIds: n.accountIds,
            })
          : `${n.date}  ${n.job.padEnd(17)} to ${n.to.join(', ')}${n.cc.length ? ` cc ${n.cc.join(', ')}` : ''}  ${n.subject}`,
      );
    }
    if (!json) io.err(`${notices.length} notice(s) would be sent; nothing was sent`);
    return 0;
  },

  async status({ ctx, now, io, json }) {
    const entries = await statusReport(ctx, now);
    for (const e of entries) {
      if (json) io.out(JSON.stringify(e));
      else {
        const pct = (w: keyof typeof e.availability) => {
          const percent = e.availability[w].percent;
          return percent === null ? '  n/a' : `${percent.toFixed(1)}%`;
        };
        io.out(
          `${e.name.padEnd(28)} ${String(e.verdict).padEnd(12)} since ${e.since ?? '—'}  24h ${pct('24h')}  7d ${pct('7d')}  30d ${pct('30d')}`,
        );
      }
    }
    return 0;
  },
};
