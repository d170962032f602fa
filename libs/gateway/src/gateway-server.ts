import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { answerParseErrorsAsGraphQL, keepIdleConnectionsLongerThanClients } from '@hkp/http-errors';
import type { ConfigError } from '@hkp/util-env';
import httpTransport from '@graphql-mesh/transport-http';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import type { GatewayConfig } from './gateway-config';
import { createAuthFeature } from './gateway-auth';
import { createLimitsFeature } from './gateway-limits';
import { createObservabilityFeature } from './gateway-observability';
import { createResponseCacheFeature } from './response-cache';
import { createEntityCacheFeature, readEntityCacheConfig } from './entity-cache';
import { gatewayLogger } from './gateway-logger';
import { createDocumentCacheFeature } from './document-cache';
import { explorerOptions } from './explorer';
import { checkSubgraphs, type ReadinessReport } from './readiness';
import { subgraphEndpoints, type SubgraphEndpoint } from './subgraph-endpoints';
import { misspelledSubgraphVariables, readSubgraphOverrides, type SubgraphOverride } from './subgraph-overrides';
import { SupergraphSource } from './supergraph-reload';
import { createUsageFeature } from './usage-reporting';
import { createClientSchemaFeature, type CurrentSchema } from './client-schema-route';
import { createCompressionFeature } from './compression';
import { createCorsFeature } from './cors';
import { createDeferFeature } from './defer';
import { createExportFeature } from './export/export-route';
import { createSubscriptionsFeature, isStreamingCall } from './subscriptions';
import { createSubscriptionLimitsFeature } from './subscription-limits';
import { createAtomFeedFeature, readAtomFeedConfig } from './feeds/atom-feed-route';

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  runtime: GatewayRuntime;
  stop(): Promise<void>;
}

/**
 * Stops taking connections and waits for the requests in flight; connections still busy after
 * `timeoutMs` are closed (their clients see the connection end).
 */
export async function closeWithin(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive connections go idle as their last request finishes: close them as they do.
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(deadline);
  }
}

/**
 * Serves the composed supergraph with the Hive Gateway runtime: GraphQL and the offline
 * GraphiQL at /graphql, liveness at /healthcheck, and /readiness that is 200 only when every
 * subgraph answers. A new supergraph (the file changed, or SUPERGRAPH_URL answers another) is
 * checked, then served without dropping a request; an invalid one is refused and the old one kept.
 * `env` holds the variables features read themselves (the entity cache's GATEWAY_ENTITY_CACHE_*).
 */
