import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { Counter, Gauge, Registry } from 'prom-client';
import { ConfigError, getEnvBool } from '@hkp/util-env';
import type { GatewayConfig } from './gateway-config';
import { gatewayLogger } from './gateway-logger';
import { metricsAcrossWorkers } from './metrics-across-workers';
import { usageAcrossWorkers } from './usage-across-workers';
import { listenInPrimary, METRICS_KIND, USAGE_KIND } from './worker-messages';

/** A crashed worker is started again after this, doubled at each crash in a row up to RESTART_MAX_MS. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that served this long resets the back-off: its exit is not part of a crash loop. */
const RESTART_RESET_AFTER_MS = 60_000;

/**
 * GATEWAY_WORKERS: how many processes serve the gateway's port. 1 (the default) is one process;
 * `auto` is one per core this process may use (os.availableParallelism); more than one is a
 * primary process forking that many workers (Node's cluster), which share the port.
 */
export function readGatewayWorkers(env: Record<string, string | undefined> = process.env): number {
  const raw = env['GATEWAY_WORKERS']?.trim();
  if (!raw) return 1;
  if (raw.toLowerCase() === 'auto') return availableParallelism();
  if (!/^[1-9][0-9]{0,2}$/.test(raw)) {
    throw new ConfigError(`GATEWAY_WORKERS must be a number of processes (1, 2, …) or auto (one per core), not "${raw}".`);
  }
  return Number(raw);
}

/**
 * Refuses workers that would each keep their own rate limits or response cache: N workers would
 * let a client make N times its allowance (requests are spread over them), and a write through
 * one worker would leave the others serving answers it made stale. With REDIS_URL they share both.
 */
export function requireSharedStateForWorkers(workers: number, config: GatewayConfig): void {
  if (workers <= 1 || config.limits.rateLimit.redisUrl !== undefined) return;
  const perWorker: string[] = [];
  const switchOff: string[] = [];
  if (config.limits.enabled && config.limits.rateLimit.enabled) {
    perWorker.push('the rate limit');
    switchOff.push('RATE_LIMIT_ENABLED=false');
  }
  if (config.responseCache.ttlMs > 0) {
    perWorker.push('the response cache');
    switchOff.push('GATEWAY_RESPONSE_CACHE_TTL_MS=0');
  }
  if (perWorker.length === 0) return;
  throw new ConfigError(
    `GATEWAY_WORKERS=${workers} needs REDIS_URL: without it ${perWorker.join(' and ')} would be kept by each worker on its own. ` +
      `Set REDIS_URL=redis://<host>:6379 so the workers share ${perWorker.length > 1 ? 'them' : 'it'}, turn ${perWorker.length > 1 ? 'them' : 'it'} off (${switchOff.join(', ')}), or run one process (GATEWAY_WORKERS=1).`,
  );
}

/**
 * GATEWAY_WORKER_HEADER=true: every answer names the process that made it in `x-gateway-worker`
 * (its pid, as the primary's log lines name workers), to tell workers apart when debugging.
 */
export function tagAnswersWithWorker(server: Server, env: Record<string, string | undefined> = process.env): void {
  if (!getEnvBool('GATEWAY_WORKER_HEADER', false, env)) return;
  const pid = String(process.pid);
  // Before the gateway's own listener: headers set here are merged into whatever it writes.
  server.prependListener('request', (_req, res) => res.setHeader('x-gateway-worker', pid));
}

export interface GatewayWorkersOptions {
  workers: number;
  /** How long a worker may take to drain after SIGTERM (its drain delay and shutdown timeout). */
  drainMs: number;
}

/** The primary's own metrics, added to the workers' aggregated set. */
function primaryMetrics(workers: () => number) {
  const registry = new Registry();
  const restarts = new Counter({
    name: 'gateway_worker_restarts_total',
    help: 'Gateway workers started again after they exited unexpectedly',
    registers: [registry],
  });
  new Gauge({
    name: 'gateway_workers',
    help: 'Gateway worker processes running',
    registers: [registry],
    collect() {
      this.set(workers());
    },
  });
  return { registry, restarts };
}

/**
 * The primary of GATEWAY_WORKERS > 1: forks the workers (each runs the gateway on the shared
 * port), starts a worker that exits unexpectedly again after a back-off, answers the workers'
 * /metrics and /usage with every worker's, and on SIGTERM or SIGINT has each worker drain as a
 * single gateway does. Resolves with the exit code once every worker has stopped: 0 if all
 * stopped cleanly; 1 if a worker failed before the gateway first served (its error is in its log
 * line) or a stop failed.
 */
export function runGatewayWorkers({ workers, drainMs }: GatewayWorkersOptions): Promise<number> {
  const log = gatewayLogger();
  const own = primaryMetrics(() => Object.keys(cluster.workers ?? {}).length);
  const startedAt = new Map<number, number>();
  let allReady = false;
  let ready = 0;
  let stopping = false;
  let failed = false;
  let crashesInARow = 0;
  const restartTimers = new Set<NodeJS.Timeout>();

  let settle: (code: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));
  const settleIfEmpty = () => {
    if (Object.keys(cluster.workers ?? {}).length === 0 && restartTimers.size === 0) settle(failed ? 1 : 0);
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, `stopping: each gateway worker drains (${signal})`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    // The workers' own last resort is drainMs + 5 s; this is the primary's.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) {
        log.error({ pid: worker?.process.pid }, 'gateway worker did not stop in time; killed');
        worker?.process.kill('SIGKILL');
      }
      failed = true;
    }, drainMs + 10_000).unref();
    settleIfEmpty();
  };

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };

  listenInPrimary(
    {
      [METRICS_KIND]: metricsAcrossWorkers(own.registry),
      [USAGE_KIND]: usageAcrossWorkers(),
    },
    (_worker, url) => {
      // A worker started again logs its own readiness.
      if (allReady) return;
      ready += 1;
      if (ready === workers) {
        allReady = true;
        log.info({ url, workers, pids: Object.values(cluster.workers ?? {}).map((w) => w?.process.pid) }, 'gateway ready');
      }
    },
  );

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const pid = worker.process.pid;
    const servedMs = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (code !== 0) failed = true;
      log.info({ pid, code, signal }, 'gateway worker stopped');
      settleIfEmpty();
      return;
    }
    if (!allReady) {
      // A worker that cannot start (a port in use, no supergraph) logged why; the others would fail alike.
      log.error({ pid, code, signal }, 'a gateway worker exited before the gateway served; stopping the others');
      failed = true;
      stop('SIGTERM');
      return;
    }
    crashesInARow = servedMs >= RESTART_RESET_AFTER_MS ? 0 : crashesInARow + 1;
    const delayMs = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** Math.max(0, crashesInARow - 1));
    own.restarts.inc();
    log.warn(
      { pid, code, signal, restartInMs: delayMs, workers: Object.keys(cluster.workers ?? {}).length },
      `gateway worker ${pid} exited (${signal ?? `code ${code}`}); starting another in ${delayMs} ms`,
    );
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restartTimers.add(timer);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
  log.info({ workers, pid: process.pid }, `starting ${workers} gateway workers`);
  for (let i = 0; i < workers; i++) fork();
  return done;
}
