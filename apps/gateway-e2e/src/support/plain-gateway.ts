import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';

/**
 * The benchmark's "plain" target (tools/bench/src/plain-gateway.ts: the Hive Gateway runtime with
 * the Rust planner and none of our plugins) started the way the benchmark runs it, in a process of
 * its own, so that both compare our gateway with one and the same baseline. (An app's file cannot be
 * imported here, and a process of its own keeps whatever our gateway sets up in this process, such
 * as a shared HTTP agent, away from it.)
 */
export interface PlainGatewayProcess {
  url: string;
  /** SIGTERM, SIGKILL after a few seconds; safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

function readyUrlOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as { msg?: string; url?: string };
    return parsed.msg === 'plain gateway ready' ? parsed.url : undefined;
  } catch {
    return undefined;
  }
}

export function startPlainGatewayProcess(supergraphPath: string): Promise<PlainGatewayProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('tools', 'bench', 'src', 'plain-gateway.ts')], {
    cwd: workspaceRoot(),
    env: { ...process.env, SUPERGRAPH_PATH: supergraphPath, PLAIN_GATEWAY_PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killLater = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killLater);
    })();
    return stopping;
  };

  return new Promise<PlainGatewayProcess>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop().finally(() => reject(new Error(`The plain gateway ${reason}. Its output:\n${output.slice(-4000)}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Whole lines only (the last one may still be arriving); the ready line is JSON.
      const url = output
        .split('\n')
        .slice(0, -1)
        .map(readyUrlOf)
        .find((found) => found !== undefined);
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop });
      }
    });
    void exited.then((code) => fail(`exited with code ${code} before it was ready`));
  });
}
