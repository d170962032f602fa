import { AggregatorRegistry, type Aggregator, type Registry } from 'prom-client';
import { collectFromWorkers, METRICS_KIND, type PrimaryHandler } from './worker-messages';

/** A metric as `registry.getMetricsAsJSON()` gives it, which is what workers send the primary. */
type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/**
 * How a metric of every worker becomes one, where adding them up (prom-client's default) would
 * be wrong: a time is the latest, a limit is each worker's own.
 */
const AGGREGATION: Record<string, Aggregator> = {
  gateway_supergraph_loaded_timestamp_seconds: 'max',
  process_max_fds: 'first',
};

/**
 * One summary of every worker's: `_sum` and `_count` added; a quantile cannot be worked out from
 * the workers' quantiles, so each is the highest worker's (an upper bound).
 */
function mergeSummaries(summaries: MetricJson[]): MetricJson {
  const merged = new Map<string, MetricJson['values'][number]>();
  for (const summary of summaries) {
    for (const value of summary.values) {
      const metricName = (value as { metricName?: string }).metricName ?? summary.name;
      const key = `${metricName}\n${JSON.stringify(Object.entries(value.labels).sort())}`;
      const known = merged.get(key);
      if (!known) merged.set(key, { ...value, labels: { ...value.labels } });
      else if (metricName.endsWith('_sum') || metricName.endsWith('_count')) known.value += value.value;
      else known.value = Math.max(known.value, value.value);
    }
  }
  return { ...summaries[0]!, values: [...merged.values()], aggregator: 'first' };
}

/** Every worker's metrics (as JSON) as one Prometheus text. */
export async function aggregateWorkerMetrics(workers: MetricJson[][]): Promise<string> {
  const summaries = new Map<string, MetricJson[]>();
  const others: MetricJson[][] = workers.map((metrics) =>
    metrics.flatMap((metric) => {
      // The JSON says 'summary' where the types declare an enum.
      if ((metric.type as unknown) === 'summary') {
        summaries.set(metric.name, [...(summaries.get(metric.name) ?? []), metric]);
        return [];
      }
      const aggregator = AGGREGATION[metric.name];
      return [aggregator ? { ...metric, aggregator } : metric];
    }),
  );
  const merged = [...summaries.values()].map(mergeSummaries);
  return AggregatorRegistry.aggregate([...others, merged]).metrics();
}

/** The primary's answer to /metrics: every worker's metrics as one set, then the primary's own. */
export function metricsAcrossWorkers(primary: Registry): PrimaryHandler {
  return async () => {
    const { parts, missing } = await collectFromWorkers<MetricJson[]>(METRICS_KIND);
    if (missing.length > 0) throw new Error(`gateway worker ${missing.join(', ')} did not give its metrics in time`);
    const [workersText, primaryText] = await Promise.all([aggregateWorkerMetrics(parts), primary.metrics()]);
    return `${workersText.trimEnd()}\n${primaryText}`;
  };
}
