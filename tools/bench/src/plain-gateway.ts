/**
 * The baseline of what our features cost: the Hive Gateway runtime our gateway is built on, with
 * the same Rust query planner (`unifiedGraphHandler` of @graphql-hive/router-runtime) and HTTP
 * transport, over the same supergraph file, served with node:http, and none of our plugins (no
 * authentication or authorization, limits, rate limit, response cache, metrics, usage reporting).
 * Runtime defaults otherwise. Run in its own process so its CPU and memory can be measured and
 * pinned like ours:
 *
 *   SUPERGRAPH_PATH=supergraph.graphql PLAIN_GATEWAY_PORT=4200 node -r @swc-node/register tools/bench/src/plain-gateway.ts
 */
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';

async function main(): Promise<void> {
  const supergraphPath = process.env['SUPERGRAPH_PATH'];
  if (!supergraphPath) throw new Error('SUPERGRAPH_PATH is required.');
  const port = Number(process.env['PLAIN_GATEWAY_PORT'] ?? 4200);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const runtime = createGatewayRuntime({
    supergraph: supergraphPath,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    // Only warnings: the runtime's info lines are not part of the work measured.
    logging: 'warn',
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  console.log(
    JSON.stringify({ level: 'info', service: 'plain-gateway', msg: 'plain gateway ready', url: `http://${host}:${port}/graphql` }),
  );
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      server.closeAllConnections();
      // process.exit (not a signal's default) lets node --cpu-prof write the profile.
      server.close(() => void Promise.resolve(runtime.dispose()).finally(() => process.exit(0)));
    });
  }
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', service: 'plain-gateway', msg: (error as Error).stack ?? String(error) }));
  process.exit(1);
});
