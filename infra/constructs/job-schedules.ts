import { Aws, Duration, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type JobSchedule,
  SCHEDULES,
  type ScheduledJobEvent,
  scheduleExpression,
} from '../../shared/schedules';
import { acknowledge, wildcardResourceFinding } from '../nag';

export interface JobSchedulesProps {
  /** The functions named by `functionId` in shared/schedules.ts. */
  functions: Record<JobSchedule['functionId'], IFunction>;
}

/**
 * One EventBridge Scheduler schedule per entry of SCHEDULES (the list the local runtime runs
 * too), evaluated in Europe/Brussels so daily jobs keep their wall-clock time across DST.
 * Invocations that still fail after the retries land in one encrypted dead-letter queue.
 */
export class JobSchedules extends Construct {
  readonly schedules: Record<string, Schedule> = {};
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobSchedulesProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'dlqHasNoDlq');

    // One role for all schedules, assumable by Scheduler from this account only.
    const role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
      description: 'EventBridge Scheduler invokes the Alma accounts job functions',
    });
    for (const fn of new Set(Object.values(props.functions))) {
      acknowledge(this, wildcardResourceFinding(this, `${fn.functionArn}:*`), 'schedulerFunctionVersions');
    }

    for (const entry of SCHEDULES) {
      const input: Required<ScheduledJobEvent> = {
        job: entry.job,
        scheduledTime: ContextAttribute.scheduledTime,
      };
      this.schedules[entry.job] = new Schedule(this, scheduleId(entry.job), {
        description: entry.description,
        schedule: ScheduleExpression.expression(scheduleExpression(entry.timing), TimeZone.EUROPE_BRUSSELS),
        target: new LambdaInvoke(props.functions[entry.functionId], {
          input: ScheduleTargetInput.fromObject(input),
          deadLetterQueue: this.deadLetterQueue,
          role,
          ...retryPolicy(entry),
        }),
      });
    }
  }
}

/**
 * A status check older than its interval is worthless (the next one is due), so it is retried
 * briefly; a daily job is still useful hours later and is retried longer.
 */
function retryPolicy(entry: JobSchedule): { maxEventAge: Duration; retryAttempts: number } {
  return entry.timing.kind === 'rate'
    ? { maxEventAge: Duration.minutes(Math.max(1, entry.timing.minutes)), retryAttempts: 2 }
    : { maxEventAge: Duration.hours(6), retryAttempts: 10 };
}

function scheduleId(job: string): string {
  return job
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
