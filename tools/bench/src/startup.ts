import { spawn } from 'node:child_process';
import { envPrefixOf } from '@hkp/departments';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { processTree, readMemory } from './proc-stats';
import { freePort, httpOk, tailOf } from './processes';
import { SUBGRAPH_NAMES } from './stack';

export interface StartupMeasurement {
  /** Wall-clock seconds from spawning `npm start` to the gateway's /readiness answering 200. */
  readySeconds: number;
  /** What the runner itself printed ("Everything is ready in …"), when it did. */
  runnerLine: string | null;
  /** RSS and PSS of the npm start process tree at idle, after `settleSeconds`. */
  processes: { pid: number; command: string; rss: number; pss: number | null }[];
  rssTotal: number;
  pssTotal: number;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(0, 4).join(' ');
  } catch {
    return '?';
  }
}

/**
 * Runs `npm start` (tools/dev) on free ports against an already migrated and seeded database
 * (DATABASE_URL: the warm case), times it to the gateway's readiness, reads the memory of its
 * processes at idle, and stops it with SIGINT as a terminal's Ctrl-C would.
 */
export async function measureNpmStart(options: {
  root: string;
  databaseUrl: string;
  logDir: string;
  settleSeconds: number;
  timeoutMs?: number;
  label: string;
}): Promise<StartupMeasurement> {
  if (!existsSync(join(options.root, 'tools', 'dev', 'run.js'))) throw new Error('tools/dev/run.js (npm start) is not in this tree.');
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn' };
  for (const name of SUBGRAPH_NAMES) {
    env[`${envPrefixOf(name)}_PORT`] = String(await freePort());
    delete env[`${envPrefixOf(name)}_URL`];
  }
  const gatewayPort = await freePort();
  env['GATEWAY_PORT'] = String(gatewayPort);
  delete env['SUPERGRAPH_PATH'];

  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `npm-start-${options.label}.log`);
  const log = createWriteStream(logFile);
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let runnerLine: string | null = null;
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    buffer += chunk.toString('utf8');
    const match = /Everything is ready in [^\n]*/.exec(buffer);
    if (match) runnerLine = match[0];
  });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      child.kill('SIGINT');
    }
    const late = await Promise.race([exit.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000))]);
    if (late) {
      for (const pid of processTree(child.pid).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    log.end();
  };

  try {
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    for (;;) {
      if (exited) throw new Error(`npm start exited before it was ready. Its last lines:\n${tailOf(logFile)}`);
      if (await httpOk(`http://127.0.0.1:${gatewayPort}/readiness`).catch(() => false)) break;
      if (Date.now() > deadline) throw new Error(`npm start was not ready in time. Its last lines:\n${tailOf(logFile)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const readySeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
    const processes = processTree(child.pid!).map((pid) => {
      const memory = readMemory(pid);
      return { pid, command: commandOf(pid), rss: memory?.rss ?? 0, pss: memory?.pss ?? null };
    });
    return {
      readySeconds,
      runnerLine,
      processes,
      rssTotal: processes.reduce((sum, p) => sum + p.rss, 0),
      pssTotal: processes.reduce((sum, p) => sum + (p.pss ?? p.rss), 0),
    };
  } finally {
    await stop();
  }
}
