import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { getOperationAST, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { gatewayLogger } from './gateway-logger';
import { getEnvBool, getEnvOptionalStr, getEnvPort, getEnvStr } from '@hkp/util-env';
import { isUsableRequestId } from '@hkp/http-errors';
import type { GatewayFeature } from './gateway-feature';
import { installTracing, readTracingConfig, type TracingConfig } from './tracing';
import { useOperationMetrics } from './operation-metrics';
import { askPrimary, givePartToPrimary, isGatewayWorker, METRICS_KIND } from './worker-messages';

export interface GatewayObservabilityConfig {
  enabled: boolean;
  /** Prometheus text format at this path (scrape it from inside the network only). */
  metricsPath: string;
  /**
   * Serve metrics on this port only (its own listener, on the gateway's HOST), not on the public
   * GraphQL port; unset: on the GraphQL port.
   */
  metricsPort?: number;
  metricsHost: string;
  /**
   * Label metrics with the client's operation name. Off by default: names are chosen by clients,
   * so any client could grow the metrics without bound; safe with PERSISTED_DOCUMENTS_ONLY.
   */
  operationNameLabels: boolean;
  tracing?: TracingConfig;
}

export function readObservabilityConfig(env: Record<string, string | undefined>): GatewayObservabilityConfig {
  return {
    enabled: getEnvBool('GATEWAY_METRICS', true, env),
    metricsPath: getEnvStr('GATEWAY_METRICS_PATH', '/metrics', env),
    metricsPort: getEnvOptionalStr('GATEWAY_METRICS_PORT', env) === undefined ? undefined : getEnvPort('GATEWAY_METRICS_PORT', 0, env),
    metricsHost: getEnvStr('HOST', '127.0.0.1', env),
    operationNameLabels: getEnvBool('GATEWAY_METRICS_OPERATION_NAMES', getEnvBool('PERSISTED_DOCUMENTS_ONLY', false, env), env),
    tracing: readTracingConfig(env, 'gateway'),
  };
}

/**
 * The runtime passes the caller's x-request-id to every subgraph and log line as it is; one that
 * is too long or has other characters is dropped here, so the runtime makes a UUID instead. The
 * subgraphs accept the same ids (@hkp/http-errors): one id in every log.
 */
function dropUnusableRequestId(req: IncomingMessage): false {
  const given = req.headers['x-request-id'];
  if (given !== undefined && !isUsableRequestId(given)) delete req.headers['x-request-id'];
  return false;
}

/** Counts the errors clients get, by `extensions.code` (refusals included). */
function useErrorCodeCounter(registry: Registry): GatewayPlugin {
  const counter = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors answered to clients, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const count = (errors: readonly unknown[] | undefined) => {
    for (const error of errors ?? []) {
      const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
      counter.inc({ code: typeof code === 'string' ? code : 'NONE' });
    }
  };
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result)) for (const item of result) count(item.errors);
      else if (!(Symbol.asyncIterator in (result as object))) count((result as { errors?: readonly unknown[] }).errors);
    },
  };
}

/** A deprecated field or argument an operation uses, as the metric labels it. */
interface DeprecatedUse {
  fieldName: string;
  typeName: string;
}

/** The deprecated fields and arguments a document uses (one entry per use, as the library counts them). */
function deprecatedUsesOf(document: DocumentNode, schema: GraphQLSchema): DeprecatedUse[] {
  const found: DeprecatedUse[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        // The argument's field stands for its type (the library's labels).
        if (field && argument?.deprecationReason != null) found.push({ fieldName: argument.name, typeName: field.name });
      },
      Field() {
        const field = typeInfo.getFieldDef();
        if (field?.deprecationReason != null) found.push({ fieldName: field.name, typeName: typeInfo.getParentType()?.name ?? '' });
      },
    }),
  );
  return found;
}

/**
 * `graphql_envelop_deprecated_field`, as Envelop's Prometheus plugin counts it (every use of a
 * deprecated field or argument, by operation type, field and type, and operation name where names
 * are labels), with the uses found once per document and schema instead of a walk of every
 * request's document.
 */
