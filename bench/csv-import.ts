import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { writeRuntimeInfo } from '../local/runtime-context';
import { DynamoDbAccountStore } from '../shared/adapters/dynamodb/account-store';
import { writeImportCsv } from '../test/support/import-csv';

interface Run {
  code: number | null;
  ms: number;
  peakRssMb: number;
  stderr: string;
}

/** The CLI as a user runs it, in its own process; peak RSS from /proc (VmHWM), read while it runs. */
function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/alma-accounts.js', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited between two polls
      }
    }, 100);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(poll);
      resolve({ code, ms: performance.now() - started, peakRssMb: Math.round(peakKb / 1024), stderr });
    });
  });
}

/**
 * Issue 16: `alma-accounts import` of 10,000 and 100,000 generated rows against DynamoDB Local,
 * each into an empty table: the dry run's time, then the import's time, rows/s and peak RSS of
 * the import process. Target: 100,000 rows ≤ 120 s, peak ≤ 300 MB.
 */
export async function benchCsvImport(sizes = [10_000, 100_000]): Promise<Record<string, unknown>> {
  const dynamo = await startDynamoDbLocal();
  const results: Record<string, unknown>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    for (const rows of sizes) {
      const tableName = `bench-import-${rows}`;
      const db = await localTable(dynamo.endpoint, tableName);
      const dataDir = join(dir, String(rows));
      (await import('node:fs')).mkdirSync(dataDir);
      writeRuntimeInfo(dataDir, { pid: process.pid, dynamoEndpoint: dynamo.endpoint, tableName });
      copyFileSync('config/example.json', join(dataDir, 'config.json'));
      const file = join(dataDir, 'accounts.csv');
      await writeImportCsv(file, rows);
      const base = ['--data-dir', dataDir, '--config', join(dataDir, 'config.json'), '--quiet'];
      const dry = await runCli([...base, '--now', '2027-01-10', 'import', file, '--dry-run']);
      const real = await runCli([...base, '--now', '2027-01-10', 'import', file]);
      if (dry.code !== 0 || real.code !== 0) throw new Error(`import failed: ${dry.stderr}${real.stderr}`);
      const store = new DynamoDbAccountStore(db, tableName);
      const stored = (await store.countByInstitution('LIB-A')) + (await store.countByInstitution('LIB-B'));
      results.push({
        rows,
        stored,
        dryRunMs: Math.round(dry.ms),
        dryRunPeakRssMb: dry.peakRssMb,
        importMs: Math.round(real.ms),
        rowsPerSecond: Math.round(rows / (real.ms / 1000)),
        peakRssMb: real.peakRssMb,
      });
    }
  } finally {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const last = results[results.length - 1] as {
    rows: number;
    stored: number;
    importMs: number;
    peakRssMb: number;
  };
  return {
    name: 'csv-import',
    results,
    target: '100,000 rows ≤ 120 s, peak RSS ≤ 300 MB',
    targetMet:
      last.rows === 100_000 && last.stored === last.rows && last.importMs <= 120_000 && last.peakRssMb <= 300,
  };
}
