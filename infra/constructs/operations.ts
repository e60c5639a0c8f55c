import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CAUGHT_FAILURES } from '../../shared/metrics';
import { type AlmaFunction, DEAD_LETTER_AGE_ALARM_DAYS, METRICS_NAMESPACE } from './alma-function';

/**
 * The heartbeat the status checker publishes once per completed run (Powertools Metrics adds
 * the `service` dimension, POWERTOOLS_SERVICE_NAME of the function).
 */
export const STATUS_CHECK_METRIC = {
  namespace: METRICS_NAMESPACE,
  metricName: 'StatusCheckCompleted',
  dimensions: { service: 'status-check' },
} as const;

export interface OperationsProps {
  /** config.alerts.operators: subscribed by e-mail (each must confirm once). */
  operators: readonly string[];
  functions: Record<string, AlmaFunction>;
  /** The status checker, watched for silence and repeated failure. */
  statusCheck: AlmaFunction;
  deadLetterQueues: Record<string, IQueue>;
  /** The public function (the decision page): its invocations are watched for a flood. */
  publicFunction: { name: string; function: AlmaFunction; invocationsAlarm: number };
}

/**
 * What tells an operator something is wrong: an encrypted alarm topic mailed to the operators,
 * alarms on errors, throttles, dead letters, a silent or failing status checker and the SES
 * reputation, and one dashboard with all of them.
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly statusCheckSilentAlarm: Alarm;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);

    // CloudWatch cannot publish to a topic under the AWS-managed aws/sns key, hence our own key.
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Alma accounts alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // Only CloudWatch acting for this stack's alarms (not any alarm, nor any account) may use the key.
    const stack = Stack.of(this);
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${stack.stackName}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Alma accounts alarms',
      masterKey: key,
      enforceSSL: true,
    });
    for (const address of props.operators) this.topic.addSubscription(new EmailSubscription(address));
    const notify = new SnsAction(this.topic);

    const add = (alarm: Alarm) => {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      this.alarms.push(alarm);
      return alarm;
    };
    const anyAbove = (
      alarmId: string,
      metric: IMetric,
      description: string,
      threshold = 0,
      periods = 1,
    ): Alarm =>
      add(
        new Alarm(this, alarmId, {
          metric,
          alarmDescription: description,
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: periods,
          datapointsToAlarm: periods,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );

    const fiveMinutes = Duration.minutes(5);
    const functionGraphs: GraphWidget[] = [];
    for (const [name, almaFunction] of Object.entries(props.functions)) {
      const fn = almaFunction.function;
      const errors = fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' });
      anyAbove(`${name}Errors`, errors, `${name} threw an error (see its log group)`);
      anyAbove(`${name}Throttles`, throttles, `${name} was throttled`);
      functionGraphs.push(
        new GraphWidget({
          title: name,
          left: [fn.metricInvocations({ period: fiveMinutes }), errors, throttles],
          right: [fn.metricDuration({ period: fiveMinutes, statistic: 'p99' })],
          width: 12,
        }),
      );
    }

    const queueGraphs: GraphWidget[] = [];
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const visible = queue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      });
      anyAbove(`${name}DeadLetters`, visible, `${name}: failed events are waiting in the dead-letter queue`);
      // Stays in ALARM while letters wait, so it mails once; this one mails again before SQS drops them.
      const age = queue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' });
      anyAbove(
        `${name}DeadLettersAging`,
        age,
        `${name}: a dead letter is ${DEAD_LETTER_AGE_ALARM_DAYS} days old; replay it before the queue drops it`,
        DEAD_LETTER_AGE_ALARM_DAYS * 86_400,
      );
      queueGraphs.push(
        new GraphWidget({ title: `${name} dead letters`, left: [visible], right: [age], width: 6 }),
      );
    }

    const completed = new Metric({
      namespace: STATUS_CHECK_METRIC.namespace,
      metricName: STATUS_CHECK_METRIC.metricName,
      dimensionsMap: { ...STATUS_CHECK_METRIC.dimensions },
      period: fiveMinutes,
      statistic: 'Sum',
    });
    // Missing data is the failure here: no completed run in 15 minutes means nobody watches Alma.
    this.statusCheckSilentAlarm = add(
      new Alarm(this, 'StatusCheckSilent', {
        metric: completed,
        alarmDescription: 'The Alma status checker has not completed a run in 15 minutes',
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    anyAbove(
      'StatusCheckFailing',
      props.statusCheck.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      'The Alma status checker failed three runs in a row',
      0,
      3,
    );

    // A flood on the public URL: throttles already alarm per function; this tells before they start.
    const publicFn = props.publicFunction;
    anyAbove(
      `${publicFn.name}Invocations`,
      publicFn.function.function.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }),
      `${publicFn.name}: more than ${publicFn.invocationsAlarm} requests in 5 minutes (a flood? see README, "Public URL")`,
      publicFn.invocationsAlarm,
    );

    // Failures the code catches and logs (the run succeeds): one alarm per kind, over every function.
    for (const [kind, description] of Object.entries(CAUGHT_FAILURES)) {
      const perService = Object.fromEntries(
        Object.values(props.functions).map((f, i) => [
          `m${i}`,
          new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: kind,
            dimensionsMap: { service: f.serviceName },
            period: fiveMinutes,
            statistic: 'Sum',
          }),
        ]),
      );
      anyAbove(
        kind,
        new MathExpression({
          expression: Object.keys(perService)
            .map((id) => `FILL(${id}, 0)`)
            .join(' + '),
          usingMetrics: perService,
          period: fiveMinutes,
          label: kind,
        }),
        `Caught and logged: ${description}`,
      );
    }

    const reputation = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    const bounceRate = reputation('Reputation.BounceRate');
    const complaintRate = reputation('Reputation.ComplaintRate');
    anyAbove('SesBounceRate', bounceRate, 'SES bounce rate above 5% (sending may be paused at 10%)', 0.05);
    anyAbove(
      'SesComplaintRate',
      complaintRate,
      'SES complaint rate above 0.1% (sending may be paused at 0.5%)',
      0.001,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        [
          new GraphWidget({ title: 'Status checks completed', left: [completed], width: 12 }),
          new GraphWidget({ title: 'SES reputation', left: [bounceRate, complaintRate], width: 12 }),
        ],
        functionGraphs,
        queueGraphs,
      ],
    });
  }
}
