import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import {
  Lambda as LambdaAction,
  LambdaInvocationType,
  S3 as S3Action,
  Stop,
} from 'aws-cdk-lib/aws-ses-actions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface InboundMailRuleProps {
  /** The request mailbox (config.mailbox). */
  recipient: string;
  bucket: IBucket;
  /** Key prefix of the stored raw mails; the function reads `<prefix><messageId>`. */
  objectKeyPrefix: string;
  handler: IFunction;
}

/**
 * The SES receipt rule set with one rule for the request mailbox: store the raw mail in S3
 * (the Lambda event carries no body), invoke the handler asynchronously, then stop so no later
 * rule acts on the same mail. Spam/virus scanning on, TLS required. CloudFormation cannot make
 * a rule set active (aws/aws-cdk#10321), so a custom resource calls SetActiveReceiptRuleSet
 * on create/update and deactivates it on delete.
 */
export class InboundMailRule extends Construct {
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: InboundMailRuleProps) {
    super(scope, id);

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet');
    this.ruleSet.addRule('RequestMailbox', {
      recipients: [props.recipient],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      enabled: true,
      actions: [
        new S3Action({ bucket: props.bucket, objectKeyPrefix: props.objectKeyPrefix }),
        new LambdaAction({ function: props.handler, invocationType: LambdaInvocationType.EVENT }),
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
      description: 'Activates the SES receipt rule set',
    });
    logGroup.grantWrite(role);

    const activate = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
      physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set`),
    };
    const activation = new AwsCustomResource(this, 'Activation', {
      onCreate: activate,
      onUpdate: activate,
      // No RuleSetName: no rule set is active any more (SES refuses to delete the active set).
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    activation.node.addDependency(this.ruleSet);
    acknowledge(this, 'AwsSolutions-IAM5[Resource::*]', 'setActiveRuleSet');
  }
}
