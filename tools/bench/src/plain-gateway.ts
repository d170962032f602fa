/**
 * The baseline of what our features cost: the Hive Gateway runtime our gateway is built on, with
 * the same Rust query planner (`unifiedGraphHandler` of @graphql-hive/router-runtime) and HTTP
 * transport, over the same supergraph file, served with node:http, and none of our plugins (no
 * authentication or authorization, limits, rate limit, response cache, metrics, usage reporting).
 * Runtime defaults otherwise. Run in its own process so its CPU and memory can be measured and
 * pinned like ours:
 *
 *   SUPERGRAPH_PATH=supergraph.graphql PLAIN_GATEWAY_PORT=4200 node -r @swc-node/register tools/bench/src/plain-gateway.ts
 *
 * PLAIN_GATEWAY_PORT=0 takes a free port; the ready line on stdout names the URL. The benchmark
 * compiles this file alone (tools/bench/src/stack.ts), and the end-to-end test that compares our
 * answers with this runtime's starts it as a process (apps/gateway-e2e/src/support/plain-gateway.ts):
 * it imports packages only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';

export interface PlainGatewayOptions {
  supergraphPath: string;
  /** 0 takes a free port. */
  port: number;
  host: string;
}

export interface PlainGateway {
  /** `http://<host>:<port>/graphql`, with the port the server got. */
  url: string;
  /** Closes every connection, then the server, then disposes of the runtime. */
  stop(): Promise<void>;
}

/** The plain runtime over `supergraphPath`, listening on `host:port`. */
export async function startPlainGateway({ supergraphPath, port, host }: PlainGatewayOptions): Promise<PlainGateway> {
  const runtime = createGatewayRuntime({
    supergraph: supergraphPath,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    // Only warnings: the runtime's info lines are not part of the work measured.
    logging: 'warn',
  });
  const server = createServer(runtime);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  const url = `http://${host}:${(server.address() as AddressInfo).port}/graphql`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => runtime.dispose());
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  const supergraphPath = process.env['SUPERGRAPH_PATH'];
  if (!supergraphPath) throw new Error('SUPERGRAPH_PATH is required.');
  const gateway = await startPlainGateway({
    supergraphPath,
    port: Number(process.env['PLAIN_GATEWAY_PORT'] ?? 4200),
    host: process.env['HOST'] ?? '127.0.0.1',
  });
  console.log(JSON.stringify({ level: 'info', service: 'plain-gateway', msg: 'plain gateway ready', url: gateway.url }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // process.exit (not a signal's default) lets node --cpu-prof write the profile.
    process.once(signal, () => void gateway.stop().finally(() => process.exit(0)));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', service: 'plain-gateway', msg: (error as Error).stack ?? String(error) }));
    process.exit(1);
  });
}
