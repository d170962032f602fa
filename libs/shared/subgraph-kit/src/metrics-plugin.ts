import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import { getEnvBool, getEnvNum, getEnvOptionalStr } from '@hkp/util-env';
import { createSubgraphMetrics } from './metrics';

const headerGetter: TextMapGetter<Map<string, string>> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key.toLowerCase()),
};

function codesOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return (errors ?? []).map((e) =>
    typeof e.extensions?.['code'] === 'string' ? (e.extensions['code'] as string) : 'INTERNAL_SERVER_ERROR',
  );
}

/**
 * Counts the errors of every response by `extensions.code` (as clients see them, after
 * formatError) in the service's metrics, and, when tracing is on, records one server span per
 * GraphQL request that continues the caller's trace (the gateway's `traceparent`).
 */
export function createMetricsPlugin<C extends BaseContext = BaseContext>(service: string): ApolloServerPlugin<C> {
  const tracing = readSubgraphTracingConfig(process.env, service);
  if (tracing) installSubgraphTracing(tracing);
  const tracer = trace.getTracer('hkp-subgraph');
  return {
    async requestDidStart({ request, contextValue }): Promise<GraphQLRequestListener<C>> {
      const headers = request.http?.headers ?? new Map<string, string>();
      const parent = propagation.extract(ROOT_CONTEXT, headers, headerGetter);
      const span = tracer.startSpan(
        `${service} graphql`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'hkp.service': service,
            'hkp.request_id': (contextValue as { requestId?: string }).requestId ?? headers.get('x-request-id') ?? '',
          },
        },
        parent,
      );
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'query';
          span.updateName(`${service} ${type}${operationName ? ` ${operationName}` : ''}`);
          span.setAttributes({ 'graphql.operation.type': type, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
        },
        async willSendResponse({ response }) {
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const codes = codesOf(errors);
          if (codes.length > 0) {
            createSubgraphMetrics(service).recordErrors(codes);
            span.setAttributes({ 'graphql.error.count': codes.length, 'graphql.error.codes': [...new Set(codes)] });
            if (codes.includes('INTERNAL_SERVER_ERROR')) span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.setAttribute('http.response.status_code', response.http.status ?? 200);
          span.end();
        },
      };
    },
  };
}

interface SubgraphTracingConfig {
  exporter: 'otlp' | 'console';
  endpoint?: string;
  serviceName: string;
  samplingRatio: number;
  scheduledDelayMillis: number;
}

/** The same OTEL_* rules as the gateway's (libs/gateway/src/tracing.ts). */
export function readSubgraphTracingConfig(env: Record<string, string | undefined>, service: string): SubgraphTracingConfig | undefined {
  if (getEnvBool('OTEL_SDK_DISABLED', false, env)) return undefined;
  const exporter = getEnvOptionalStr('OTEL_TRACES_EXPORTER', env)?.split(',')[0]?.trim().toLowerCase();
  const tracesEndpoint = getEnvOptionalStr('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env);
  const baseEndpoint = getEnvOptionalStr('OTEL_EXPORTER_OTLP_ENDPOINT', env);
  if (exporter === 'none' || (!exporter && !tracesEndpoint && !baseEndpoint)) return undefined;
  const common = {
    serviceName: getEnvOptionalStr('OTEL_SERVICE_NAME', env) ?? service,
    samplingRatio: getEnvNum('OTEL_TRACES_SAMPLER_ARG', 1, env, { min: 0, max: 1 }),
    scheduledDelayMillis: getEnvNum('OTEL_BSP_SCHEDULE_DELAY', 5000, env, { min: 1 }),
  };
  if (exporter === 'console') return { exporter: 'console', ...common };
  return {
    exporter: 'otlp',
    endpoint: tracesEndpoint ?? `${(baseEndpoint ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`,
    ...common,
  };
}

const INSTALLED = Symbol.for('hkp.opentelemetry.installed');
const registry = globalThis as typeof globalThis & { [INSTALLED]?: { serviceName: string; shutdown: () => Promise<void> } };

/** Registers the process's tracer provider once (shared with the gateway's when one process runs both). */
function installSubgraphTracing(config: SubgraphTracingConfig): void {
  if (registry[INSTALLED]) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const core = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const processor =
    config.exporter === 'console'
      ? new sdk.SimpleSpanProcessor(new sdk.ConsoleSpanExporter())
      : new sdk.BatchSpanProcessor(
          new (
            require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
          ).OTLPTraceExporter({ url: config.endpoint }),
          { scheduledDelayMillis: config.scheduledDelayMillis },
        );
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(config.samplingRatio) }),
    spanProcessors: [processor],
  });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(
    new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
  );
  registry[INSTALLED] = { serviceName: config.serviceName, shutdown: () => provider.forceFlush().catch(() => undefined) };
}
