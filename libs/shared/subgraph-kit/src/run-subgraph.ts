import { resolveDatabase } from '@hkp/persistence';
import { envPrefixOf } from '@hkp/departments';
import { ConfigError, getEnvPort, getEnvStr } from '@hkp/util-env';
import { createLogger } from './logger';
import { buildModuleSchema, prepareModuleDatabase, type SubgraphModule } from './subgraph-module';
import { startSubgraphServer, stopOnSignals, type RunningSubgraph } from './subgraph-server';
import type { SubgraphDataSource } from '@hkp/persistence';

export interface StartedSubgraph extends RunningSubgraph {
  database: SubgraphDataSource;
}

/** Starts a module on a given database URL and port: used by main.ts and by tests. */
export async function startModule(
  module: SubgraphModule,
  options: { databaseUrl: string; port: number; host?: string; logger?: ReturnType<typeof createLogger> },
): Promise<StartedSubgraph> {
  const logger = options.logger ?? createLogger(module.name);
  const database = await prepareModuleDatabase(module, options.databaseUrl, logger);
  const schema = await buildModuleSchema(module);
  const running = await startSubgraphServer({
    name: module.name,
    schema,
    port: options.port,
    host: options.host,
    logger,
    dataSource: database.dataSource,
    extendContext: (base) => module.createContext(database.dataSource, base),
    routes: module.httpRoutes?.(database.dataSource),
  });
  const stopBackground = module.startBackground?.(database.dataSource, logger);
  return {
    ...running,
    database,
    // The server reports draining first (so no new traffic is routed here while a background
    // pass finishes); background work stops before the database closes, as it uses it.
    stop: (options) =>
      running.stop({
        beforeClose: async () => {
          await stopBackground?.();
          await options?.beforeClose?.();
        },
      }),
  };
}

/**
 * The whole of an app's main.ts: read configuration, find the database (DATABASE_URL or the
 * embedded default), migrate, load seed data, serve, and stop cleanly on a signal.
 */
export async function runSubgraph(module: SubgraphModule): Promise<void> {
  const logger = createLogger(module.name);
  try {
    const variable = `${envPrefixOf(module.name)}_PORT`;
    const port = getEnvPort(variable, module.defaultPort);
    const host = getEnvStr('HOST', '127.0.0.1');
    const database = await resolveDatabase((message) => logger.debug({ postgres: message }));
    let running: StartedSubgraph;
    try {
      running = await startModule(module, { databaseUrl: database.url, port, host, logger });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new ConfigError(`Port ${port} for the ${module.name} subgraph is already in use. Choose another with ${variable}=<port>.`);
      }
      throw error;
    }
    stopOnSignals(async () => {
      await running.stop();
      await database.stop();
    }, logger);
  } catch (error) {
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ err: error }, `${module.name} subgraph failed to start`);
    process.exit(1);
  }
}
