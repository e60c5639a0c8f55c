import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlmaAccountsStack } from '../../infra/stack';
import { SES_FEEDBACK_TIMEOUT_SECONDS } from '../../shared/app/feedback/ses-feedback';
import { synthesizeTestStack, TEST_ENV } from './fixture';

/** Bounces and complaints in (issue 31): configuration set → SNS topic → ses-feedback function. */

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

let stack: AlmaAccountsStack;
let template: Template;
beforeAll(() => {
  ({ stack, template } = synthesizeTestStack({ bundle: false }));
});

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
const idOf = (name: keyof AlmaAccountsStack['functions']) =>
  stack.getLogicalId(stack.functions[name].function.node.defaultChild as CfnElement);
function statementsOf(functionId: string): Statement[] {
  const fn = resourcesOf('AWS::Lambda::Function')[functionId]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const SET_ARN = `:ses:${TEST_ENV.region}:${TEST_ENV.account}:configuration-set/alma-accounts-test`;

describe('SES feedback', () => {
  it('has one configuration set with reputation metrics and the account suppression list', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'alma-accounts-test',
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes bounces and complaints (no deliveries) to an encrypted, TLS-only topic that only SES of this set may publish to', () => {
    const destination = Object.values(resourcesOf('AWS::SES::ConfigurationSetEventDestination'));
    expect(destination).toHaveLength(1);
    const event = destination[0]!.Properties.EventDestination as Record<string, unknown>;
    expect(event.MatchingEventTypes).toEqual(['bounce', 'complaint']);
    const feedbackTopic = Object.entries(resourcesOf('AWS::SNS::Topic')).find(
      ([, t]) => t.Properties.DisplayName === 'Alma accounts SES feedback',
    )!;
    expect(event.SnsDestination).toEqual({ TopicARN: { Ref: feedbackTopic[0] } });
    expect(feedbackTopic[1].Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: feedbackTopic[0] }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'AWS:SourceAccount': TEST_ENV.account }) },
          }),
        ]),
      },
    });
    // The topic's key: SES only, for this configuration set, in this account.
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('SES feedback topic'),
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'aws:SourceAccount': TEST_ENV.account }) },
          }),
        ]),
      },
    });
  });

  it('subscribes the ses-feedback function, which alone SNS may invoke from that topic', () => {
    const fn = idOf('SesFeedbackFunction');
    const feedbackTopic = Object.entries(resourcesOf('AWS::SNS::Topic')).find(
      ([, t]) => t.Properties.DisplayName === 'Alma accounts SES feedback',
    )![0];
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: feedbackTopic },
      Endpoint: { 'Fn::GetAtt': [fn, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      SourceArn: { Ref: feedbackTopic },
    });
  });

  it('retries twice, then keeps the event in its dead-letter queue (alarmed)', () => {
    const fn = idOf('SesFeedbackFunction');
    const props = resourcesOf('AWS::Lambda::Function')[fn]!.Properties;
    expect(props.Timeout).toBe(SES_FEEDBACK_TIMEOUT_SECONDS);
    const dlq = (props.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } }).TargetArn[
      'Fn::GetAtt'
    ][0];
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      MaximumRetryAttempts: 2,
    });
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(
      alarms.some(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(dlq),
      ),
    ).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(fn))).toBe(
      true,
    );
  });

  it('grants the function only what it does: its partitions, GSI2, sending through the set, one secret', () => {
    const statements = statementsOf(idOf('SesFeedbackFunction'));
    const dynamo = statements.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actions).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const items = dynamo.find((s) => actions(s).includes('dynamodb:GetItem'))!;
    expect(items.Condition).toEqual({
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': ['ADDRESS#*', 'ACCOUNT#*', 'CLAIM#*', 'CLAIMMARK#*'],
      },
    });
    const query = dynamo.find((s) => actions(s).includes('dynamodb:Query'))!;
    expect(JSON.stringify(query.Resource)).toContain('/index/GSI2');
    expect(JSON.stringify(query.Resource)).not.toContain('GSI1');
    expect(statements.flatMap(actions).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('makes every sending function name the configuration set, and lets it send through it', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    for (const name of Object.keys(stack.functions) as (keyof AlmaAccountsStack['functions'])[]) {
      const id = idOf(name);
      const env = (functions[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.SES_CONFIGURATION_SET, name).toBe('alma-accounts-test');
      const send = statementsOf(id).find((s) => actions(s).includes('ses:SendRawEmail'))!;
      expect(JSON.stringify(send.Resource), name).toContain(SET_ARN);
    }
  });
});
