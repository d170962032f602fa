import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSubgraphMetrics, SUBGRAPH_METRIC_NAMES } from './metrics';

/** The value of the sample `name` whose labels include `labels` (label order is prom-client's). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('createSubgraphMetrics', () => {
  it('counts requests by status, times them and counts errors by code, labelled with the service', async () => {
    const metrics = createSubgraphMetrics('metrics-spec');
    metrics.startRequest()({ status: 200, errorCodes: [] });
    metrics.startRequest()({ status: 200, errorCodes: ['NOT_FOUND'] });
    metrics.startRequest()({ status: 400, errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    metrics.recordErrors(['NOT_FOUND', '']);
    const text = await metrics.text();
    const service = 'metrics-spec';
    expect(sample(text, SUBGRAPH_METRIC_NAMES.requests, { service, status: '200' })).toBe(2);
    expect(sample(text, SUBGRAPH_METRIC_NAMES.requests, { service, status: '400' })).toBe(1);
    expect(sample(text, `${SUBGRAPH_METRIC_NAMES.duration}_count`, { service, status: '200' })).toBe(2);
    expect(sample(text, `${SUBGRAPH_METRIC_NAMES.duration}_bucket`, { service, status: '200', le: '+Inf' })).toBe(2);
    expect(sample(text, SUBGRAPH_METRIC_NAMES.errors, { service, code: 'NOT_FOUND' })).toBe(2);
    expect(sample(text, SUBGRAPH_METRIC_NAMES.errors, { service, code: 'INTERNAL_SERVER_ERROR' })).toBe(1);
    // The process's own metrics come along.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('is one object per service name, so the Apollo plugin and the server count together', () => {
    expect(createSubgraphMetrics('metrics-spec-a')).toBe(createSubgraphMetrics('metrics-spec-a'));
    expect(createSubgraphMetrics('metrics-spec-a')).not.toBe(createSubgraphMetrics('metrics-spec-b'));
  });

  it('serves the Prometheus text format', async () => {
    const metrics = createSubgraphMetrics('metrics-spec-serve');
    const server: Server = createServer((_req, res) => void metrics.serve(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await response.text()).toContain(`# TYPE ${SUBGRAPH_METRIC_NAMES.requests} counter`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
