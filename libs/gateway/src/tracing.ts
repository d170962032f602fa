import { propagation, trace } from '@opentelemetry/api';
import { getEnvBool, getEnvNum, getEnvOptionalStr } from '@hkp/util-env';

/** Where spans go, read from the standard OpenTelemetry variables. */
export interface TracingConfig {
  exporter: 'otlp' | 'console';
  /** The OTLP/HTTP (JSON) traces URL, e.g. http://collector:4318/v1/traces. */
  endpoint?: string;
  serviceName: string;
  /** Share of new traces recorded (0..1); a request that arrives traced follows its caller. */
  samplingRatio: number;
  /** How often batched spans are sent. */
  scheduledDelayMillis: number;
}

/**
 * Tracing is on when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER
 * is set, and off with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. Only the OTLP/HTTP
 * JSON protocol is built in (a collector's port 4318 accepts it).
 */
export function readTracingConfig(env: Record<string, string | undefined>, defaultServiceName: string): TracingConfig | undefined {
  if (getEnvBool('OTEL_SDK_DISABLED', false, env)) return undefined;
  const exporter = getEnvOptionalStr('OTEL_TRACES_EXPORTER', env)?.split(',')[0]?.trim().toLowerCase();
  const tracesEndpoint = getEnvOptionalStr('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env);
  const baseEndpoint = getEnvOptionalStr('OTEL_EXPORTER_OTLP_ENDPOINT', env);
  if (exporter === 'none') return undefined;
  if (!exporter && !tracesEndpoint && !baseEndpoint) return undefined;
  const common = {
    serviceName: getEnvOptionalStr('OTEL_SERVICE_NAME', env) ?? defaultServiceName,
    samplingRatio: getEnvNum('OTEL_TRACES_SAMPLER_ARG', 1, env, { min: 0, max: 1 }),
    scheduledDelayMillis: getEnvNum('OTEL_BSP_SCHEDULE_DELAY', 5000, env, { min: 1 }),
  };
  if (exporter === 'console') return { exporter: 'console', ...common };
  const endpoint = tracesEndpoint ?? `${(baseEndpoint ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;
  return { exporter: 'otlp', endpoint, ...common };
}

const INSTALLED = Symbol.for('hkp.opentelemetry.installed');
type Installed = { serviceName: string; shutdown: () => Promise<void> };
const registry = globalThis as typeof globalThis & { [INSTALLED]?: Installed };

/**
 * Registers the process's tracer provider (W3C trace context propagation, batched export) once:
 * the first service of a process names it (a test runs several services in one process). The
 * SDK packages are loaded only here, when tracing is asked for.
 */
export function installTracing(config: TracingConfig): Installed {
  const existing = registry[INSTALLED];
  if (existing) return existing;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const {
    BasicTracerProvider,
    BatchSpanProcessor,
    ConsoleSpanExporter,
    ParentBasedSampler,
    TraceIdRatioBasedSampler,
    SimpleSpanProcessor,
  } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { W3CTraceContextPropagator, W3CBaggagePropagator, CompositePropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  // Loaded only when spans go to a collector.
  const otlpExporter = () => {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter({ url: config.endpoint });
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const processor =
    config.exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(otlpExporter(), { scheduledDelayMillis: config.scheduledDelayMillis });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.samplingRatio) }),
    spanProcessors: [processor],
  });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const installed: Installed = {
    serviceName: config.serviceName,
    shutdown: async () => {
      await provider.forceFlush().catch(() => undefined);
    },
  };
  registry[INSTALLED] = installed;
  return installed;
}
