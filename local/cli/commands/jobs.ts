import { runJob } from '../../../shared/app/jobs';
import { previewNotices } from '../../../shared/app/notices/run-notice-job';
import { parseCalendarDate } from '../../../shared/domain/calendar';
import { ValidationError } from '../../../shared/errors';
import { JOB_NAMES, type JobName } from '../../../shared/schedules';
import type { CliCommand } from '../command';
import { startProgress } from '../progress';

const run: CliCommand = {
  name: 'run',
  usage: `JOB --now ISO-DATETIME                  jobs: ${JOB_NAMES.join(', ')}`,
  check: ({ args, values }) => {
    const job = args[0];
    if (!job || !(JOB_NAMES as readonly string[]).includes(job))
      throw new ValidationError(`run: give a job, one of ${JOB_NAMES.join(', ')}`);
    if (values.now === undefined) throw new ValidationError('run: give --now ISO-DATETIME');
  },
  async runWithContext({ ctx, now, io, args }) {
    const report = await runJob(args[0] as JobName, ctx, now);
    const { notices: _notices, ...summary } = report as typeof report & { notices?: unknown };
    io.out(JSON.stringify(summary));
    return 0;
  },
};

function period(values: { from?: string; to?: string }) {
  const from = parseCalendarDate(String(values.from ?? ''));
  const to = parseCalendarDate(String(values.to ?? ''));
  if (!from || !to) throw new ValidationError('preview: give --from DATE and --to DATE (YYYY-MM-DD)');
  if (to < from) throw new ValidationError('preview: --to is before --from');
  return { from, to };
}

const preview: CliCommand = {
  name: 'preview',
  usage: '--from DATE --to DATE [--json]      notices that would go out, nothing sent',
  check: ({ values }) => void period(values),
  async runWithContext(c) {
    const { ctx, io, json, values } = c;
    const { from, to } = period(values);
    const progress = startProgress(c, 'previewing', 0, { unit: 'days' });
    const notices = await previewNotices(ctx, from, to, (done, total) => progress.update(done, total));
    progress.stop();
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
};

export const JOB_COMMANDS: CliCommand[] = [run, preview];
