import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlmaFunction } from './alma-function';

export interface SesFeedbackProps {
  /** The configuration set's name (literal: every sending function names it in SendEmail). */
  configurationSetName: string;
  /** The function that handles bounces and complaints. */
  handler: AlmaFunction;
  /** Publish deliveries too (off: one SNS message and one invocation per message sent, for nothing). */
  deliveries?: boolean;
}

/**
 * SES feedback in (issue 31): a configuration set every message names, its event destination
 * an encrypted SNS topic that takes bounces and complaints (deliveries only when asked), and the
 * feedback function subscribed to it (its retries and DLQ are the function's, see AlmaFunction).
 * SES also keeps the account-level suppression list for this set's mail.
 */
export class SesFeedback extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: SesFeedbackProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES cannot publish to a topic under the AWS-managed aws/sns key, hence our own key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the Alma accounts SES feedback topic (bounced and complaining addresses)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // Only SES acting for this configuration set, in this account, may use the key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: props.configurationSetName,
            }),
          },
        },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Alma accounts SES feedback',
      masterKey: key,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(this.topic),
      events: [
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        ...(props.deliveries ? [EmailSendingEvent.DELIVERY] : []),
      ],
    });
    this.topic.addSubscription(new LambdaSubscription(props.handler.function));
  }
}
