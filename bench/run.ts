import { benchAlma } from './alma';
import { benchBundles } from './bundles';
import { benchSmtpBurst } from './burst';
import { benchCrash } from './crash';
import { benchCsvImport } from './csv-import';
import { benchRequestFollowUp } from './follow-up';
import { benchIngestLatency } from './ingest';
import { benchIngestCost } from './ingest-cost';
import { benchExpiryNotices } from './notices';
import { benchPasswordRotation } from './password-rotation';
import { benchPortal } from './portal';
import { benchSentenceReader } from './sentences';
import { benchStatusCheck } from './status';
import { benchStatusPage } from './status-page';
import { benchEndDateWindow } from './store';
import { benchNoticeYear } from './year';

/** `npm run bench`: every benchmark, one JSON document on stdout. `npm run bench -- NAME…` runs some. */
const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'end-date-window': () => benchEndDateWindow(),
  'ingest-latency': () => benchIngestLatency(),
  'ingest-cost': () => benchIngestCost(),
  'function-bundles': () => benchBundles(),
  'status-check-run': () => benchStatusCheck(),
  'status-page': () => benchStatusPage(),
  'expiry-notices-job': () => benchExpiryNotices(),
  'smtp-burst': () => benchSmtpBurst(),
  crash: () =>
    benchCrash(Number(process.env.BENCH_CRASH_RUNS ?? 10_000), process.env.BENCH_CRASH_PATHS?.split(',')),
  alma: () => benchAlma(),
  'notice-year': () => benchNoticeYear(Number(process.env.BENCH_YEAR_ACCOUNTS ?? 100_000)),
  'password-rotation': () => benchPasswordRotation(Number(process.env.BENCH_ROTATION_ACCOUNTS ?? 100_000)),
  'sentence-reader': () => benchSentenceReader(),
  'request-follow-up': () => benchRequestFollowUp(),
  portal: () => benchPortal(Number(process.env.BENCH_PORTAL_ACCOUNTS ?? 100_000)),
  'csv-import': () =>
    benchCsvImport((process.env.BENCH_IMPORT_ROWS ?? '10000,100000').split(',').map(Number)),
};

// Benchmarks print JSON on stdout: keep the code under test quiet.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const report: Record<string, unknown> = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
};
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench ${name}…\n`);
  report[name] = await bench();
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
