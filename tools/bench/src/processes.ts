import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port of 127.0.0.1 right now (the kernel's choice; another process could take it later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  name: string;
  pid: number;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** CPUs it is pinned to (taskset -c list). */
  cpus: string;
  exited: Promise<number | null>;
  running(): boolean;
  /** SIGTERM to its process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  /** Arguments to `node` (e.g. `dist/apps/x/src/main.js`). */
  nodeArgs: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** taskset CPU list; every service is started through taskset so none inherits the runner's own pinning. */
  cpus: string;
  logDir: string;
}

/**
 * Starts `taskset -c <cpus> node <args>` in a process group of its own (taskset execs node, so the
 * pid is node's: /proc/<pid> then describes the service itself). Output goes to a log file.
 */
export function startService(options: ServiceOptions): Service {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const child: ChildProcess = spawn('taskset', ['-c', options.cpus, process.execPath, ...options.nodeArgs], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => {
      done = true;
      resolve(null);
    });
    child.once('close', (code) => {
      done = true;
      log.end();
      resolve(code);
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    if (done || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  return {
    name: options.name,
    pid: child.pid ?? -1,
    logFile,
    cpus: options.cpus,
    exited,
    running: () => !done,
    stop: async (graceMs = 10_000) => {
      signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      if ((await Promise.race([exited, late])) === 'late') signal('SIGKILL');
      clearTimeout(timer);
      await exited;
    },
  };
}

/** The last lines of a service's log, for error messages. */
export function tailOf(logFile: string, lines = 15): string {
  try {
    return readFileSync(logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}

/**
 * Polls until `check` resolves true; fails early when the service exits, or after `timeoutMs`.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; service?: Service; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.service && !options.service.running()) {
      throw new Error(`${what}: ${options.service.name} exited before it was ready. Its last lines:\n${tailOf(options.service.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      const tail = options.service ? ` Its last lines:\n${tailOf(options.service.logFile)}` : '';
      throw new Error(`${what}: not ready after ${Math.round(options.timeoutMs / 1000)} s.${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.status === 200;
}

/** POSTs one GraphQL operation; answers the raw text and the parsed body. */
export async function postGraphQL(
  url: string,
  query: string,
  timeoutMs = 30_000,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; body: { data?: unknown; errors?: { message: string }[] } | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: { data?: unknown; errors?: { message: string }[] } | null = null;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = null;
  }
  return { status: response.status, text, body };
}
