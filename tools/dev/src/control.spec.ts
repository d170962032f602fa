import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@hkp/util-env';
import { startChild } from './child';
import { answerCommand, listenForCommands, requestCommand } from './control';
import { Supervisor } from './supervisor';

const STAYS_UP = 'console.log("pid " + process.pid); setInterval(() => {}, 1000)';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

/** A launcher's control socket over two supervised `node -e` services, as npm start runs them. */
describe('the control socket of a running launcher', () => {
  let dir: string;
  let path: string;
  let server: Server;
  const log: string[] = [];
  const pids: Record<string, number[]> = { education: [], programme: [] };
  const services = new Map<string, Supervisor>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dev-control-'));
    path = join(dir, 'dev-launcher.sock');
    for (const name of Object.keys(pids)) {
      const start = () =>
        startChild({
          name,
          args: ['-e', STAYS_UP],
          cwd: process.cwd(),
          env: process.env,
          onLine: (line) => line.startsWith('pid ') && pids[name]!.push(Number(line.slice(4))),
        });
      // A fast back-off: a stopped service that were restarted as a crash would be back within 0.1 s.
      const supervisor = new Supervisor({
        name,
        start,
        log: (m) => log.push(m),
        graceMs: 2000,
        policy: { initialDelayMs: 100, maxDelayMs: 100, stableAfterMs: 60_000 },
      });
      supervisor.adopt(start());
      services.set(name, supervisor);
    }
    const listening = await listenForCommands(path, (command) =>
      answerCommand(command, { services, isStopping: () => false, log: (m) => log.push(m) }),
    );
    if (listening === 'taken') throw new Error('socket taken');
    server = listening;
    await until(() => pids['education']!.length === 1 && pids['programme']!.length === 1);
  });

  afterAll(async () => {
    server?.close();
    await Promise.all([...services.values()].map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops a service and keeps it stopped until started, leaving the others running', async () => {
    const [first] = pids['education']!;
    expect(await requestCommand(path, { verb: 'stop', service: 'education' })).toBe(
      'education stopped; it stays stopped until npm start -- --start education.',
    );
    expect(alive(first!)).toBe(false);
    await sleep(600); // six times the back-off: no restart comes
    expect(pids['education']).toEqual([first]);
    expect(log.some((line) => line.includes('restarting in'))).toBe(false);
    expect(alive(pids['programme']![0]!)).toBe(true);

    expect(await requestCommand(path, { verb: 'stop', service: 'education' })).toBe(
      'education is already stopped; it stays stopped until npm start -- --start education.',
    );
    expect(await requestCommand(path, { verb: 'start', service: 'education' })).toBe('education started and ready.');
    await until(() => pids['education']!.length === 2);
    expect(alive(pids['education']![1]!)).toBe(true);
    expect(await requestCommand(path, { verb: 'start', service: 'education' })).toBe('education is already running.');
  });

  it('restarts a stopped service too, and then supervises it again', async () => {
    await requestCommand(path, { verb: 'stop', service: 'programme' });
    expect(await requestCommand(path, { verb: 'restart', service: 'programme' })).toBe('programme restarted and ready.');
    await until(() => pids['programme']!.length === 2);
    const restarted = pids['programme']![1]!;
    process.kill(restarted, 'SIGKILL'); // a crash after the restart is restarted as before
    await until(() => pids['programme']!.length === 3);
    expect(log.some((line) => /^programme exited \(signal SIGKILL\).*restarting in 0\.1 s/.test(line))).toBe(true);
  });

  it('refuses an unknown service or command with the list of both', async () => {
    const refusal = requestCommand(path, { verb: 'stop', service: 'library' });
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(
      'Unknown command "stop library". Commands: restart, stop, start <service>; services: education, programme.',
    );
  });

  it('says when no launcher is running', async () => {
    await expect(requestCommand(join(dir, 'nobody.sock'), { verb: 'stop', service: 'education' })).rejects.toThrow(
      /No npm start is running in this checkout/,
    );
  });
});
