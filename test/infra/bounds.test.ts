import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_AGE_ALARM_DAYS, DEAD_LETTER_RETENTION_DAYS } from '../../infra/constructs/alma-function';
import { RULE_SET_ACTIVATION_CODE } from '../../infra/constructs/inbound-mail-rule';
import {
  AlmaAccountsStack,
  DECISION_PAGE_CONCURRENCY,
  DECISION_PAGE_INVOCATIONS_ALARM,
} from '../../infra/stack';
import { almaCallWorstCaseMs } from '../../shared/adapters/alma/users-api';
import { CAUGHT_FAILURES } from '../../shared/metrics';
import { exampleConfig, synthesizeTestStack } from './fixture';

/**
 * The deployed shape of the issue "every call proven allowed, the public URL bounded, no failure
 * silent" (findings 2-7); the calls themselves are checked in test/integration/iam.test.ts.
 */

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

let stack: AlmaAccountsStack;
let template: Template;
let ids: Record<keyof AlmaAccountsStack['functions'], string>;

beforeAll(() => {
  ({ stack, template } = synthesizeTestStack({ bundle: false }));
  ids = Object.fromEntries(
    Object.entries(stack.functions).map(([name, f]) => [
      name,
      stack.getLogicalId(f.function.node.defaultChild as CfnElement),
    ]),
  ) as typeof ids;
});

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
const fn = (name: keyof typeof ids) => resourcesOf('AWS::Lambda::Function')[ids[name]]!.Properties;
const alarms = () => Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
const eventInvokeConfigOf = (name: keyof typeof ids) =>
  Object.values(resourcesOf('AWS::Lambda::EventInvokeConfig')).find(
    (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: ids[name] }),
  )?.Properties;
function statementsOf(name: keyof typeof ids): Statement[] {
  const roleId = (fn(name).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('2. the public URL is bounded', () => {
  it('reserves (and so caps) the decision page concurrency', () => {
    expect(fn('DecisionPageFunction').ReservedConcurrentExecutions).toBe(DECISION_PAGE_CONCURRENCY);
  });

  it('alarms on the decision page throttles and on a flood of invocations', () => {
    const onPage = (metric: string) =>
      alarms().find(
        (a) =>
          a.MetricName === metric &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'FunctionName', Value: { Ref: ids.DecisionPageFunction } }]),
      );
    expect(onPage('Throttles')).toMatchObject({ Threshold: 0, Statistic: 'Sum' });
    expect(onPage('Invocations')).toMatchObject({
      Threshold: DECISION_PAGE_INVOCATIONS_ALARM,
      Statistic: 'Sum',
      Period: 300,
    });
  });
});

