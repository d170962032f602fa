import { availableParallelism } from 'node:os';
import { Counter, Gauge, Registry, Summary } from 'prom-client';
import { ConfigError } from '@hkp/util-env';
import type { UsageReport } from '@hkp/schema-usage';
import { readGatewayConfig } from './gateway-config';
import { aggregateWorkerMetrics } from './metrics-across-workers';
import { mergeUsageReports } from './usage-across-workers';
import { readGatewayWorkers, requireSharedStateForWorkers } from './workers';

describe('GATEWAY_WORKERS', () => {
  it('is one process unless set, one per core for auto, else the number given', () => {
    expect(readGatewayWorkers({})).toBe(1);
    expect(readGatewayWorkers({ GATEWAY_WORKERS: ' ' })).toBe(1);
    expect(readGatewayWorkers({ GATEWAY_WORKERS: 'auto' })).toBe(availableParallelism());
    expect(readGatewayWorkers({ GATEWAY_WORKERS: '4' })).toBe(4);
  });

  it.each(['0', '-1', '2.5', 'two', '1000'])('refuses %s, naming what it takes', (value) => {
    expect(() => readGatewayWorkers({ GATEWAY_WORKERS: value })).toThrow(
      new ConfigError(`GATEWAY_WORKERS must be a number of processes (1, 2, …) or auto (one per core), not "${value}".`),
    );
  });
});

describe('state the workers must share', () => {
  const config = (env: Record<string, string>) => readGatewayConfig({ NODE_ENV: 'test', ...env });

  it('refuses several workers without Redis while the rate limit or the response cache is on, naming the variables', () => {
    expect(() => requireSharedStateForWorkers(2, config({ GATEWAY_RESPONSE_CACHE_TTL_MS: '0' }))).toThrow(
      'GATEWAY_WORKERS=2 needs REDIS_URL: without it the rate limit would be kept by each worker on its own. Set REDIS_URL=redis://<host>:6379 so the workers share it, turn it off (RATE_LIMIT_ENABLED=false), or run one process (GATEWAY_WORKERS=1).',
    );
    expect(() => requireSharedStateForWorkers(3, config({ RATE_LIMIT_ENABLED: 'false', GATEWAY_RESPONSE_CACHE_TTL_MS: '2000' }))).toThrow(
      /^GATEWAY_WORKERS=3 needs REDIS_URL: without it the response cache would be kept .* \(GATEWAY_RESPONSE_CACHE_TTL_MS=0\)/,
    );
  });

  it('lets workers start with Redis, with both off, or as one process', () => {
    expect(() => requireSharedStateForWorkers(2, config({ REDIS_URL: 'redis://127.0.0.1:6379' }))).not.toThrow();
    expect(() =>
      requireSharedStateForWorkers(2, config({ RATE_LIMIT_ENABLED: 'false', GATEWAY_RESPONSE_CACHE_TTL_MS: '0' })),
    ).not.toThrow();
    expect(() => requireSharedStateForWorkers(2, config({ GATEWAY_LIMITS: 'false', GATEWAY_RESPONSE_CACHE_TTL_MS: '0' }))).not.toThrow();
    expect(() => requireSharedStateForWorkers(1, config({}))).not.toThrow();
  });
});

describe("the workers' metrics as one set", () => {
  async function workerMetrics(requests: number, loadedAt: number, latencies: number[]) {
    const registry = new Registry();
    new Counter({ name: 'requests_total', help: 'requests', labelNames: ['code'], registers: [registry] }).inc({ code: 'OK' }, requests);
    new Gauge({ name: 'gateway_supergraph_loaded_timestamp_seconds', help: 'loaded', registers: [registry] }).set(loadedAt);
    const summary = new Summary({ name: 'request_time', help: 'time', percentiles: [0.5], registers: [registry] });
    for (const latency of latencies) summary.observe(latency);
    return registry.getMetricsAsJSON();
  }

  it('adds counts, keeps the latest load time and the highest quantile', async () => {
    const text = await aggregateWorkerMetrics([await workerMetrics(3, 1000, [1, 1, 1]), await workerMetrics(4, 2000, [5, 5])]);
    const lines = text.split('\n');
    expect(lines).toContain('requests_total{code="OK"} 7');
    expect(lines).toContain('gateway_supergraph_loaded_timestamp_seconds 2000');
    expect(lines).toContain('request_time{quantile="0.5"} 5');
    expect(lines).toContain('request_time_sum 13');
    expect(lines).toContain('request_time_count 5');
    expect(lines.filter((l) => l === '# HELP requests_total requests')).toHaveLength(1);
  });
});

describe("the workers' usage as one report", () => {
  const operation = (client: string, count: number) => ({
    client,
    name: 'Regions',
    hash: 'a'.repeat(64),
    document: '{ regions { code } }',
    count,
    coordinates: ['Query.regions', 'Region.code'],
  });

  it('adds the counts of the same client and operation, from the earliest start to the latest end', () => {
    const first: UsageReport = {
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:02.000Z',
      operations: [operation('portal', 3)],
    };
    const second: UsageReport = {
      from: '2026-12-01T00:00:01.000Z',
      to: '2026-12-02T00:00:01.000Z',
      operations: [operation('portal', 4), operation('partner', 9)],
      dropped: 2,
    };
    expect(mergeUsageReports([first, second])).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:02.000Z',
      operations: [operation('partner', 9), operation('portal', 7)],
      dropped: 2,
    });
    // The first report is not changed by merging.
    expect(first.operations[0]!.count).toBe(3);
    expect(mergeUsageReports([])).toBeUndefined();
  });
});
