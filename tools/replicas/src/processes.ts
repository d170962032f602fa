import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port of 127.0.0.1 right now (the kernel's choice). */
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
}

/** Starts a process in a group of its own; its output is appended to `<logDir>/<name>.log` (restarts add to it). */
export function startProcess(options: ProcessOptions): RunningProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
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

/** Polls `url` until it answers 200; fails early when the process exits, or after `timeoutMs`. */
export async function waitForHttp(url: string, process: RunningProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process && !process.running())
      throw new Error(`${process.name} exited before ${url} answered. Its last lines:\n${tailOf(process.logFile)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      const tail = process ? ` Its last lines:\n${tailOf(process.logFile)}` : '';
      throw new Error(`${url} not ready after ${Math.round(timeoutMs / 1000)} s.${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