describe('3. roles no broader than the code', () => {
  it('grants no function Scan, stream or wildcard DynamoDB actions, nor the whole index set', () => {
    for (const name of Object.keys(ids) as (keyof typeof ids)[]) {
      const granted = statementsOf(name).flatMap(actions);
      for (const action of granted) {
        expect(action, name).not.toMatch(
          /^dynamodb:(Scan|GetRecords|GetShardIterator|DescribeStream|ListStreams|\*)/,
        );
        expect(action, name).not.toMatch(/:\*$/);
      }
      expect(JSON.stringify(statementsOf(name)), name).not.toContain('/index/*');
    }
  });

  it('gives the internet-facing function no batch actions and only its partitions', () => {
    const statements = statementsOf('DecisionPageFunction');
    const items = statements.find((s) => actions(s).includes('dynamodb:PutItem'))!;
    expect(actions(items).some((a) => a.startsWith('dynamodb:Batch'))).toBe(false);
    expect(items.Condition).toEqual({
      'ForAllValues:StringLike': {
        // The portal (README "Portal"): its links, limits and sessions; its forms are requests.
        'dynamodb:LeadingKeys': [
          'ACCOUNT#*',
          'OPEN#*',
          'REVIEW#*',
          'CLAIM#*',
          'CLAIMMARK#*',
          'MONITOR#*',
          'ADDRESS#*',
          'REQUEST#*',
          'MESSAGE#*',
          'IDEMPOTENCY#*',
          'PORTALLINK#*',
          'PORTALRATE#*',
          'SESSION#*',
          'PWROT#*',
          'REPORT#*',
          'RATING#*',
          'IMPORTS',
        ],
      },
    });
  });

  it('grants secrets by name: the decision page cannot read the status API credentials', () => {
    const config = {
      ...exampleConfig,
      monitor: {
        ...exampleConfig.monitor,
        environments: [
          {
            name: 'Alma EU02 - Production',
            sources: [
              {
                kind: 'status-api' as const,
                url: 'https://status.example',
                credentialsSecret: 'exlibris-status',
              },
            ],
          },
        ],
      },
    };
    const other = synthesizeTestStack({ bundle: false, config });
    const parametersOf = (name: keyof typeof ids) => {
      const id = other.stack.getLogicalId(
        other.stack.functions[name].function.node.defaultChild as CfnElement,
      );
      const roleId = (
        (other.template.findResources('AWS::Lambda::Function')[id] as Resource).Properties.Role as {
          'Fn::GetAtt': [string];
        }
      )['Fn::GetAtt'][0];
      return Object.values(other.template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((s) => actions(s).includes('ssm:GetParameter'))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
        .map((r) =>
          JSON.stringify(r)
            .replace(/.*parameter\/alma-accounts\/test\/?/, '')
            .replace(/"]]}$/, ''),
        );
    };
    expect(parametersOf('DecisionPageFunction').sort()).toEqual([
      'alma-api-key/LIB-A',
      'config',
      'decision-link-key',
    ]);
    expect(parametersOf('StatusCheckFunction').sort()).toEqual([
      'alma-api-key/LIB-A',
      'config',
      'exlibris-status',
    ]);
  });
});

describe('issue 30: the password key', () => {
  const passwordKeyId = () => {
    const [id] = Object.entries(resourcesOf('AWS::KMS::Key')).find(([, k]) =>
      String(k.Properties.Description).includes('shared-account passwords'),
    )!;
    return id;
  };
  const kmsOf = (name: keyof typeof ids) =>
    statementsOf(name).filter((s) => actions(s).some((a) => a.startsWith('kms:')));

  it('is the stack’s own key, rotated yearly and kept with the table', () => {
    const [, key] = Object.entries(template.findResources('AWS::KMS::Key')).find(
      ([id]) => id === passwordKeyId(),
    )!;
    expect(key).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the notices function seal and open, the decision page only open, on that key alone', () => {
    const keyArn = { 'Fn::GetAtt': [passwordKeyId(), 'Arn'] };
    const onKey = (name: keyof typeof ids) =>
      kmsOf(name).filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn));
    expect(onKey('NoticesFunction').flatMap(actions).sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(onKey('DecisionPageFunction').flatMap(actions)).toEqual(['kms:Decrypt']);
    for (const name of ['NoticesFunction', 'DecisionPageFunction'] as const) {
      expect(onKey(name)[0]!.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'shared-password' },
      });
      expect(fn(name).Environment).toMatchObject({ Variables: { PASSWORD_KEY_ID: keyArn } });
    }
    for (const name of ['InboundMailFunction', 'StatusCheckFunction'] as const) {
      expect(onKey(name), name).toEqual([]);
      expect(JSON.stringify(fn(name).Environment), name).not.toContain('PASSWORD_KEY_ID');
    }
    // The only other KMS grant of any function is the SSM one (any key, only through SSM).
    for (const name of Object.keys(ids) as (keyof typeof ids)[])
      for (const s of kmsOf(name))
        if (JSON.stringify(s.Resource) !== JSON.stringify(keyArn))
          expect(JSON.stringify(s.Condition), name).toContain('kms:ViaService');
  });
});

describe('4. no confused deputy', () => {
  it("lets CloudWatch use the alarm key only for this stack's alarms in this account", () => {
    const key = Object.values(resourcesOf('AWS::KMS::Key')).find((k) =>
      String(k.Properties.Description).includes('alarm topic'),
    );
    const statements = (key!.Properties.KeyPolicy as { Statement: (Statement & { Principal: unknown })[] })
      .Statement;
    const cloudwatch = statements.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0]!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:eu-west-1:123456789012:alarm:AlmaAccounts-test-*',
            ],
          ],
        },
      },
    });
  });
});

