import { runJob } from '../../../shared/app/jobs';
import type { NoticeJob } from '../../../shared/app/notices/notice-job';
import { MARKED_JOBS, previewNotices } from '../../../shared/app/notices/run-notice-job';
import {
  addDays,
  brusselsDate,
  type CalendarDate,
  compareDates,
  daysBetween,
  parseCalendarDate,
} from '../../../shared/domain/calendar';
import { ValidationError } from '../../../shared/errors';
import { JOB_NAMES, type JobName } from '../../../shared/schedules';
import type { CliCommand } from '../command';
import { startProgress } from '../progress';

const run: CliCommand = {
  name: 'run',
  usage: `JOB --now ISO-DATETIME [--force]        jobs: ${JOB_NAMES.join(', ')}`,
  check: ({ args, values, now }) => {
    const job = args[0];
    if (!job || !(JOB_NAMES as readonly string[]).includes(job))
      throw new ValidationError(`run: give a job, one of ${JOB_NAMES.join(', ')}`);
    if (values.now === undefined) throw new ValidationError('run: give --now ISO-DATETIME');
    // A run ahead of the clock records that day as handled: the days before it would never be sent.
    const today = brusselsDate(new Date());
    const day = brusselsDate(now);
    if (!values.force && compareDates(day, today) > 0)
      throw new ValidationError(
        `run: --now ${day} is ahead of today (${today}); the run would record ${job}'s days up to ${day} as handled and nothing due before then would be sent. Use preview to look ahead, or add --force`,
      );
  },
  async runWithContext({ ctx, now, io, args }) {
    const job = args[0] as JobName;
    const report = await runJob(job, ctx, now);
    const { notices: _notices, ...summary } = report as typeof report & { notices?: unknown };
    io.out(JSON.stringify(summary));
    const mark = (report as { lastRun?: CalendarDate | null }).lastRun;
    const skipped =
      MARKED_JOBS.has(job as NoticeJob) && mark ? catchUpNote(job, mark, brusselsDate(now)) : null;
    if (skipped) io.err(skipped);
    return 0;
  },
};

/** What a marked job's run did with the days between its stored mark and the run's day, when not just that day. */
function catchUpNote(job: string, mark: CalendarDate, day: CalendarDate): string | null {
  if (compareDates(mark, day) >= 0)
    return `${job}: nothing for ${day}: an earlier run already handled the days up to ${mark} (a run with a later --now)`;
  const missed = daysBetween(mark, day) - 1;
  if (missed > 0)
    return `${job}: caught up ${missed} day(s) no run handled (${addDays(mark, 1)} to ${addDays(day, -1)}) as well as ${day}`;
  return null;
}

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
