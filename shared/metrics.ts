import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Namespace of our own CloudWatch metrics (the stack's alarms and dashboard read it). */
export const METRICS_NAMESPACE = 'AlmaAccounts';

/**
 * Failures the code catches, logs and carries on after (the run itself succeeds, so Lambda's
 * Errors metric never sees them). Each is counted here and has an alarm in the stack.
 */
export const CAUGHT_FAILURES = {
  MailNotSent: 'a message was not sent (SES refused or failed); logged as "… not sent"',
  AlmaCallFailed:
    'an Alma call was given up after its retries; logged as "alma sync failed" or "alma expiry not moved"',
  StatusSourceUnreadable: 'the status checker could not read an Ex Libris source or probe',
} as const;
export type CaughtFailure = keyof typeof CAUGHT_FAILURES;

/** The container's metrics (the handler's), which `countCaughtFailure` adds to. */
let current: Metrics | undefined;

/**
 * A function's metrics, one per container: the `logMetrics` middleware publishes what an
 * invocation added as CloudWatch embedded-metric log lines (no API call) when it ends.
 * `service`, the dimension the stack's alarms use, is the service name.
 */
export function createMetrics(serviceName: string, logger?: Logger): Metrics {
  current = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, ...(logger ? { logger } : {}) });
  return current;
}

/** Counts for this invocation, published by `logMetrics` when it ends. */
export function addCounts(metrics: Metrics, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
}

/**
 * Counts a caught failure in this invocation's metrics (nothing outside a Lambda handler: the
 * CLI and the local runtime print their own reports).
 */
export function countCaughtFailure(kind: CaughtFailure, count = 1): void {
  if (count > 0) current?.addMetric(kind, MetricUnit.Count, count);
}
