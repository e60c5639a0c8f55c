import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate, type CalendarDate } from '../../shared/domain/calendar';
import { CSV_COLUMNS } from '../../shared/domain/import-row';
import { cliWorkspace } from '../support/cli';

/** The CLI never moves a job's catch-up mark ahead of the clock without being told, and preview agrees with run. */
const today = brusselsDate(new Date());
const ahead = addDays(today, 18);
let ws: Awaited<ReturnType<typeof cliWorkspace>>;

beforeAll(async () => {
  ws = await cliWorkspace();
  // Prepare: six temporary staff whose accounts end 30–35 days from today (30-day notices due today to today + 5).
  const rows = Array.from(
    { length: 6 },
    (_, i) =>
      `Person ${i},temp${i}@lib-a.example,personal,temporary,anne.dubois@lib-a.example,LIB-A,${addDays(today, 30 + i)},prêt`,
  );
  writeFileSync(join(ws.dataDir, 'staff.csv'), `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`);
  const imported = await ws.cli('import', join(ws.dataDir, 'staff.csv'));
  expect(imported.err).toEqual([]);
  expect(imported.code).toBe(0);
}, 60_000);

const previewed = async (day: CalendarDate) =>
  (await ws.cli('preview', '--from', day, '--to', addDays(day, 5), '--json')).out
    .map((line) => JSON.parse(line) as { job: string })
    .filter((n) => n.job === 'expiry-notices');

describe('run --now and the clock', () => {
  it('refuses a run ahead of today without --force, says why, and sends nothing', async () => {
    const before = await previewed(today);
    expect(before).toHaveLength(6);
    const run = await ws.cli('run', 'expiry-notices', '--now', ahead);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain(`--now ${ahead} is ahead of today (${today})`);
    expect(run.err.join('\n')).toContain('--force');
    expect((await ws.cli('outbox', '--json')).out).toEqual([]);
    expect(await previewed(today)).toHaveLength(6);
  });

  it('with --force runs; a later run for today then says nothing is left for it, and preview agrees', async () => {
    const forced = await ws.cli('run', 'expiry-notices', '--now', ahead, '--force');
    expect(forced.code).toBe(0);
    // Act: the run for today, the way the issue saw it send nothing without a word.
    const run = await ws.cli('run', 'expiry-notices', '--now', today);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0]!).sent).toBe(0);
    expect(run.err.join('\n')).toContain(
      `expiry-notices: nothing for ${today}: an earlier run already handled the days up to ${ahead}`,
    );
    // Assess: preview lists for today what run sends for today: nothing.
    expect(await previewed(today)).toEqual([]);
  });
});