describe("5. deleting a stack never stops the other stage's mail", () => {
  /** Runs the activation provider's code against a stand-in SES whose active set is `active`. */
  async function run(requestType: string, active: string | undefined) {
    const sent: { command: string; input: Record<string, unknown> }[] = [];
    class Command {
      constructor(readonly input: Record<string, unknown>) {}
    }
    const ses = {
      SESClient: class {
        async send(command: Command) {
          sent.push({ command: command.constructor.name, input: command.input });
          return command.constructor.name === 'DescribeActiveReceiptRuleSetCommand'
            ? { Metadata: active ? { Name: active } : undefined }
            : {};
        }
      },
      DescribeActiveReceiptRuleSetCommand: class DescribeActiveReceiptRuleSetCommand extends Command {},
      SetActiveReceiptRuleSetCommand: class SetActiveReceiptRuleSetCommand extends Command {},
    };
    const module = { exports: {} as { handler: (event: unknown) => Promise<unknown> } };
    new Function('exports', 'require', 'module', RULE_SET_ACTIVATION_CODE)(module.exports, () => ses, module);
    const answer = await module.exports.handler({
      RequestType: requestType,
      PhysicalResourceId: 'active-receipt-rule-set-ours',
      ResourceProperties: { RuleSetName: 'ours' },
    });
    return { sent, answer };
  }

  it('activates its own set on create and update', async () => {
    for (const type of ['Create', 'Update']) {
      const { sent } = await run(type, 'theirs');
      expect(sent).toEqual([{ command: 'SetActiveReceiptRuleSetCommand', input: { RuleSetName: 'ours' } }]);
    }
  });

  it("on delete, leaves another stage's active set alone", async () => {
    const { sent } = await run('Delete', 'theirs');
    expect(sent.map((s) => s.command)).toEqual(['DescribeActiveReceiptRuleSetCommand']);
  });

  it('on delete, deactivates its own set when it is the active one', async () => {
    const { sent } = await run('Delete', 'ours');
    expect(sent).toEqual([
      { command: 'DescribeActiveReceiptRuleSetCommand', input: {} },
      { command: 'SetActiveReceiptRuleSetCommand', input: {} },
    ]);
  });
});

describe('6. failure handling fitted to each function', () => {
  it('keeps dead letters 14 days and alarms on their age well before', () => {
    for (const queue of Object.values(resourcesOf('AWS::SQS::Queue')))
      expect(queue.Properties.MessageRetentionPeriod).toBe(DEAD_LETTER_RETENTION_DAYS * 86_400);
    const ageing = alarms().filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(ageing).toHaveLength(5);
    for (const alarm of ageing) {
      expect(alarm.Threshold).toBe(DEAD_LETTER_AGE_ALARM_DAYS * 86_400);
      expect(alarm.Threshold as number).toBeLessThan(DEAD_LETTER_RETENTION_DAYS * 86_400);
    }
  });

  it('never retries a status check and drops one older than its 5-minute interval', () => {
    expect(eventInvokeConfigOf('StatusCheckFunction')).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
    });
  });

  it('gives the decision page (synchronous only) no dead-letter queue and no async config', () => {
    expect(fn('DecisionPageFunction').DeadLetterConfig).toBeUndefined();
    expect(eventInvokeConfigOf('DecisionPageFunction')).toBeUndefined();
    for (const name of ['InboundMailFunction', 'NoticesFunction', 'StatusCheckFunction'] as const)
      expect(fn(name).DeadLetterConfig, name).toEqual({
        TargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      });
  });

  it('lets the functions that create Alma users wait for two Alma calls at their worst', () => {
    const worst = almaCallWorstCaseMs(exampleConfig.alma);
    expect(worst).toBe(59_000);
    for (const name of ['InboundMailFunction', 'DecisionPageFunction'] as const)
      expect((fn(name).Timeout as number) * 1000, name).toBeGreaterThan(2 * worst);
  });
});

describe('7. synthesis needs a region', () => {
  it('refuses a stack without one, saying so', () => {
    expect(
      () =>
        new AlmaAccountsStack(new App(), 'AlmaAccounts-test', {
          config: exampleConfig,
          stage: 'test',
          skipBundling: true,
        }),
    ).toThrow(/no region/);
  });
});

describe('no silent failure', () => {
  it('alarms on every caught-and-logged failure, summed over every function', () => {
    for (const kind of Object.keys(CAUGHT_FAILURES)) {
      const alarm = alarms().find((a) =>
        (a.Metrics as { Label?: string; Expression?: string }[] | undefined)?.some((m) => m.Label === kind),
      );
      expect(alarm, kind).toBeDefined();
      const services = (
        alarm!.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[]
      )
        .flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []))
        .map((m) => {
          expect(m.MetricName).toBe(kind);
          return (m.Dimensions as { Value: string }[])[0]!.Value;
        });
      expect(services.sort()).toEqual([
        'decision-page',
        'inbound-mail',
        'notices',
        'ses-feedback',
        'status-check',
      ]);
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.anyValue() });
  });
});
