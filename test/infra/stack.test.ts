import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATUS_CHECK_METRIC } from '../../infra/constructs/operations';
import type { AlmaAccountsStack } from '../../infra/stack';
import { TABLE_INDEXES, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table';
import { SCHEDULES, scheduleExpression } from '../../shared/schedules';
import { exampleConfig, synthesizeTestStack, TEST_ENV } from './fixture';

/** The one receipt rule of the stack, as SES names it in aws:SourceArn. */
const RULE_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:ses:${TEST_ENV.region}:${TEST_ENV.account}:receipt-rule-set/AlmaAccounts-test-inbound:receipt-rule/request-mailbox`,
    ],
  ],
};

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

let app: App;
let stack: AlmaAccountsStack;
let template: Template;

beforeAll(() => {
  ({ app, stack, template } = synthesizeTestStack({ bundle: true }));
});

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
const functionIds = () =>
  Object.fromEntries(
    Object.entries(stack.functions).map(([name, f]) => [name, logicalId(f.function.node.defaultChild)]),
  );

/** Every statement of every IAM policy attached to the role of a function. */
function statementsOfFunction(functionLogicalId: string): Statement[] {
  const fn = resourcesOf('AWS::Lambda::Function')[functionLogicalId]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOfStatement = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('accounts table', () => {
  it('is on-demand, recoverable, protected, encrypted and retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('has the 4 GSIs of shared/adapters/dynamodb/table.ts', () => {
    const [table] = Object.values(resourcesOf('AWS::DynamoDB::Table'));
    const indexes = table!.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
      Projection: { ProjectionType: string };
    }[];
    expect(indexes).toHaveLength(4);
    expect(indexes.map((i) => i.IndexName)).toEqual(TABLE_INDEXES.map((i) => i.indexName));
    for (const index of TABLE_INDEXES) {
      expect(indexes.find((i) => i.IndexName === index.indexName)).toEqual({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
    }
  });
});

describe('inbound mail', () => {
  it('has one rule for the mailbox: S3 → Lambda (Event) → Stop, scanned, TLS required', () => {
    const rules = Object.values(resourcesOf('AWS::SES::ReceiptRule'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties.Rule as Record<string, unknown>;
    expect(rule).toMatchObject({
      Enabled: true,
      Recipients: [exampleConfig.mailbox],
      ScanEnabled: true,
      TlsPolicy: 'Require',
    });
    const actions = rule.Actions as Record<string, Record<string, unknown>>[];
    expect(actions.map((a) => Object.keys(a)[0])).toEqual(['S3Action', 'LambdaAction', 'StopAction']);
    expect(actions[0]!.S3Action).toMatchObject({ ObjectKeyPrefix: 'inbound/' });
    expect(actions[1]!.LambdaAction).toEqual({
      FunctionArn: { 'Fn::GetAtt': [functionIds().InboundMailFunction, 'Arn'] },
      InvocationType: 'Event',
    });
  });

  it('activates its own rule set with a custom resource that may read and set the active set', () => {
    const [ruleSetId] = Object.keys(resourcesOf('AWS::SES::ReceiptRuleSet'));
    const [activation] = Object.values(resourcesOf('Custom::ActiveReceiptRuleSet'));
    expect(activation!.Properties.RuleSetName).toEqual({ Ref: ruleSetId });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['ses:DescribeActiveReceiptRuleSet', 'ses:SetActiveReceiptRuleSet'],
            Effect: 'Allow',
            Resource: '*',
          },
        ]),
      },
    });
  });

  it("lets SES invoke the inbound function only for this stack's receipt rule", () => {
    const permissions = Object.values(resourcesOf('AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'ses.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionIds().InboundMailFunction, 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: TEST_ENV.account,
      SourceArn: RULE_ARN,
    });
  });
});

describe('raw mail bucket', () => {
  const rawBucketId = () =>
    logicalId(stack.node.findChild('RawMail').node.findChild('Bucket').node.defaultChild);

  it('is encrypted, private, unversioned, expiring and logged', () => {
    const bucket = resourcesOf('AWS::S3::Bucket')[rawBucketId()]!;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            ExpirationInDays: exampleConfig.retention.rawMailDays,
            Status: 'Enabled',
          }),
        ],
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
  });

  it('denies plain HTTP and lets only SES of this account write under inbound/', () => {
    const policy = Object.values(resourcesOf('AWS::S3::BucketPolicy')).find(
      (p) => (p.Properties.Bucket as { Ref: string }).Ref === rawBucketId(),
    )!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const writes = statements.filter((s) => s.Effect === 'Allow');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      Action: 's3:PutObject',
      Principal: { Service: 'ses.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': TEST_ENV.account, 'aws:SourceArn': RULE_ARN } },
    });
    expect(JSON.stringify(writes[0]!.Resource)).toContain('/inbound/*');
  });

  it('logs to a bucket that is itself encrypted, private, TLS-only and expiring', () => {
    const logBucket = Object.entries(resourcesOf('AWS::S3::Bucket')).find(([id]) => id !== rawBucketId())!;
    expect(logBucket[1].Properties).toMatchObject({
      BucketEncryption: expect.anything(),
      PublicAccessBlockConfiguration: expect.objectContaining({ BlockPublicPolicy: true }),
      LifecycleConfiguration: expect.anything(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucket[0] },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('schedules', () => {
  const schedules = () => Object.values(resourcesOf('AWS::Scheduler::Schedule'));

  it('creates one schedule per entry of SCHEDULES', () => {
    expect(schedules()).toHaveLength(SCHEDULES.length);
  });

  it('runs every schedule in Europe/Brussels with retries and a dead-letter queue', () => {
    for (const schedule of schedules()) {
      expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Europe/Brussels');
      const target = schedule.Properties.Target as Record<string, Record<string, unknown>>;
      expect(target.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: expect.any(Number),
        MaximumRetryAttempts: expect.any(Number),
      });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
    }
  });

  it('sends each job its name and scheduled time, to the function that runs it', () => {
    const ids = functionIds();
    for (const entry of SCHEDULES) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: scheduleExpression(entry.timing),
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [ids[entry.functionId], 'Arn'] },
          Input: JSON.stringify({ job: entry.job, scheduledTime: '<aws.scheduler.scheduled-time>' }),
        }),
      });
    }
  });

  it('checks Alma status every 5 minutes', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Input: Match.stringLikeRegexp('"job":"status-check"') }),
    });
  });
});

describe('alarms', () => {
  it('raises an alarm when the status checker is silent for 15 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: STATUS_CHECK_METRIC.namespace,
      MetricName: 'StatusCheckCompleted',
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.anyValue() }],
    });
  });

  it('alarms on errors and throttles of every function, and on every dead-letter queue', () => {
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    for (const id of Object.values(functionIds())) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarms.some(
            (a) =>
              a.MetricName === metric &&
              JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
          ),
          `${metric} alarm for ${id}`,
        ).toBe(true);
      }
    }
    // Inbound, notices, status check, SES feedback and the scheduler; the decision page is never invoked asynchronously.
    const queues = Object.keys(resourcesOf('AWS::SQS::Queue'));
    expect(queues).toHaveLength(5);
    for (const queue of queues) {
      for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage'])
        expect(
          alarms.some((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(queue)),
          `${metric} alarm for ${queue}`,
        ).toBe(true);
    }
  });

  it('alarms on SES bounce and complaint rates and mails the operators', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
    });
    for (const address of exampleConfig.alerts.operators) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address });
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('functions', () => {
  it('run the Node major the tests, npm start and the CLI run on (npm scripts: node_modules/.bin/node)', () => {
    const runtimes = Object.values(functionIds()).map(
      (id) => resourcesOf('AWS::Lambda::Function')[id]!.Properties.Runtime,
    );
    expect(new Set(runtimes)).toEqual(new Set([`nodejs${process.versions.node.split('.')[0]}.x`]));
  });

  it('trace the inbound function (X-Ray, Powertools Tracer): the path of a mail', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions[functionIds().InboundMailFunction!]!.Properties.TracingConfig).toEqual({
      Mode: 'Active',
    });
  });

  it('run Node 22 on arm64 with a log group that has a retention', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    const logGroups = resourcesOf('AWS::Logs::LogGroup');
    for (const id of Object.values(functionIds())) {
      const fn = functions[id]!.Properties;
      expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      const logGroupId = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it.skipIf(process.env.ALMA_SKIP_BUNDLING === '1')(
    'ships each handler as a minified ESM bundle with a source map',
    () => {
      const functions = resourcesOf('AWS::Lambda::Function');
      for (const id of Object.values(functionIds())) {
        const key = (functions[id]!.Properties.Code as { S3Key: string }).S3Key;
        const dir = join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
        const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
        expect(code.startsWith('import { createRequire as __almaCreateRequire }'), id).toBe(true);
        expect(code).toContain('//# sourceMappingURL=index.mjs.map');
        expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
        expect(functions[id]!.Properties.Handler).toBe('index.handler');
      }
    },
  );

  it('gives the inbound function no wildcard resource on DynamoDB, S3 or SES, and no s3:PutObject', () => {
    const statements = statementsOfFunction(functionIds().InboundMailFunction!);
    const scoped = statements.filter((s) => actionsOf(s).some((a) => /^(dynamodb|s3|ses):/.test(a)));
    expect(scoped.length).toBeGreaterThanOrEqual(3);
    for (const statement of scoped) {
      expect(resourcesOfStatement(statement)).not.toContain('*');
    }
    const actions = statements.flatMap(actionsOf);
    expect(actions).not.toContain('s3:PutObject');
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    expect(actions.some((a) => a.endsWith(':*'))).toBe(false);
  });

  it('lets every function send mail, only from the mailbox, on its domain identity', () => {
    const send = statementsOfFunction(functionIds().NoticesFunction!).find((s) =>
      actionsOf(s).includes('ses:SendRawEmail'),
    )!;
    expect(send.Condition).toEqual({ StringEquals: { 'ses:FromAddress': exampleConfig.mailbox } });
    expect(JSON.stringify(send.Resource)).toContain(`:identity/${exampleConfig.mailbox.split('@')[1]}`);
    // Every function that sends (the decision page too: an approval's follow-up mail) may do so only as the mailbox.
    // SES v2 SendEmail with raw MIME is authorised as ses:SendRawEmail (test/integration/iam.test.ts).
    for (const id of Object.values(functionIds())) {
      const sends = statementsOfFunction(id).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
      expect(sends, id).toHaveLength(1);
      expect(actionsOf(sends[0]!), id).toEqual(['ses:SendRawEmail']);
      expect(sends[0]!.Condition, id).toEqual({ StringEquals: { 'ses:FromAddress': exampleConfig.mailbox } });
    }
  });

  it('hands every function its table, secrets prefix and config parameter', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    for (const id of Object.values(functionIds())) {
      const env = (functions[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        TABLE_NAME: { Ref: expect.any(String) },
        SECRETS_PREFIX: '/alma-accounts/test',
        CONFIG_PARAMETER: '/alma-accounts/test/config',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
    const inbound = functions[functionIds().InboundMailFunction!]!.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(inbound.Variables).toMatchObject({
      RAW_MAIL_BUCKET: { Ref: expect.any(String) },
      RAW_MAIL_PREFIX: 'inbound/',
      MAIL_FROM: exampleConfig.mailbox,
    });
  });

  it('stores the validated config, with the deployed decision page as base URL', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/alma-accounts/test/config',
      Type: 'String',
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"mailbox":"accounts@')])] },
    });
  });

  it('publishes the decision page through a function URL with auth NONE', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionIds().DecisionPageFunction, 'Arn'] },
    });
  });
});

describe('outputs', () => {
  it('exports the table, bucket, alarm topic and decision URL', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining(['TableName', 'RawMailBucketName', 'AlarmTopicArn', 'DecisionUrl']),
    );
  });
});
