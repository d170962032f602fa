// Builds the portal if its sources changed and serves it in front of a gateway:
//   node -r @swc-node/register tools/dev/src/serve-portal.ts --gateway http://127.0.0.1:4000/graphql [--port 4100]
// Prints "Portal: <url>" once it answers (the browser tests start it this way).
import { parseArgs } from 'node:util';
import { buildPortal } from '@hkp/build';
import { workspaceRoot } from '@hkp/util-env';
import { servePortal } from './portal-server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { gateway: { type: 'string' }, port: { type: 'string', default: '4100' } } });
  if (!values.gateway) throw new Error('--gateway <url of the gateway /graphql> is required.');
  const root = workspaceRoot();
  await buildPortal(root);
  const server = await servePortal(root, { port: Number(values.port), gatewayUrl: values.gateway });
  console.log(`Portal: ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`The portal did not start: ${(error as Error).message}`);
  process.exit(1);
});
