import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startChild } from './child';
import { restartDelay, Supervisor, type RestartPolicy } from './supervisor';

const FAST: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 400, stableAfterMs: 60_000 };
const STAYS_UP = 'console.log("pid " + process.pid); setInterval(() => {}, 1000)';
const CRASHES = 'console.log("pid " + process.pid); process.exit(1)';

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

/** A supervisor over `node -e <code>`, recording its log lines and the pid of every start. */
function supervise(code: string, policy = FAST) {
  const log: string[] = [];
  const pids: number[] = [];
  const starts: number[] = [];
  const start = () => {
    starts.push(Date.now());
    return startChild({
      name: 'svc',
      args: ['-e', code],
      cwd: process.cwd(),
      env: process.env,
      onLine: (line) => {
        if (line.startsWith('pid ')) pids.push(Number(line.slice(4)));
      },
    });
  };
  const supervisor = new Supervisor({ name: 'education', start, log: (m) => log.push(m), policy, graceMs: 2000 });
  supervisor.adopt(start());
  return { supervisor, log, pids, starts };
}

describe('restartDelay', () => {
  it('doubles from 1 s up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((n) => restartDelay(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('Supervisor', () => {
  it('restarts a process that keeps crashing, waiting longer each time, and says so', async () => {
    const { supervisor, log, starts } = supervise(CRASHES);
    await until(() => starts.length >= 5);
    await supervisor.stop();
    const gaps = starts.slice(1).map((at, i) => at - starts[i]);
    // 100, 200, 400, 400 ms: never a tight loop.
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    expect(gaps[3]).toBeGreaterThanOrEqual(400);
    expect(gaps[3]).toBeLessThan(1500);
    const crashes = log.filter((line) => line.includes('restarting in'));
    expect(crashes[0]).toMatch(/^education exited \(exit code 1\) after \d+\.\d s; restarting in 0\.1 s \(attempt 1\)\.$/);
    expect(crashes[2]).toMatch(
      /restarting in 0\.4 s \(attempt 3; it keeps failing soon after starting, so each wait doubles up to 0\.4 s\)/,
    );
    const count = starts.length;
    await sleep(600);
    expect(starts.length).toBe(count); // stopped: no restart after stop()
  });

  it('starts the back-off again after a process stayed up long enough', async () => {
    const { supervisor, log, starts } = supervise('setTimeout(() => process.exit(3), 150)', { ...FAST, stableAfterMs: 100 });
    await until(() => starts.length >= 3);
    await supervisor.stop();
    const crashes = log.filter((line) => line.includes('restarting in'));
    expect(crashes.length).toBeGreaterThanOrEqual(2);
    expect(crashes.every((line) => line.includes('(attempt 1)'))).toBe(true);
  });

  it('leaves a process that stays up alone, and stops it', async () => {
    const { supervisor, pids } = supervise(STAYS_UP);
    await until(() => pids.length === 1);
    await sleep(300);
    expect(supervisor.restarts).toBe(0);
    const exit = await supervisor.stop();
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(pids[0])).toBe(false);
  });

  it('restarts on request at once, with the old process gone', async () => {
    const { supervisor, pids, log } = supervise(STAYS_UP);
    await until(() => pids.length === 1);
    expect(await supervisor.restart()).toBe(true);
    await until(() => pids.length === 2);
    expect(alive(pids[0])).toBe(false);
    expect(alive(pids[1])).toBe(true);
    expect(log).toEqual(['education restarted (restart 1).']); // a requested stop is no crash
    await supervisor.stop();
    expect(alive(pids[1])).toBe(false);
  });

  it('keeps a process stopped on request, a restart already pending included, until resumed', async () => {
    const { supervisor, log, starts } = supervise(CRASHES, { initialDelayMs: 300, maxDelayMs: 300, stableAfterMs: 60_000 });
    await until(() => log.some((line) => line.includes('restarting in 0.3 s')));
    await supervisor.hold(); // within the back-off: the pending restart is cancelled
    expect(supervisor.isHeld).toBe(true);
    await sleep(700);
    expect(starts.length).toBe(1);
    await supervisor.resume();
    expect(starts.length).toBe(2);
    expect(supervisor.isHeld).toBe(false);
    await until(() => starts.length >= 3); // supervised again: its next crash is restarted
    await supervisor.stop();
  });

  it('retries a start that fails, with the same back-off', async () => {
    const log: string[] = [];
    let calls = 0;
    const supervisor = new Supervisor({
      name: 'PostgreSQL',
      log: (m) => log.push(m),
      policy: FAST,
      start: () => {
        calls++;
        throw new Error('No space left on device');
      },
    });
    supervisor.adopt(
      startChild({ name: 'pg', args: ['-e', 'process.exit(1)'], cwd: process.cwd(), env: process.env, onLine: () => undefined }),
    );
    await until(() => calls >= 2);
    await supervisor.stop();
    expect(log.filter((line) => line.includes('restarting in'))[1]).toMatch(
      /^PostgreSQL failed to start \(No space left on device\) after 0\.0 s; restarting in 0\.2 s \(attempt 2/,
    );
  });
});

describe('a launcher given a signal', () => {
  const launcher = join(__dirname, 'fixtures', 'fake-launcher.ts');

  function startLauncher(services: Record<string, string>, env: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', launcher, JSON.stringify(services)], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const pids = () => [...output.matchAll(/\] pid (\d+)/g)].map((m) => Number(m[1]));
    return { child, exited, pids, output: () => output };
  }

  it('stops every service on SIGTERM, a crash-looping one included, and exits', async () => {
    const run = startLauncher({ gateway: STAYS_UP, education: STAYS_UP, health: CRASHES });
    await until(() => run.pids().length >= 4, 15_000); // two up, health started at least twice
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const pids = run.pids();
    await until(() => pids.every((pid) => !alive(pid)), 2000);
    expect(run.output()).toMatch(/health exited \(exit code 1\).*restarting in/);
  }, 20_000);

  it('kills at once on a second signal when a service ignores the first', async () => {
    const stubborn = 'process.on("SIGTERM", () => {}); console.log("pid " + process.pid); setInterval(() => {}, 1000)';
    const run = startLauncher({ education: stubborn, health: STAYS_UP }, { FAKE_GRACE_MS: '60000' });
    await until(() => run.pids().length === 2, 15_000);
    run.child.kill('SIGTERM');
    await sleep(1200); // past the window in which a repeat is npm forwarding the same Ctrl-C
    expect(run.child.exitCode).toBeNull();
    const forcedAt = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    expect(Date.now() - forcedAt).toBeLessThan(2000);
    const pids = run.pids();
    await until(() => pids.every((pid) => !alive(pid)), 2000);
  }, 20_000);
});
