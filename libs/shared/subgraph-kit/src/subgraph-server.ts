import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  answerParseErrorsAsGraphQL,
  keepIdleConnectionsLongerThanClients,
  errorBody,
  HttpErrorCode,
  NOT_FOUND_MESSAGE,
  requestIdOf,
  sendErrorBody,
} from '@hkp/http-errors';
import { getEnvBool, getEnvNum, isProduction } from '@hkp/util-env';
import { createSubgraphAuthenticator, rethrowAsUnauthenticated } from './auth';
import type { SubgraphContext } from './context';
import { formatSubgraphError } from './errors';
import { createEventStreamServer, wantsEventStream } from './event-stream';
import { handleGraphQL } from './http-adapter';
import { LoaderRegistry } from './loaders';
import { createSubgraphMetrics } from './metrics';
import { createMetricsPlugin } from './metrics-plugin';
import { createTextInputPlugin } from './text-input-plugin';

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  logger: Logger;
  /** Checked by the readiness endpoint; a service without its database is not ready. */
  dataSource: DataSource;
  /** Adds subgraph-specific values (repositories, services) to each request's context. */
  extendContext?: (base: SubgraphContext) => object;
  /** Variables to read the SUBGRAPH_* settings and NODE_ENV from (process.env). */
  env?: Record<string, string | undefined>;
  /** Routes of the service's own beside /graphql and /health (path → handler), e.g. a data version. */
  routes?: Record<string, SubgraphHttpRoute>;
}

/** Answers one plain HTTP request (not GraphQL); a failure is answered 500. */
export type SubgraphHttpRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Fields nested deeper than this are refused; the gateway's plans stay well below (its own limit is 10). */
export const SUBGRAPH_MAX_DEPTH = 15;

export interface RunningSubgraph {
  url: string;
  port: number;
  server: Server;
  /** GraphQL requests served so far: tests and benchmarks use it to count subgraph fetches. */
  graphqlRequests(): number;
  /**
   * Drains and stops: /health/ready answers 503 at once, then `beforeClose` runs (background work
   * that still uses the database, e.g. a catalog pass), then requests in flight finish and the
   * database closes.
   */
  stop(options?: { beforeClose?: () => Promise<void> }): Promise<void>;
}

async function isDatabaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * The logger of the request being served. Apollo calls `formatError` without the request's
 * context, so the request logger (with its `requestId`) travels with the request's async work.
 */
