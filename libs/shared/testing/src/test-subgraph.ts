import pino, { type Logger } from 'pino';
import { startModule, type StartedSubgraph, type SubgraphModule } from '@hkp/subgraph-kit';

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