function useDeprecatedFieldCounter(registry: Registry, operationNameLabels: boolean): GatewayPlugin {
  const counter = new Counter({
    name: 'graphql_envelop_deprecated_field',
    help: 'Counts the amount of deprecated fields used in selection sets',
    labelNames: ['operationType', ...(operationNameLabels ? ['operationName'] : []), 'fieldName', 'typeName'],
    registers: [registry],
  });
  const uses = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DeprecatedUse[]>>();
  let schema: GraphQLSchema | undefined;
  return {
    onSchemaChange({ schema: changed }) {
      schema = changed;
    },
    // Every parsed operation, as the library counts them (before validation).
    onParse({ context }) {
      return ({ result }) => {
        if (!schema || !result || result instanceof Error) return;
        const document = result as DocumentNode;
        let bySchema = uses.get(schema);
        if (!bySchema) uses.set(schema, (bySchema = new WeakMap()));
        let found = bySchema.get(document);
        if (!found) bySchema.set(document, (found = deprecatedUsesOf(document, schema)));
        if (found.length === 0) return;
        const named = (context as { params?: { operationName?: string } }).params?.operationName;
        const operation = getOperationAST(document, named);
        const operationType = operation?.operation ?? 'query';
        const operationName = named || operation?.name?.value || 'Anonymous';
        for (const use of found) counter.inc({ operationType, ...(operationNameLabels ? { operationName } : {}), ...use });
      };
    },
  };
}

/**
 * Prometheus metrics at /metrics as Hive's Prometheus plugin defines them (requests, phase and
 * request latency histograms, errors, subgraph execution and fetch timings; operation-metrics.ts),
 * the process's own metrics,
 * errors by code; and OpenTelemetry tracing when the standard OTEL_* variables ask for it (spans
 * for the HTTP request, each GraphQL phase and each subgraph call, context passed on to the
 * subgraphs in `traceparent`).
 */
export function createObservabilityFeature(config: GatewayObservabilityConfig): GatewayFeature & { registry: Registry } {
  const plugins: GatewayPlugin[] = [];
  const log = gatewayLogger();

  if (config.tracing) {
    installTracing(config.tracing);
    // Loaded only when tracing is on: it brings the OpenTelemetry SDK with it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { useOpenTelemetry } = require('@graphql-hive/plugin-opentelemetry') as typeof import('@graphql-hive/plugin-opentelemetry');
    plugins.push(
      useOpenTelemetry({ traces: true, log, useContextManager: false, inheritContext: true, propagateContext: true }) as GatewayPlugin,
    );
  }
  // Other parts of the gateway register their metrics here (the supergraph's reloads); unserved when metrics are off.
  const registry = new Registry();
  if (!config.enabled) return { name: 'observability', registry, plugins, handleHttp: (req) => dropUnusableRequestId(req) };

  collectDefaultMetrics({ register: registry });
  // One of GATEWAY_WORKERS: /metrics answers every worker's metrics as one set, aggregated by the
  // primary from each worker's registry (metrics-across-workers).
  const metricsText = isGatewayWorker() ? () => askPrimary<string>(METRICS_KIND) : () => registry.metrics();
  if (isGatewayWorker()) givePartToPrimary(METRICS_KIND, () => registry.getMetricsAsJSON());
  plugins.push(
    // Hive's Prometheus plugin's metrics with bounded labels only (no request URL, which may carry
    // a query; operation names on request), each label set made once instead of per phase per
    // request; deprecated fields are counted below, once per document rather than by a walk of
    // every request's document.
    useOperationMetrics({ registry, operationNameLabels: config.operationNameLabels }),
    useDeprecatedFieldCounter(registry, config.operationNameLabels),
    useErrorCodeCounter(registry),
  );

  const serveMetrics = (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '/').split('?')[0] !== config.metricsPath) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    void metricsText().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      },
    );
    return true;
  };
  let metricsServer: Server | undefined;

  return {
    name: 'observability',
    registry,
    plugins,
    handleHttp: (req, res) => {
      dropUnusableRequestId(req);
      // With a metrics port of its own, the public port does not serve them.
      return config.metricsPort === undefined ? serveMetrics(req, res) : false;
    },
    start: async () => {
      if (config.metricsPort === undefined) return;
      const server = createServer((req, res) => {
        if (!serveMetrics(req, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end(`Metrics are at ${config.metricsPath}.\n`);
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.metricsPort, config.metricsHost, () => resolve());
      });
      metricsServer = server;
    },
    dispose: async () => {
      if (metricsServer) {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      }
      registry.clear();
    },
  };
}
