import { describeExit, type ChildExit as ProcessExit } from './child';
import { formatSeconds } from './log-lines';

/** What the supervisor needs of a running process: a service's Child, or the PostgreSQL server. */
export interface SupervisedProcess {
  exited: Promise<ProcessExit>;
  /** Asks it to stop, harder after `graceMs`; settles once it has exited. */
  stop(graceMs: number): Promise<ProcessExit>;
  /** Last resort, synchronous: a second Ctrl-C or the launcher's own exit. */
  killNow(): void;
}

export interface RestartPolicy {
  /** Wait before the first restart; doubled for each crash that follows soon after a start. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process up this long counts as healthy again: its next crash waits `initialDelayMs`. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** Delay before restart number `attempt` (1-based): 1 s, 2 s, 4 s, … up to the maximum. */
export function restartDelay(attempt: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  return Math.min(policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30), policy.maxDelayMs);
}

export interface SupervisorOptions {
  name: string;
  /** Starts a new process (a restart). */
  start: () => SupervisedProcess | Promise<SupervisedProcess>;
  /** Resolves once a restarted process can take traffic; a rejection is logged, the process kept. */
  ready?: (process: SupervisedProcess) => Promise<void>;
  log: (message: string) => void;
  policy?: RestartPolicy;
  /** Grace before SIGKILL when stopping. */
  graceMs?: number;
}

/**
 * Keeps one process running: an unexpected exit is logged and followed by a restart after a
 * back-off, so one crashing service never stops the others and never restarts in a tight loop.
 */
export class Supervisor {
  private current: SupervisedProcess | undefined;
  private startedAt = 0;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Stopped on request (`npm start -- --stop`): no restart until resume(). */
  private held = false;
  /** A process stopping on request, still reached by killNow() until it has exited. */
  private leaving: SupervisedProcess | undefined;
  /** Restarts so far, for the log and for tests. */
  restarts = 0;

  private readonly graceMs: number;
  private readonly policy: RestartPolicy;

  constructor(private readonly options: SupervisorOptions) {
    this.graceMs = options.graceMs ?? 10_000;
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
  }

  get name(): string {
    return this.options.name;
  }

  /** Supervises a process started (and found ready) by the caller. */
  adopt(process: SupervisedProcess): void {
    this.current = process;
    this.startedAt = Date.now();
    void process.exited.then((exit) => this.onExit(process, exit));
  }

  /** Whether it was stopped on request and is kept stopped. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Restarts on request, at once and with the back-off reset; resolves with whether it is ready again. */
  async restart(): Promise<boolean> {
    if (this.stopped) return false;
    this.held = false;
    await this.stopCurrent();
    this.attempt = 0;
    return this.launch();
  }

  /**
   * Stops the process on request and keeps it stopped, a crash-restart pending included, until
   * resume(): an operator restoring its database must not see it come back on its own.
   */
  async hold(): Promise<void> {
    if (this.stopped) return;
    this.held = true;
    await this.stopCurrent();
  }

  /** Starts a process kept stopped by hold(); resolves with whether it is ready. */
  async resume(): Promise<boolean> {
    if (this.stopped || !this.held) return false;
    this.held = false;
    this.attempt = 0;
    return this.launch();
  }

  /** Stops the current process as requested (its exit is expected, not a crash) and cancels a pending restart. */
  private async stopCurrent(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const previous = this.current;
    this.current = undefined;
    if (!previous) return;
    this.leaving = previous;
    try {
      await previous.stop(this.graceMs);
    } finally {
      if (this.leaving === previous) this.leaving = undefined;
    }
  }

  /** No restart from now on; the process keeps running until stop(). */
  stopRestarting(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Stops for good; resolves with how it ended, or undefined when nothing was running. */
  async stop(): Promise<ProcessExit | undefined> {
    this.stopRestarting();
    // Kept as current while it stops, so that killNow() still reaches it.
    return (this.current ?? this.leaving)?.stop(this.graceMs);
  }

  killNow(): void {
    this.stopRestarting();
    this.current?.killNow();
    this.leaving?.killNow();
  }

  private onExit(process: SupervisedProcess, exit: ProcessExit): void {
    if (this.stopped || process !== this.current) return;
    this.current = undefined;
    this.scheduleRestart(`exited (${describeExit(exit)})`, Date.now() - this.startedAt);
  }

  private scheduleRestart(what: string, upMs: number): void {
    this.attempt = upMs >= this.policy.stableAfterMs ? 1 : this.attempt + 1;
    const delay = restartDelay(this.attempt, this.policy);
    const soon =
      this.attempt > 1 ? `; it keeps failing soon after starting, so each wait doubles up to ${formatSeconds(this.policy.maxDelayMs)}` : '';
    this.options.log(
      `${this.name} ${what} after ${formatSeconds(upMs)}; restarting in ${formatSeconds(delay)} (attempt ${this.attempt}${soon}).`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.launch();
    }, delay);
  }

  private async launch(): Promise<boolean> {
    if (this.stopped || this.held) return false;
    const startedAt = Date.now();
    let process: SupervisedProcess;
    try {
      process = await this.options.start();
    } catch (error) {
      if (!this.stopped)
        this.scheduleRestart(`failed to start (${error instanceof Error ? error.message : String(error)})`, Date.now() - startedAt);
      return false;
    }
    if (this.stopped || this.held) {
      await process.stop(this.graceMs);
      return false;
    }
    this.restarts++;
    this.adopt(process);
    try {
      await this.options.ready?.(process);
    } catch (error) {
      // An exit before ready is already handled by onExit; anything else is worth a line.
      if (process === this.current) this.options.log(`${this.name} restarted but is not ready: ${(error as Error).message}`);
      return false;
    }
    if (process !== this.current) return false;
    this.options.log(
      this.options.ready ? `${this.name} is up again (restart ${this.restarts}).` : `${this.name} restarted (restart ${this.restarts}).`,
    );
    return true;
  }
}

/**
 * Shutdown order: the processes of each group together, the groups one after the other (the
 * gateway first so no new requests come in, the database last). No process restarts meanwhile.
 */
export async function stopInOrder(
  groups: readonly (readonly Supervisor[])[],
  report: (name: string, exit: ProcessExit | undefined) => void,
): Promise<void> {
  for (const supervisor of groups.flat()) supervisor.stopRestarting();
  for (const group of groups) {
    await Promise.all(group.map(async (supervisor) => report(supervisor.name, await supervisor.stop())));
  }
}
