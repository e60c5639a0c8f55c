import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Namespace of our own CloudWatch metrics (the stack's alarms and dashboard read it). */
export const METRICS_NAMESPACE = 'AlmaAccounts';

/**
 * A function's metrics, one per container: the `logMetrics` middleware publishes what an
 * invocation added as CloudWatch embedded-metric log lines (no API call) when it ends.
 * `service`, the dimension the stack's alarms use, is the service name.
 */
export function createMetrics(serviceName: string, logger?: Logger): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName, ...(logger ? { logger } : {}) });
}

/** Counts for this invocation, published by `logMetrics` when it ends. */
export function addCounts(metrics: Metrics, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
}
