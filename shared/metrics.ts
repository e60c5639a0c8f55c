import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** Namespace of our own CloudWatch metrics (the stack's alarms and dashboard read it). */
export const METRICS_NAMESPACE = 'AlmaAccounts';

/**
 * Counts for one invocation, published as CloudWatch embedded-metric log lines (no API call).
 * `service` comes from POWERTOOLS_SERVICE_NAME, the dimension the stack's alarms use.
 */
export function publishCounts(serviceName: string, counts: Record<string, number>): void {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}
