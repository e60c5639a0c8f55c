import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Operations } from '../../infra/constructs/operations';
import { synthesizeTestStack } from './fixture';

/**
 * README's runbook ("Operate") against the synthesized template: the alarm names it lists,
 * expanded over `<Function>` and `<Queue>`, are exactly the template's alarms, and the counts
 * it states are the template's count.
 */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const operate = readme.slice(readme.indexOf('## Operate'), readme.indexOf('**Replaying a DLQ.**'));

let alarmNames: string[];
let functionNames: string[];
let queueNames: string[];

beforeAll(() => {
  const { stack } = synthesizeTestStack({ bundle: false });
  const operations = stack.node.findChild('Operations') as Operations;
  alarmNames = operations.alarms.map((a) => a.node.id).sort();
  functionNames = Object.keys(stack.functions);
  queueNames = alarmNames
    .filter((n) => n.endsWith('DeadLettersAging'))
    .map((n) => n.replace(/DeadLettersAging$/, ''));
});

/** The runbook table's first-column names, `<Function>`/`<Queue>` expanded. */
function runbookAlarms(): string[] {
  const rows = operate.split('\n').filter((line) => /^\| `/.test(line));
  return rows
    .flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
    .flatMap((name) =>
      name.startsWith('<Function>')
        ? functionNames.map((f) => name.replace('<Function>', f))
        : name.startsWith('<Queue>')
          ? queueNames.map((q) => name.replace('<Queue>', q))
          : [name],
    )
    .sort();
}

describe('README runbook', () => {
  it('names exactly the alarms of the template', () => {
    expect(runbookAlarms()).toEqual(alarmNames);
  });

  it('names the functions and dead-letter queues the template has', () => {
    const legend = operate.slice(operate.indexOf('`<Function>` is each of'), operate.indexOf('| alarm'));
    const [functionsPart, queuesPart] = legend.split('`<Queue>`');
    const names = (text: string) => [...text.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!).sort();
    expect(names(functionsPart!)).toEqual([...functionNames].sort());
    expect(names(queuesPart!)).toEqual([...queueNames].sort());
  });

  it('states the alarm count of the template, in the runbook and the cost table', () => {
    expect(operate).toContain(`**${alarmNames.length} alarms**`);
    expect(readme).toContain(`CloudWatch alarms (${alarmNames.length} standard)`);
  });
});
