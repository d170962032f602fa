import { join } from 'node:path';
import { PORTAL_OUT_DIR } from '@hkp/build';

/** Vite's types need a module resolution newer than this workspace's (node10): the parts used, by hand. */
const VITE: string = 'vite';
interface VitePreview {
  preview(config: object): Promise<{ httpServer: { address(): import('node:net').AddressInfo | string | null }; close(): Promise<void> }>;
}

export interface PortalServer {
  /** `http://127.0.0.1:4100/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built portal (dist/portal) with Vite's preview server and forwards /graphql to the
 * gateway, so the pages talk to the graph on their own origin (no CORS, as behind a deployment's
 * reverse proxy).
 */
export async function servePortal(
  root: string,
  { port, host = '127.0.0.1', gatewayUrl }: { port: number; host?: string; gatewayUrl: string },
): Promise<PortalServer> {
  const { preview } = (await import(VITE)) as VitePreview;
  const target = new URL(gatewayUrl);
  // Vite's preview server exits the process on SIGTERM or when stdin ends; here the caller owns the
  // process (npm start stops the services first), so those listeners are taken off again.
  const before = { sigterm: process.listeners('SIGTERM'), stdinEnd: process.stdin.listeners('end') };
  const server = await preview({
    root: join(root, 'apps', 'portal'),
    configFile: false,
    logLevel: 'warn',
    build: { outDir: join(root, PORTAL_OUT_DIR) },
    preview: { port, host, strictPort: true, open: false, proxy: { '/graphql': { target: target.origin, changeOrigin: true } } },
  });
  for (const listener of process.listeners('SIGTERM')) if (!before.sigterm.includes(listener)) process.off('SIGTERM', listener);
  for (const listener of process.stdin.listeners('end'))
    if (!before.stdinEnd.includes(listener)) process.stdin.off('end', listener as (...args: unknown[]) => void);
  const address = server.httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${actualPort}/`, close: () => server.close() };
}
