import { Presets, SingleBar } from 'cli-progress';
import type { Io } from './command';

/** How far a long command has come: `update(done)` with the same unit as the total. */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/** Work done sooner than this shows no progress at all (a small file is not worth a bar). */
const SHOW_AFTER_MS = Number(process.env.ALMA_PROGRESS_AFTER_MS ?? 1000);

export interface ProgressOptions {
  /** What the count counts, after the numbers: "rows", "accounts", "days". */
  unit: string;
  /** Shows done/total as KiB/MiB instead of a count (reading a file). */
  bytes?: boolean;
}

/**
 * Progress of a long command, on stderr only (stdout stays the command's result, --json clean):
 * a cli-progress bar with count, rate and time left when stderr is a terminal; otherwise one
 * plain line each time another 10 % is done (a pipe or a log file gets ten lines, not a bar's
 * redraws). Nothing is shown for work that ends within a second. `--quiet` silences it.
 */
export function startProgress(
  c: { io: Io; values: { quiet?: boolean } },
  label: string,
  total: number,
  { unit, bytes = false }: ProgressOptions,
): Progress {
  if (c.values.quiet) return SILENT;
  const show = (n: number) => (bytes ? sizeText(n) : String(n));
  const started = performance.now();
  const due = () => performance.now() - started >= SHOW_AFTER_MS;
  if (c.io.errTty) {
    const bar = new SingleBar(
      {
        stream: c.io.errTty,
        format: `${label} [{bar}] {percentage}% | {shown}/{totalShown} ${unit} | {rate}/s | {left}`,
        hideCursor: true,
        fps: 5,
      },
      Presets.shades_classic,
    );
    const payload = (done: number, all: number) => {
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      const perSecond = done / seconds;
      return {
        shown: show(done),
        totalShown: show(all),
        rate: show(Math.round(perSecond)),
        left:
          done >= all
            ? `done in ${Math.round(seconds)} s`
            : perSecond > 0
              ? `${Math.ceil((all - done) / perSecond)} s left`
              : '',
      };
    };
    let all = total;
    let drawn = false;
    return {
      update(done, newTotal) {
        if (newTotal !== undefined) all = newTotal;
        if (!drawn) {
          if (!due()) return;
          drawn = true;
          bar.start(all, done, payload(done, all));
        }
        if (bar.getTotal() !== all) bar.setTotal(all);
        bar.update(done, payload(done, all));
      },
      stop: () => {
        if (drawn) bar.stop();
      },
    };
  }
  let all = total;
  let shownTenths = 0;
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) all = newTotal;
      if (all <= 0 || !due()) return;
      const tenths = Math.min(10, Math.floor((done / all) * 10));
      if (tenths <= shownTenths) return;
      shownTenths = tenths;
      c.io.err(`${label}: ${tenths * 10}% (${show(done)}/${show(all)} ${unit})`);
    },
    stop() {},
  };
}

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