export async function startGateway(config: GatewayConfig, env: Record<string, string | undefined> = process.env): Promise<RunningGateway> {
  const log = gatewayLogger();
  const observability = createObservabilityFeature(config.observability);
  const supergraph = new SupergraphSource(config.supergraphPath, config.supergraphReload, log, observability.registry);
  await supergraph.load();

  // `<NAME>_URL` and `<NAME>_TIMEOUT_MS` for exactly the subgraphs the supergraph names, looked up
  // again at each reload. The runtime reads `transportEntries` each time it loads the supergraph,
  // so it is refilled in place.
  const transportEntries: Record<string, { location: string }> = {};
  let overrides = new Map<string, SubgraphOverride>();
  let endpoints: SubgraphEndpoint[] = [];
  const applyOverrides = (sdl: string, onError?: (error: ConfigError) => void) => {
    const declared = subgraphEndpoints(sdl);
    overrides = readSubgraphOverrides(
      declared.map((e) => e.name),
      config.subgraphEnv,
      onError,
    );
    endpoints = declared.map((e) => ({ ...e, url: overrides.get(e.name)?.url ?? e.url }));
    for (const name of Object.keys(transportEntries)) delete transportEntries[name];
    for (const [name, { url }] of overrides) if (url !== undefined) transportEntries[name] = { location: url };
  };
  // At start a bad value stops the gateway; a typo'd variable would be ignored, so it is named.
  applyOverrides(supergraph.current());
  for (const { variable, meant } of misspelledSubgraphVariables(
    endpoints.map((e) => e.name),
    config.subgraphEnv,
  )) {
    log.warn({ variable, meant }, `${variable} names no subgraph of the supergraph and is ignored; did you mean ${meant}?`);
  }

  // The response cache comes last: a cached answer is served only after the limits and the
  // rate limit have seen the request.
  // Usage is counted before the cache, so a cached answer counts too.
  // Subgraph timeouts (`<NAME>_TIMEOUT_MS`, else SUBGRAPH_TIMEOUT_MS) are kept with the call's
  // signal (subgraph-call-signal.ts). A subscription's stream lasts as long as its client listens:
  // no timeout cuts it.
  const limits = createLimitsFeature(config.limits, (subgraphName, executionRequest) =>
    isStreamingCall(executionRequest)
      ? undefined
      : ((subgraphName !== undefined ? overrides.get(subgraphName)?.timeoutMs : undefined) ?? config.subgraphTimeoutMs),
  );
  const features = [
    // First: a preflight is answered before any limit, and every answer carries the CORS headers.
    createCorsFeature(config.cors),
    observability,
    limits,
    // After the limits: its plugin wraps their failure isolation and subgraph timeouts, so an entity
    // answered from the cache skips them, and one fetched goes through them as any call does.
    createEntityCacheFeature(readEntityCacheConfig(env), (name) => endpoints.find((e) => e.name === name)?.url, observability.registry),
    createAuthFeature(config.auth),
    createSubscriptionsFeature(config.limits.enabled ? config.limits.query : undefined),
    // After the cost limit: a subscription it refuses takes no slot.
    createSubscriptionLimitsFeature(config.subscriptionLimits),
    createUsageFeature(config.usage, config.auth.jwt),
    // Follows the catalog's changes through the runtime below to evict the answers they touch.
    createResponseCacheFeature(config.responseCache, (): GatewayRuntime => runtime),
    createClientSchemaFeature(config.publishSchema, (): ReturnType<CurrentSchema> => runtime.getSchema()),
    // Its plugin runs last, on the answer every other plugin has finished.
    // @defer answered in parts: after the limits and the response cache have seen the operation.
    createDeferFeature(),
    createCompressionFeature(config.compression),
    // Reads the API through the runtime below, charging the rate limit per export.
    createExportFeature(config.exports, (): GatewayRuntime => runtime, limits.rateLimiter?.charge),
    createAtomFeedFeature(readAtomFeedConfig(), (): GatewayRuntime => runtime, limits.rateLimiter?.charge),
    // Last, where Yoga's own parse cache sat (it replaces that one): every other plugin's parse and
    // validation hooks run before it answers from what it kept.
    createDocumentCacheFeature(config.documentCache),
  ];
  const runtime = createGatewayRuntime({
    ...Object.assign({}, ...features.map((f) => f.runtimeOptions ?? {})),
    plugins: () => features.flatMap((f) => f.plugins ?? []),
    supergraph: () => {
      const sdl = supergraph.current();
      // A reload keeps serving: a bad value for a subgraph it adds is logged and left out.
      applyOverrides(sdl, (error) => log.error(`${error.message} Ignored: the supergraph's URL or SUBGRAPH_TIMEOUT_MS applies.`));
      return sdl;
    },
    // The Rust query planner: it plans @interfaceObject fields (finance's funding on every
    // measure) that the JavaScript planner leaves unresolved, and plans faster.
    unifiedGraphHandler,
    transports: { http: httpTransport },
    // Requests that started on the previous supergraph finish on it (its executors are kept until then).
    gracefulSchemaReload: { drainTimeout: config.supergraphReload.drainTimeoutMs },
    transportEntries,
    graphiql: config.explorer ? explorerOptions() : false,
    // Loaded on the first explorer page: its bundle is about 12 MB of heap that a gateway with the
    // explorer off (the production default) should not hold.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    landingPage: false,
    disableIntrospection: config.introspection ? undefined : { disableIf: () => true },
    logging: log,
  });

  // The runtime builds the new schema and planner while the old ones serve, then swaps them.
  supergraph.watch(() => runtime.invalidateUnifiedGraph());

  let draining = false;
  const server = createServer(async (req, res) => {
    for (const feature of features) {
      if (feature.handleHttp && (await feature.handleHttp(req, res))) return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/readiness') {
      if (draining) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ready: false, draining: true, subgraphs: [] } satisfies ReadinessReport));
        return;
      }
      void checkSubgraphs(endpoints).then((report) => {
        res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(report));
      });
      return;
    }
    void runtime(req, res);
  });
  answerParseErrorsAsGraphQL(server);
  keepIdleConnectionsLongerThanClients(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  try {
    for (const feature of features) await feature.start?.();
  } catch (error) {
    // A feature that cannot start (its metrics port taken) leaves nothing listening or watching.
    await supergraph.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.dispose();
    for (const feature of features) await feature.dispose?.().catch(() => undefined);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/graphql`,
    port,
    server,
    runtime,
    stop: () => {
      stopping ??= (async () => {
        // /readiness answers 503 from now on; requests are still served for drainDelayMs.
        draining = true;
        await supergraph.stop();
        if (config.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
        await closeWithin(server, config.shutdownTimeoutMs);
        await runtime.dispose();
        for (const feature of features) await feature.dispose?.();
      })();
      return stopping;
    },
  };
}
