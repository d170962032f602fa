import { ConfigError } from '@hkp/util-env';
import { gatewayLogger, readGatewayConfig, startGateway } from '@hkp/gateway';

async function main(): Promise<void> {
  const config = readGatewayConfig();
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
  const log = gatewayLogger();
  log.info({ url: gateway.url }, 'gateway ready');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'draining: /readiness answers 503');
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
