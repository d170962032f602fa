import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  query: string;
  /** Extra request headers (e.g. `cache-control: no-cache` to bypass the gateway's response cache). */
  headers?: Record<string, string>;
  connections: number;
  /** Seconds of load before measuring (connections warm, JIT, plan caches). */
  warmupSeconds: number;
  durationSeconds: number;
  /** Called when the warm-up is over and the measured interval begins. */
  onMeasureStart?: () => void;
}

export interface LatencyStats {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LoadResult {
  /** Good answers (HTTP 2xx without GraphQL errors) per second. */
  rps: number;
  /** Milliseconds, over every answer of the measured interval. */
  latency: LatencyStats;
  answers: number;
  /** Answers during the warm-up (not measured; the server did the work all the same). */
  warmupAnswers: number;
  /** Answers with a non-2xx status, with "errors" in the body, connection errors and timeouts. */
  failed: number;
  /** The first failing body, shortened, to say what went wrong. */
  firstFailure: string | null;
  seconds: number;
  /** The measured interval on the machine's monotonic clock (µs), as CPU profiles time their samples. */
  window: { startUs: number; endUs: number };
}

/** Microseconds of CLOCK_MONOTONIC: the clock of V8's CPU profiles, in every process of the machine. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Percentiles by nearest rank over every recorded latency (no histogram bucketing). */
export function latencyStats(samples: Float64Array | number[]): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 };
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { p50: rank(50), p95: rank(95), p99: rank(99), mean: sum / sorted.length, max: sorted[sorted.length - 1]! };
}

/** A GraphQL answer counts as good only without an "errors" member (partial data is a failure here). */
export function isGoodGraphQLBody(body: string): boolean {
  return !body.includes('"errors":') && body.includes('"data":');
}

function run(options: LoadOptions, durationSeconds: number, record: boolean): Promise<LoadResult> {
  const latencies: number[] = [];
  let answered = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const startUs = monotonicUs();
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify({ query: options.query }),
        connections: options.connections,
        duration: durationSeconds,
        timeout: 30,
        verifyBody: (body) => {
          if (isGoodGraphQLBody(body)) return true;
          firstFailure ??= body.slice(0, 400);
          return false;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        failed += result.errors + result.mismatches + result.non2xx;
        const good = Math.max(0, latencies.length - result.mismatches - result.non2xx);
        resolve({
          rps: good / seconds,
          latency: latencyStats(latencies),
          answers: answered,
          warmupAnswers: 0,
          failed,
          firstFailure,
          seconds,
          window: { startUs, endUs: monotonicUs() },
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      answered += 1;
      if (record) latencies.push(responseTime);
    });
    instance.on('reqError', (error: Error) => {
      firstFailure ??= String(error.message);
    });
  });
}

/** Warms up, then measures `durationSeconds` of closed-loop load with `connections` clients. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmupSeconds > 0 ? await run(options, options.warmupSeconds, false) : null;
  options.onMeasureStart?.();
  return { ...(await run(options, options.durationSeconds, true)), warmupAnswers: warmup?.answers ?? 0 };
}
