/**
 * The comparison point of the benchmark: a stock Apollo Gateway (`@apollo/gateway`, JavaScript
 * query planner) with default settings, over the same supergraph file as our gateway, served by
 * `@apollo/server`'s standalone HTTP server. Run in its own process so its CPU and memory can be
 * measured and pinned like ours:
 *
 *   SUPERGRAPH_PATH=supergraph.graphql STOCK_GATEWAY_PORT=4100 node -r @swc-node/register tools/bench/src/stock-gateway.ts
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

async function main(): Promise<void> {
  const supergraphPath = process.env['SUPERGRAPH_PATH'];
  if (!supergraphPath) throw new Error('SUPERGRAPH_PATH is required.');
  const port = Number(process.env['STOCK_GATEWAY_PORT'] ?? 4100);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  console.log(JSON.stringify({ level: 'info', service: 'stock-gateway', msg: 'stock gateway ready', url }));
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void server.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'stock-gateway', msg: (error as Error).stack ?? String(error) }));
  process.exit(1);
});