const requestScope = new AsyncLocalStorage<{ logger: Logger }>();

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Serves one subgraph: GraphQL at /graphql, liveness at /health/live, readiness (database
 * reachable) at /health/ready, JSON logs with a request id, and a shutdown that drains
 * requests in flight before it closes the database.
 */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraph> {
  const { logger, dataSource } = options;
  const env = options.env ?? process.env;
  const exposeInternals = !isProduction(env) && env['EXPOSE_INTERNAL_ERRORS'] === 'true';
  const maxDepth = getEnvNum('SUBGRAPH_MAX_DEPTH', SUBGRAPH_MAX_DEPTH, env, { min: 1 });
  const drainDelayMs = getEnvNum('SUBGRAPH_DRAIN_DELAY_MS', 0, env, { min: 0 });
  const shutdownTimeoutMs = getEnvNum('SUBGRAPH_SHUTDOWN_TIMEOUT_MS', 10_000, env, { min: 0 });
  let draining = false;
  const httpServer = createServer();
  const validationRules = [
    maxDepthRule({
      n: maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      // Reported as a validation error (400 GRAPHQL_VALIDATION_FAILED) rather than thrown (500).
      propagateOnRejection: false,
      onReject: [(context, error) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))],
    }),
  ];
  // Subscriptions are served over Server-Sent Events, beside Apollo Server (which has no transport for them).
  const eventStreams = options.schema.getSubscriptionType() ? createEventStreamServer(options.schema, validationRules) : undefined;
  const apollo = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    // `__schema`/`__type` only; composition and the gateway read `_service { sdl }`, an ordinary
    // field that stays available. Off in production: a subgraph reached directly maps nothing.
    introspection: getEnvBool('SUBGRAPH_INTROSPECTION', !isProduction(env), env),
    validationRules,
    csrfPrevention: true,
    // Our own shutdown drains requests and closes the database; Apollo's would re-raise the signal first.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Inline traces are for Apollo's hosted reporting, which this project does not use.
    // The drain waits for requests in flight, then closes what is left after the grace period.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: shutdownTimeoutMs }),
      ApolloServerPluginInlineTraceDisabled(),
      createMetricsPlugin(options.name),
      createTextInputPlugin(),
    ],
    formatError: (formatted, error) =>
      formatSubgraphError(formatted, error, {
        exposeInternals,
        onInternal: (internal) =>
          (requestScope.getStore()?.logger ?? logger).error({ err: internal, path: formatted.path }, 'internal error in resolver'),
      }),
  });
  await apollo.start();

  const authenticate = createSubgraphAuthenticator();
  const metrics = createSubgraphMetrics(options.name);
  let graphqlRequests = 0;
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/health/live') return sendJson(res, 200, { status: 'ok', service: options.name });
    if (url === '/health/ready') {
      if (draining) return sendJson(res, 503, { status: 'draining', service: options.name });
      void isDatabaseReachable(dataSource).then((ok) =>
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', service: options.name, database: ok }),
      );
      return;
    }
    if (url === '/metrics') {
      void metrics.serve(res);
      return;
    }
    const route = options.routes && Object.hasOwn(options.routes, url) ? options.routes[url] : undefined;
    if (route) {
      void Promise.resolve()
        .then(() => route(req, res))
        .catch((error: unknown) => {
          logger.error({ err: error, path: url }, 'route failed');
          if (!res.headersSent)
            sendJson(res, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
          else res.end();
        });
      return;
    }
    if (url !== '/graphql') return sendErrorBody(req, res, 404, errorBody(NOT_FOUND_MESSAGE, HttpErrorCode.NOT_FOUND));
    graphqlRequests += 1;
    const started = process.hrtime.bigint();
    const requestLogger = logger.child({ requestId });
    const endRequest = metrics.startRequest();
    const contextOf = async () => {
      const auth = await authenticate(req).catch(rethrowAsUnauthenticated);
      const base: SubgraphContext = {
        requestId,
        logger: requestLogger,
        loaders: new LoaderRegistry(),
        auth,
        authorization: req.headers.authorization,
      };
      return { ...base, ...(options.extendContext?.(base) ?? {}) } as SubgraphContext;
    };
    requestScope
      .run({ logger: requestLogger }, () =>
        eventStreams && wantsEventStream(req) ? eventStreams.handle(req, res, contextOf) : handleGraphQL(apollo, req, res, contextOf),
      )
      .catch((error: unknown) => {
        requestLogger.error({ err: error }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      })
      .finally(() => {
        endRequest({ status: res.statusCode, errorCodes: [] });
        requestLogger.debug({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'graphql request');
      });
  });

  answerParseErrorsAsGraphQL(httpServer);
  // The gateway's calls come on Node's agent, which keeps an idle connection 5 s.
  keepIdleConnectionsLongerThanClients(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}/graphql`;
  logger.info({ url }, `${options.name} subgraph ready`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    server: httpServer,
    graphqlRequests: () => graphqlRequests,
    stop: (stopOptions) => {
      stopping ??= (async () => {
        // /health/ready answers 503 from now on; requests are still served for drainDelayMs.
        draining = true;
        await stopOptions?.beforeClose?.();
        // Open streams would hold the drain until its deadline; their clients reconnect to another replica.
        eventStreams?.closeAll();
        if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
        await apollo.stop();
        if (dataSource.isInitialized) await dataSource.destroy();
        logger.info(`${options.name} subgraph stopped`);
      })();
      return stopping;
    },
  };
}

/** Stops the service cleanly on SIGINT/SIGTERM: drain, close the database, exit 0. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let once = false;
  const handler = (signal: string) => {
    if (once) return;
    once = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
