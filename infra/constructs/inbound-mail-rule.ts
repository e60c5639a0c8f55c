import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  CfnPermission,
  Code,
  type IFunction,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  type IReceiptRuleAction,
  type ReceiptRuleActionConfig,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { LambdaInvocationType, Stop } from 'aws-cdk-lib/aws-ses-actions';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

type IReceiptRuleRef = Parameters<IReceiptRuleAction['bind']>[0];

import { acknowledge, wildcardResourceFinding } from '../nag';

export interface InboundMailRuleProps {
  /** The request mailbox (config.mailbox). */
  recipient: string;
  bucket: IBucket;
  /** Key prefix of the stored raw mails; the function reads `<prefix><messageId>`. */
  objectKeyPrefix: string;
  handler: IFunction;
}

/** The rule of the request mailbox, named so the grants to SES can name it (aws:SourceArn). */
const RULE_NAME = 'request-mailbox';

/**
 * The provider of the activation resource. Create/update make this stack's rule set the active
 * one; delete deactivates only when this stack's set is still the active one, so deleting one
 * stage never stops another stage's mail. Runs on the runtime's SDK (no bundle to build).
 */
export const RULE_SET_ACTIVATION_CODE = `
const { SESClient, DescribeActiveReceiptRuleSetCommand, SetActiveReceiptRuleSetCommand } = require('@aws-sdk/client-ses');
const ses = new SESClient({});
exports.handler = async (event) => {
  const name = event.ResourceProperties.RuleSetName;
  if (event.RequestType === 'Delete') {
    const active = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
    if (active.Metadata && active.Metadata.Name === name) await ses.send(new SetActiveReceiptRuleSetCommand({}));
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: name }));
  return { PhysicalResourceId: 'active-receipt-rule-set-' + name };
};
`;

/** SES's S3 action with a bucket grant bound to this one receipt rule (aws:SourceArn), not any rule of the account. */
class ScopedS3Action implements IReceiptRuleAction {
  constructor(private readonly props: { bucket: IBucket; objectKeyPrefix: string; ruleArn: string }) {}
  bind(rule: IReceiptRuleRef): ReceiptRuleActionConfig {
    this.props.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        resources: [this.props.bucket.arnForObjects(`${this.props.objectKeyPrefix}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(rule).account, 'aws:SourceArn': this.props.ruleArn },
        },
      }),
    );
    // SES checks the grant when the rule is created.
    const policy = this.props.bucket.node.tryFindChild('Policy');
    if (policy) rule.node.addDependency(policy);
    return {
      s3Action: { bucketName: this.props.bucket.bucketName, objectKeyPrefix: this.props.objectKeyPrefix },
    };
  }
}

/** SES's Lambda action (asynchronous) with an invoke permission bound to this one receipt rule. */
class ScopedLambdaAction implements IReceiptRuleAction {
  constructor(private readonly props: { handler: IFunction; ruleArn: string }) {}
  bind(rule: IReceiptRuleRef): ReceiptRuleActionConfig {
    const permission = new CfnPermission(rule as unknown as Construct, 'InvokeByThisRule', {
      action: 'lambda:InvokeFunction',
      functionName: this.props.handler.functionArn,
      principal: 'ses.amazonaws.com',
      sourceAccount: Stack.of(rule).account,
      sourceArn: this.props.ruleArn,
    });
    rule.node.addDependency(permission);
    return {
      lambdaAction: {
        functionArn: this.props.handler.functionArn,
        invocationType: LambdaInvocationType.EVENT,
      },
    };
  }
}

/**
 * The SES receipt rule set with one rule for the request mailbox: store the raw mail in S3
 * (the Lambda event carries no body), invoke the handler asynchronously, then stop so no later
 * rule acts on the same mail. Spam/virus scanning on, TLS required; the bucket and the function
 * accept SES only on behalf of this rule. CloudFormation cannot make a rule set active
 * (aws/aws-cdk#10321), so a custom resource activates it on create/update and, on delete,
 * deactivates it only if it is still the active set.
 */
export class InboundMailRule extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly ruleArn: string;

  constructor(scope: Construct, id: string, props: InboundMailRuleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ruleSetName = `${stack.stackName}-inbound`;
    this.ruleArn = stack.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${ruleSetName}:receipt-rule/${RULE_NAME}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });
    this.ruleSet.addRule('RequestMailbox', {
      receiptRuleName: RULE_NAME,
      recipients: [props.recipient],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      enabled: true,
      actions: [
        new ScopedS3Action({
          bucket: props.bucket,
          objectKeyPrefix: props.objectKeyPrefix,
          ruleArn: this.ruleArn,
        }),
        new ScopedLambdaAction({ handler: props.handler, ruleArn: this.ruleArn }),
        new Stop(),
      ],
    });

    // Own role and log group for the provider function: no managed policy, logs kept a month.
    const logGroup = new LogGroup(this, 'ActivationLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'ActivationRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Activates the SES receipt rule set (deactivates it only while it is the active one)',
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['ses:SetActiveReceiptRuleSet', 'ses:DescribeActiveReceiptRuleSet'],
        resources: ['*'],
      }),
    );
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'setActiveRuleSet');
    const onEvent = new LambdaFunction(this, 'ActivationFunction', {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromInline(RULE_SET_ACTIVATION_CODE),
      timeout: Duration.seconds(30),
      role,
      logGroup,
    });
    acknowledge(onEvent, 'AwsSolutions-L1', 'nodeRuntime');
    const provider = new Provider(this, 'ActivationProvider', { onEventHandler: onEvent, logGroup });
    acknowledge(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'providerFramework',
    );
    acknowledge(
      provider,
      wildcardResourceFinding(provider, `${onEvent.functionArn}:*`),
      'providerFrameworkInvoke',
    );
    const activation = new CustomResource(this, 'Activation', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ActiveReceiptRuleSet',
      properties: { RuleSetName: this.ruleSet.receiptRuleSetName },
    });
    activation.node.addDependency(this.ruleSet);
  }
}
