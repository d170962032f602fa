import { ConfigError } from '@hkp/util-env';
import {
  gatewayLogger,
  isGatewayWorker,
  readGatewayConfig,
  readGatewayWorkers,
  reportWorkerReady,
  requireSharedStateForWorkers,
  runGatewayWorkers,
  startGateway,
  tagAnswersWithWorker,
  type GatewayConfig,
} from '@hkp/gateway';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const workers = readGatewayWorkers();
  if (workers > 1 && !isGatewayWorker()) {
    requireSharedStateForWorkers(workers, config);
    process.exitCode = await runGatewayWorkers({ workers, drainMs: config.drainDelayMs + config.shutdownTimeoutMs });
    return;
  }
  await serve(config);
}

/** One gateway process: the only one, or one of GATEWAY_WORKERS. */
async function serve(config: GatewayConfig): Promise<void> {
  let gateway;
  try {
    gateway = await startGateway(config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const metricsPort = config.observability.metricsPort;
      if (metricsPort !== undefined && (error as { port?: number }).port === metricsPort) {
        throw new ConfigError(
          `Port ${metricsPort} for the gateway's metrics is already in use. Choose another with GATEWAY_METRICS_PORT=<port>.`,
        );
      }
      throw new ConfigError(`Port ${config.port} for the gateway is already in use. Choose another with GATEWAY_PORT=<port>.`);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(`No supergraph at ${config.supergraphPath}. Run "npm run compose" or set SUPERGRAPH_PATH.`);
    }
    throw error;
  }
  tagAnswersWithWorker(gateway.server);
  const log = gatewayLogger();
  if (isGatewayWorker()) {
    log.info({ url: gateway.url, pid: process.pid }, 'gateway worker ready');
    reportWorkerReady(gateway.url);
  } else log.info({ url: gateway.url }, 'gateway ready');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // A worker may get Ctrl-C's SIGINT twice (from the terminal and from the primary): it keeps
    // draining. A single gateway stops at once on a second one.
    const on = isGatewayWorker() ? process.on.bind(process) : process.once.bind(process);
    on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal, pid: process.pid }, 'draining: /readiness answers 503');
      // stop() closes busy connections after GATEWAY_SHUTDOWN_TIMEOUT_MS; this is the last resort.
      setTimeout(() => process.exit(1), config.drainDelayMs + config.shutdownTimeoutMs + 5000).unref();
      void gateway.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `gateway failed to start: ${(error as Error).stack ?? String(error)}`;
  gatewayLogger().error(message);
  process.exit(1);
});
