// Child processes for the tools that run whole stacks (the benchmark, the replica proof): each in a
// process group of its own with its output in a log file, and the waits around them.
import { spawn } from 'node:child_process';
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

export interface RunningProcess {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
  running(): boolean;
  /** SIGKILL to the process group: the replica dies as in a crash, with requests in flight. */
  kill(): Promise<void>;
  /** SIGTERM (a graceful stop, as an orchestrator sends), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  logDir: string;
  cwd?: string;
  /** Add to `<logDir>/<name>.log` (a restarted replica keeps its history) instead of starting it afresh. */
  appendLog?: boolean;
}

/** Starts a process in a group of its own; its stdout and stderr go to `<logDir>/<name>.log`. */
export function startProcess(options: ProcessOptions): RunningProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: options.appendLog ? 'a' : 'w' });
  const child = spawn(options.command, options.args, {
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
    exited,
    running: () => !done,
    kill: async () => {
      signal('SIGKILL');
      await exited;
    },
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

/** The last lines of a process's log, for error messages. */
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

/** Polls until `check` resolves true; fails early when the process exits, or after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; process?: RunningProcess; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.process && !options.process.running()) {
      throw new Error(`${what}: ${options.process.name} exited before it was ready. Its last lines:\n${tailOf(options.process.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      const tail = options.process ? ` Its last lines:\n${tailOf(options.process.logFile)}` : '';
      throw new Error(`${what}: not ready after ${Math.round(options.timeoutMs / 1000)} s.${tail}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** Whether `url` answers 200 within 2 s. */
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
