import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import type { RunningGateway } from '@hkp/gateway';
import { startModule, type StartedSubgraph } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  baseUrlOf,
  freePort,
  graphqlRequest,
  startIsolatedFederation,
  startTestGateway,
  writeSupergraphFile,
  type IsolatedFederation,
  type SupergraphFile,
} from '@hkp/testing';

// Metrics on the gateway and the subgraphs, one request id in the logs of every service a
// request touches, and OpenTelemetry traces that continue from the gateway into the subgraphs.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpExport {
  resourceSpans: { resource?: { attributes?: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const OTEL_ENV = { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_BSP_SCHEDULE_DELAY: '50' };

let federation: IsolatedFederation;
let collector: Server;
const exported: OtlpSpan[] = [];
let civilAffairs: StartedSubgraph;
const civilAffairsLogs: Record<string, unknown>[] = [];
/** The supergraph with civil-affairs at the instance whose logs are kept. */
let supergraph: SupergraphFile;
let gateway: RunningGateway;

beforeAll(async () => {
  // A stand-in OpenTelemetry collector (OTLP/HTTP JSON on /v1/traces).
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) exported.push(...(ss.spans ?? []));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  OTEL_ENV.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

  federation = await startIsolatedFederation('gateway_observability', ALL_SUBGRAPHS, { env: OTEL_ENV });
  // civil-affairs once more, with its logs kept, and a gateway that sends it the civil-affairs part.
  const stream = { write: (line: string) => void civilAffairsLogs.push(JSON.parse(line) as Record<string, unknown>) };
  civilAffairs = await startModule(civilAffairsSubgraph, {
    databaseUrl: federation.database.url,
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'debug', base: { service: 'civil-affairs' } }, stream),
  });
  supergraph = writeSupergraphFile(
    federation.subgraphSdl.map((subgraph) => (subgraph.name === 'civil-affairs' ? { ...subgraph, url: civilAffairs.url } : subgraph)),
  );
  // No response cache: the request-id checks repeat a query and need it to reach the subgraph.
  gateway = await startTestGateway(supergraph.path);
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await civilAffairs?.stop();
  await federation?.stop();
  collector?.closeAllConnections();
  await new Promise<void>((resolve) => (collector ? collector.close(() => resolve()) : resolve()));
  supergraph?.remove();
});

