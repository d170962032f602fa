import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Request metrics of one subgraph, served at /metrics (Prometheus text format). */
export interface SubgraphMetrics {
  /** Call when a GraphQL request starts; the returned function when it ends. */
  startRequest(): (outcome: { status: number; errorCodes: string[] }) => void;
  /** Counts the errors of one GraphQL response by `extensions.code` (the metrics plugin calls it). */
  recordErrors(errorCodes: readonly string[]): void;
  /** The service's own metrics (without the process's). */
  readonly registry: Registry;
  /** The Prometheus text of the service's and the process's metrics. */
  text(): Promise<string>;
  serve(res: ServerResponse): Promise<void>;
}

export const SUBGRAPH_METRIC_NAMES = {
  requests: 'subgraph_graphql_requests_total',
  duration: 'subgraph_graphql_request_duration_seconds',
  errors: 'subgraph_graphql_errors_total',
} as const;

// One set of process metrics (CPU, memory, event loop, GC) per process, however many services it runs.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

// By service name: the Apollo plugin, created before the server's metrics, finds them here, and
// a service restarted in the same process keeps counting where it was.
const byService = new Map<string, SubgraphMetrics>();

/** The metrics of one subgraph (the same object for every call with the same name). */
export function createSubgraphMetrics(service: string): SubgraphMetrics {
  const existing = byService.get(service);
  if (existing) return existing;

  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const requests = new Counter({
    name: SUBGRAPH_METRIC_NAMES.requests,
    help: 'GraphQL HTTP requests served, by HTTP status',
    labelNames: ['status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: SUBGRAPH_METRIC_NAMES.duration,
    help: 'Time from request to response of GraphQL HTTP requests, by HTTP status',
    labelNames: ['status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: SUBGRAPH_METRIC_NAMES.errors,
    help: 'GraphQL errors answered, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const recordErrors = (codes: readonly string[]) => {
    for (const code of codes) errors.inc({ code: code || 'INTERNAL_SERVER_ERROR' });
  };

  const text = async () => `${await processMetrics().metrics()}\n${await registry.metrics()}`;
  const metrics: SubgraphMetrics = {
    registry,
    startRequest: () => {
      const end = duration.startTimer();
      return ({ status, errorCodes }) => {
        const labels = { status: String(status) };
        end(labels);
        requests.inc(labels);
        recordErrors(errorCodes);
      };
    },
    recordErrors,
    text,
    serve: async (res) => {
      try {
        const body = await text();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      } catch {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      }
    },
  };
  byService.set(service, metrics);
  return metrics;
}
