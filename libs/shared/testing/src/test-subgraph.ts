import pino, { type Logger } from 'pino';
import { startModule, type StartedSubgraph, type SubgraphModule } from '@hkp/subgraph-kit';
import { overrideProcessEnv } from './process-env';
import { createTestDatabase } from './test-database';

/** A logger that writes nothing: tests assert on responses, not on log lines. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Starts a subgraph as `main.ts` would (migrations, seed data, HTTP server), on a free port of
 * 127.0.0.1 and the given database. `started.database.queries.total` counts its SQL statements.
 */
export function startTestSubgraph(module: SubgraphModule, databaseUrl: string): Promise<StartedSubgraph> {
  return startModule(module, { databaseUrl, port: 0, host: '127.0.0.1', logger: silentLogger() });
}

/** The service's base URL (`http://127.0.0.1:1234`) from its GraphQL URL, for /health paths. */
export function baseUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  return `${url.protocol}//${url.host}`;
}

/** A subgraph on a database of its own, for a department's integration spec. */
export interface IsolatedSubgraph {
  readonly subgraph: StartedSubgraph;
  /** Stops the subgraph, drops its database and restores PROGRAMME_URL. */
  stop(): Promise<void>;
}

/**
 * Starts a department subgraph on a fresh database (named after `prefix`), with PROGRAMME_URL pointed at
 * a closed port: the catalog nudge after a write must fail quietly, and no other test's programme
 * service is disturbed.
 */
export async function startIsolatedSubgraph(module: SubgraphModule, prefix: string): Promise<IsolatedSubgraph> {
  const restoreEnv = overrideProcessEnv({ PROGRAMME_URL: 'http://127.0.0.1:9/graphql' });
  const db = await createTestDatabase(prefix);
  let subgraph: StartedSubgraph | undefined;
  const stop = async () => {
    await subgraph?.stop();
    await db.drop();
    restoreEnv();
  };
  try {
    subgraph = await startTestSubgraph(module, db.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { subgraph, stop };
}
