import cluster, { type Worker } from 'node:cluster';

/**
 * Messages between the gateway's primary process and its workers (GATEWAY_WORKERS > 1), over
 * Node's cluster IPC channel. A worker asks the primary for something only the primary can see
 * (metrics or usage across every worker); the primary collects each worker's own part.
 */
type WorkerMessage =
  | { hkp: 'ready'; url: string }
  | { hkp: 'ask'; id: number; kind: string; payload?: unknown }
  | { hkp: 'collected'; id: number; result?: unknown; error?: string };
type PrimaryMessage =
  { hkp: 'answer'; id: number; result?: unknown; error?: string } | { hkp: 'collect'; id: number; kind: string; payload?: unknown };

/** What a worker asks the primary for when it answers /metrics: every worker's metrics as one set. */
export const METRICS_KIND = 'metrics';
/** What a worker asks the primary for when it answers /usage, and what the primary collects from each worker. */
export const USAGE_KIND = 'usage';

/** How long a worker waits for the primary, and the primary for the workers' parts. */
export const WORKER_ANSWER_TIMEOUT_MS = 10_000;

const isMessage = (message: unknown): message is { hkp: string } =>
  typeof message === 'object' && message !== null && typeof (message as { hkp?: unknown }).hkp === 'string';

/** Whether this process is one of the gateway's workers (forked by the primary), not a gateway of its own. */
export function isGatewayWorker(): boolean {
  return cluster.isWorker;
}

// ----- In a worker -----

let nextAsk = 0;
const asked = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
const parts = new Map<string, (payload: unknown) => unknown>();
let workerListening = false;

function listenInWorker(): void {
  if (workerListening) return;
  workerListening = true;
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    const m = message as PrimaryMessage;
    if (m.hkp === 'answer') {
      const waiting = asked.get(m.id);
      if (!waiting) return;
      asked.delete(m.id);
      clearTimeout(waiting.timer);
      if (m.error !== undefined) waiting.reject(new Error(m.error));
      else waiting.resolve(m.result);
    } else if (m.hkp === 'collect') {
      const part = parts.get(m.kind);
      void Promise.resolve()
        .then(() => {
          if (!part) throw new Error(`this worker has no ${m.kind} to give`);
          return part(m.payload);
        })
        .then(
          (result) => send({ hkp: 'collected', id: m.id, result }),
          (error: unknown) => send({ hkp: 'collected', id: m.id, error: (error as Error)?.message ?? String(error) }),
        );
    }
  });
  // The channel must not keep a stopping worker alive.
  process.channel?.unref();
}

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

/** Tells the primary this worker serves at `url`. */
export function reportWorkerReady(url: string): void {
  send({ hkp: 'ready', url });
}

/** What only the primary can answer (`kind`: a handler given to `runGatewayWorkers`), such as metrics across every worker. */
export function askPrimary<T>(kind: string, payload?: unknown): Promise<T> {
  listenInWorker();
  const id = nextAsk++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      asked.delete(id);
      reject(new Error(`the gateway's primary process did not answer (${kind}) within ${WORKER_ANSWER_TIMEOUT_MS} ms`));
    }, WORKER_ANSWER_TIMEOUT_MS);
    asked.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
    send({ hkp: 'ask', id, kind, payload });
  });
}

/** This worker's own part of `kind` (its usage counts), which the primary collects from every worker. */
export function givePartToPrimary(kind: string, part: (payload: unknown) => unknown): void {
  parts.set(kind, part);
  listenInWorker();
}

// ----- In the primary -----

export type PrimaryHandler = (payload: unknown) => Promise<unknown>;

let nextCollect = 0;
const collecting = new Map<number, (worker: Worker, result: { result?: unknown; error?: string }) => void>();

/** Answers workers' asks with `handlers`; calls `onReady` when a worker reports it serves. */
export function listenInPrimary(handlers: Record<string, PrimaryHandler>, onReady: (worker: Worker, url: string) => void): void {
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    const m = message as WorkerMessage;
    if (m.hkp === 'ready') onReady(worker, m.url);
    else if (m.hkp === 'collected') collecting.get(m.id)?.(worker, m);
    else if (m.hkp === 'ask') {
      const handler = handlers[m.kind];
      void (handler ? handler(m.payload) : Promise.reject(new Error(`nothing answers ${m.kind}`))).then(
        (result) => worker.isConnected() && worker.send({ hkp: 'answer', id: m.id, result } satisfies PrimaryMessage),
        (error: unknown) =>
          worker.isConnected() &&
          worker.send({ hkp: 'answer', id: m.id, error: (error as Error)?.message ?? String(error) } satisfies PrimaryMessage),
      );
    }
  });
}

/**
 * Every connected worker's part of `kind`. A worker that exits before answering has nothing left
 * to give (its part went with it) and is left out; one that is alive but does not answer in time
 * is named in `missing`.
 */
export function collectFromWorkers<T>(kind: string, payload?: unknown): Promise<{ parts: T[]; missing: number[] }> {
  const id = nextCollect++;
  const waiting = new Map<number, Worker>();
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker?.isConnected()) waiting.set(worker.id, worker);
  }
  return new Promise((resolve, reject) => {
    const got: T[] = [];
    const finish = () => {
      collecting.delete(id);
      cluster.off('exit', onExit);
      clearTimeout(timer);
      resolve({ parts: got, missing: [...waiting.values()].map((w) => w.process.pid ?? -1) });
    };
    const onExit = (worker: Worker) => {
      if (waiting.delete(worker.id) && waiting.size === 0) finish();
    };
    const timer = setTimeout(finish, WORKER_ANSWER_TIMEOUT_MS);
    collecting.set(id, (worker, answer) => {
      if (!waiting.has(worker.id)) return;
      if (answer.error !== undefined) {
        collecting.delete(id);
        cluster.off('exit', onExit);
        clearTimeout(timer);
        reject(new Error(`worker ${worker.process.pid}: ${answer.error}`));
        return;
      }
      waiting.delete(worker.id);
      got.push(answer.result as T);
      if (waiting.size === 0) finish();
    });
    cluster.on('exit', onExit);
    if (waiting.size === 0) finish();
    for (const worker of waiting.values()) worker.send({ hkp: 'collect', id, kind, payload } satisfies PrimaryMessage);
  });
}
