import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli';

/** Requests written as sentences (../shared/corpus/sentences) through `alma-accounts ingest --json`. */
const dir = new URL('../../../shared/corpus/sentences/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  now: string;
  mailbox: string;
  cases: { file: string; expect: Record<string, unknown> }[];
  institutions: unknown[];
};

describe('the sentence corpus through `alma-accounts ingest --json`', () => {
  it('gives every expected result, and each answer lists what was understood', async () => {
    const ws = await cliWorkspace({
      mailbox: corpus.mailbox,
      helpdesk: 'helpdesk@helpdesk.example.org',
      trainingCoordinators: ['training@helpdesk.example.org'],
      institutions: corpus.institutions,
    });
    const files = corpus.cases.map((c) => new URL(c.file, dir).pathname);
    const run = await ws.cli('ingest', ...files, '--json', '--now', corpus.now);
    expect(run.code, run.err.join('\n')).toBe(0);
    const results = run.out.map((line) => JSON.parse(line));
    for (const [i, c] of corpus.cases.entries()) expect(results[i], c.file).toMatchObject(c.expect);
  });
});
