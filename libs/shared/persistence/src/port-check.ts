import { createServer } from 'node:net';
import { ConfigError } from '@hkp/util-env';

/** Resolves true when nothing listens on host:port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with a message naming the variable that moves the port, instead of EADDRINUSE later. */
export async function assertPortFree(port: number, variable: string, what: string, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  if (!(await isPortFree(port, host))) {
    throw new ConfigError(
      `Port ${port} for ${what} is already in use. Stop whatever holds it, or choose another port with ${variable}=<port>.`,
    );
  }
}
