import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAcknowledgements, NAG_ACKNOWLEDGEMENTS, type RecordedAcknowledgement } from '../../infra/nag';
import { synthesizeTestStack } from './fixture';

let report: PolicyValidationPluginReport;
let acknowledgements: RecordedAcknowledgement[];

beforeAll(() => {
  // Findings depend on the template, not on the bundled code: no need to bundle twice per run.
  const { app, stack } = synthesizeTestStack({ bundle: false });
  report = new AwsSolutionsChecks(app).validateScope(stack);
  acknowledgements = listAcknowledgements(stack);
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding', () => {
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only with a listed one-line reason', () => {
    const reasons = Object.values(NAG_ACKNOWLEDGEMENTS).map((a) => a.reason) as string[];
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) {
      expect(reasons, acknowledgement.id).toContain(acknowledgement.reason);
      expect(acknowledgement.reason).not.toMatch(/\n/);
    }
  });

  it('uses every listed reason (the README list stays exact)', () => {
    const used = new Set(acknowledgements.map((a) => a.reason));
    for (const [name, { reason }] of Object.entries(NAG_ACKNOWLEDGEMENTS))
      expect(used.has(reason), name).toBe(true);
  });

  it('never acknowledges a whole rule that reports findings per resource', () => {
    for (const { id } of acknowledgements) expect(id, id).not.toBe('AwsSolutions-IAM5');
  });
});
