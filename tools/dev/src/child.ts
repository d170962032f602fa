import { spawn } from 'node:child_process';
import { LineSplitter, RecentLines } from './log-lines';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  name: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Receives each whole output line (already without its newline). */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface Child {
  name: string;
  recent: RecentLines;
  /** Settles once the process has exited and its output is drained. */
  exited: Promise<ChildExit>;
  running(): boolean;
  /** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
  stop(graceMs: number): Promise<ChildExit>;
  /** Last resort from a synchronous `exit` handler. */
  killNow(): void;
}

/**
 * Starts `node <args>` in a process group of its own: a Ctrl-C in the terminal then reaches only
 * the dev runner, which stops the services in order (gateway first, database last) instead of
 * every process at once.
 */
export function startChild(options: ChildOptions): Child {
  const recent = new RecentLines();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let done = false;
  for (const stream of ['stdout', 'stderr'] as const) {
    const splitter = new LineSplitter((line) => {
      recent.add(line);
      options.onLine(line, stream);
    });
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk: string) => splitter.push(chunk));
    child[stream].on('end', () => splitter.flush());
  }
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (error) => {
      recent.add(String(error));
      done = true;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (done || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };

  return {
    name: options.name,
    recent,
    exited,
    running: () => !done,
    stop: async (graceMs) => {
      await stopWithin(
        exited,
        graceMs,
        () => signalGroup('SIGTERM'),
        () => signalGroup('SIGKILL'),
      );
      return exited;
    },
    killNow: () => signalGroup('SIGKILL'),
  };
}

/**
 * Calls `ask`, then `force` when `exited` has not settled after `graceMs`; resolves once `exited`
 * has. The grace timer is always cleared, so it never keeps the process alive.
 */
export async function stopWithin(exited: Promise<unknown>, graceMs: number, ask: () => void, force: () => void): Promise<void> {
  ask();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  try {
    if ((await Promise.race([exited.then(() => 'exited' as const), late])) === 'late') force();
  } finally {
    clearTimeout(timer);
  }
  await exited;
}

/** `exit code 1`, `signal SIGKILL`: how a child ended, for messages. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return exit.code === null ? 'failed to start' : `exit code ${exit.code}`;
}