async function metricsOf(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample, e.g. sample(text, 'x_total', { code: 'A' }). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('gateway /metrics', () => {
  it('exposes requests, latency histograms, errors by code, subgraph timings and process metrics', async () => {
    await graphqlRequest(
      federation.gatewayUrl,
      'query FoshanChildren { region(code: "440600") { name children { name } healthMeasures { id } } }',
    );
    await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { nope } }');
    // Twice: a deprecated field is counted for every operation that selects it, not once per document.
    for (let i = 0; i < 2; i += 1) await graphqlRequest(federation.gatewayUrl, '{ measures(first: 1) { nodes { source { document } } } }');
    const text = await metricsOf(baseUrlOf(federation.gatewayUrl));
    for (const name of [
      'graphql_envelop_request',
      'graphql_envelop_request_duration_bucket',
      'graphql_envelop_phase_parse_bucket',
      'graphql_envelop_phase_validate_bucket',
      'graphql_envelop_phase_execute_bucket',
      'graphql_envelop_error_result',
      'graphql_yoga_http_duration_bucket',
      'graphql_gateway_subgraph_execute_duration_bucket',
      'graphql_gateway_fetch_duration_bucket',
      'gateway_graphql_errors_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect({ name, present: text.includes(`\n${name}`) }).toEqual({ name, present: true });
    }
    expect(sample(text, 'graphql_gateway_subgraph_execute_duration_count', { subgraphName: 'health' })).toBeGreaterThan(0);
    expect(sample(text, 'gateway_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThan(0);
    expect(
      sample(text, 'graphql_envelop_deprecated_field', { operationType: 'query', fieldName: 'document', typeName: 'Provenance' }),
    ).toBe(2);
    // Client-chosen operation names are not labels (they would let any client grow the metrics).
    expect(text).not.toContain('FoshanChildren');
  });
});

describe('gateway metrics on a port of their own (GATEWAY_METRICS_PORT)', () => {
  it('serves /metrics only on that port, not on the public GraphQL port', async () => {
    const metricsPort = await freePort();
    const separate = await startTestGateway(supergraph.path, {
      HOST: '127.0.0.1',
      GATEWAY_METRICS_PORT: String(metricsPort),
    });
    try {
      expect((await graphqlRequest(separate.url, '{ region(code: "440600") { name } }')).status).toBe(200);
      expect((await fetch(`${baseUrlOf(separate.url)}/metrics`)).status).not.toBe(200);
      const text = await metricsOf(`http://127.0.0.1:${metricsPort}`);
      expect(text).toContain('graphql_yoga_http_duration');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    } finally {
      await separate.stop();
    }
    // Stopped with the gateway.
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('refuses to start when that port is taken, and leaves nothing listening', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const gatewayPort = await freePort();
    try {
      await expect(
        startTestGateway(
          supergraph.path,
          { HOST: '127.0.0.1', GATEWAY_METRICS_PORT: String((taken.address() as AddressInfo).port) },
          gatewayPort,
        ),
      ).rejects.toThrow(/EADDRINUSE|in use/);
      // The GraphQL port was released: it can be taken again.
      const again = createServer();
      await new Promise<void>((resolve, reject) => {
        again.once('error', reject);
        again.listen(gatewayPort, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) => again.close(() => resolve()));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe('subgraph /metrics', () => {
  it('exposes requests by status, a latency histogram, errors by code and process metrics', async () => {
    const civil = federation.subgraphs['civil-affairs']!;
    await graphqlRequest(civil.url, '{ region(code: "440600") { name } }');
    await graphqlRequest(civil.url, '{ region(code: "440600") { nope } }');
    const text = await metricsOf(baseUrlOf(civil.url));
    expect(sample(text, 'subgraph_graphql_requests_total', { service: 'civil-affairs', status: '200' })).toBeGreaterThan(0);
    expect(sample(text, 'subgraph_graphql_requests_total', { service: 'civil-affairs', status: '400' })).toBeGreaterThan(0);
    expect(sample(text, 'subgraph_graphql_request_duration_seconds_count', { service: 'civil-affairs' })).toBeGreaterThan(0);
    expect(text).toContain('subgraph_graphql_request_duration_seconds_bucket{le="0.005"');
    expect(sample(text, 'subgraph_graphql_errors_total', { service: 'civil-affairs', code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThan(
      0,
    );
    expect(text).toContain('\nprocess_cpu_user_seconds_total');
  });
});

describe('one request id across services', () => {
  const linesWith = (id: string) => civilAffairsLogs.filter((line) => line['requestId'] === id);

  it('passes the caller’s x-request-id to the subgraphs, whose logs carry it, and echoes it', async () => {
    const id = `e2e-${randomUUID()}`;
    const { status, headers } = await graphqlRequest(gateway.url, '{ region(code: "440600") { name } }', undefined, { 'x-request-id': id });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toBe(id);
    expect(linesWith(id).length).toBeGreaterThan(0);
    expect(linesWith(id)[0]).toMatchObject({ service: 'civil-affairs', requestId: id, msg: 'graphql request' });
  });

  it.each([
    ['sends none', {}],
    ['sends one that is too long', { 'x-request-id': 'x'.repeat(500) }],
    ['sends one with other characters', { 'x-request-id': 'a b/c<script>' }],
  ])('makes one up when the caller %s, and uses it everywhere', async (_what, headers: Record<string, string>) => {
    const response = await graphqlRequest(gateway.url, '{ region(code: "440604") { name } }', undefined, headers);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesWith(id!).length).toBeGreaterThan(0);
  });
});

describe('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('exports the gateway’s spans and the subgraphs’ spans of one request in one trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const traceparent = `00-${traceId}-${callerSpanId}-01`;
    const { status } = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name healthMeasures { id } } }', undefined, {
      traceparent,
    });
    expect(status).toBe(200);

    const deadline = Date.now() + 10_000;
    const inTrace = () => exported.filter((s) => s.traceId === traceId);
    const service = (s: OtlpSpan) => s.attributes?.find((a) => a.key === 'hkp.service')?.value.stringValue;
    // The gateway's root span ends last and may come in a later export batch than the others.
    const complete = () =>
      inTrace().some((s) => service(s) === 'health') &&
      inTrace().some((s) => service(s) === 'civil-affairs') &&
      inTrace().some((s) => s.parentSpanId === callerSpanId) &&
      inTrace().length > 4;
    while (Date.now() < deadline && !complete()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const spans = inTrace();
    const gatewaySpans = spans.filter((s) => !service(s));
    // The gateway: the HTTP request, the GraphQL operation and its phases, one span per subgraph call.
    expect(gatewaySpans.length).toBeGreaterThan(2);
    expect(gatewaySpans.map((s) => s.name).join(' ')).toMatch(/subgraph/i);
    // …continuing the caller's trace: its root span is a child of the caller's span.
    expect(gatewaySpans.some((s) => s.parentSpanId === callerSpanId)).toBe(true);
    // The subgraphs continue the same trace, under a gateway span.
    const subgraphSpans = spans.filter((s) => service(s));
    expect(subgraphSpans.map(service).sort()).toEqual(expect.arrayContaining(['civil-affairs', 'health']));
    const gatewaySpanIds = new Set(gatewaySpans.map((s) => s.spanId));
    for (const span of subgraphSpans) expect(gatewaySpanIds.has(span.parentSpanId ?? '')).toBe(true);
  });
});
