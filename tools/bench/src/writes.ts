/**
 * The writes of the mixed workload: a department changing one of its measures through the
 * gateway at a steady rate while anonymous clients read (heavy-with-writes). Each write is a real
 * `updateEducationMeasure` with the department's write scope, at the version the last one left;
 * every one must succeed. The measure's field alternates between its own value and a marked one,
 * and is left as it was found.
 */
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, readSigningKey, signToken } from '@hkp/auth';
import { latencyStats, type LatencyStats } from './load';

export interface WriteStats {
  /** Writes sent, and those answered with the measure at the next version. */
  attempted: number;
  succeeded: number;
  failed: number;
  firstFailure: string | null;
  /** Milliseconds per write (the gateway, education, its nudge to the catalog). */
  latency: LatencyStats;
  seconds: number;
  /** Which measure was written. */
  measureId: string;
}

/** The department and field written: education's own measures, its `responsibleBody`. */
export const WRITE_SCOPE = 'education:write';
const READ = `query WriterMeasure { educationMeasures(first: 1) { nodes { id version responsibleBody } } }`;
const WRITE = `mutation BenchWrite($id: ID!, $version: Int!, $body: String!) {
  updateEducationMeasure(id: $id, expectedVersion: $version, input: { responsibleBody: $body }) { version }
}`;
const MARK = '（基准测试写入）';

/** The value the n-th write sets: the marked value on odd writes, the measure's own on even ones. */
export function valueOfWrite(original: string, n: number): string {
  return n % 2 === 1 ? `${original}${MARK}` : original;
}

/** Whether a write's answer is the change made: HTTP 200, no errors, the next version. */
export function writeOutcome(status: number, body: unknown, expectedVersion: number): { ok: true } | { ok: false; reason: string } {
  const answer = body as { data?: { updateEducationMeasure?: { version?: number } | null }; errors?: { message: string }[] } | null;
  if (status !== 200) return { ok: false, reason: `HTTP ${status}: ${JSON.stringify(body)?.slice(0, 300)}` };
  if (answer?.errors?.length) return { ok: false, reason: JSON.stringify(answer.errors).slice(0, 300) };
  const version = answer?.data?.updateEducationMeasure?.version;
  if (version !== expectedVersion + 1) return { ok: false, reason: `version ${version} after a write at ${expectedVersion}` };
  return { ok: true };
}

async function post(url: string, headers: Record<string, string>, query: string, variables?: object) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, 300);
  }
  return { status: response.status, body };
}

export class MeasureWriter {
  private written = 0;
  private running: Promise<void> | null = null;
  private stopping = false;
  private stats: Omit<WriteStats, 'latency' | 'seconds' | 'measureId'> = { attempted: 0, succeeded: 0, failed: 0, firstFailure: null };
  private latencies: number[] = [];
  private started = 0;

  private constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    readonly measureId: string,
    private version: number,
    private readonly original: string,
  ) {}

  /**
   * A token with the department's write scope, signed with the key the stack's services trust
   * (JWT_PRIVATE_KEY, JWT_SECRET or the development key in .data/dev-jwt/, as `npm run token`),
   * and the department's first measure, read fresh through the gateway.
   */
  static async prepare(gatewayUrl: string): Promise<MeasureWriter> {
    // The services run with the development defaults (no NODE_ENV), so the token is signed the same way.
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: undefined };
    const token = await signToken(
      {
        subject: 'bench-writer',
        scopes: [WRITE_SCOPE],
        ttlSeconds: 3600,
        issuer: env['JWT_ISSUER'] || DEFAULT_ISSUER,
        audience: env['JWT_AUDIENCE'] || DEFAULT_AUDIENCE,
      },
      readSigningKey(env),
    );
    const headers = { authorization: `Bearer ${token}`, 'cache-control': 'no-cache' };
    const { status, body } = await post(gatewayUrl, headers, READ);
    const measure = (body as { data?: { educationMeasures?: { nodes?: { id: string; version: number; responsibleBody: string }[] } } })
      ?.data?.educationMeasures?.nodes?.[0];
    if (status !== 200 || !measure) throw new Error(`No education measure to write: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
    return new MeasureWriter(gatewayUrl, headers, measure.id, measure.version, measure.responsibleBody);
  }

  /** One write, at the version the last one left. */
  private async write(value: string): Promise<boolean> {
    this.stats.attempted += 1;
    const started = performance.now();
    try {
      const { status, body } = await post(this.url, this.headers, WRITE, { id: this.measureId, version: this.version, body: value });
      this.latencies.push(performance.now() - started);
      const outcome = writeOutcome(status, body, this.version);
      if (outcome.ok) {
        this.version += 1;
        this.stats.succeeded += 1;
        return true;
      }
      this.stats.firstFailure ??= outcome.reason;
    } catch (error) {
      this.stats.firstFailure ??= (error as Error).message;
    }
    this.stats.failed += 1;
    return false;
  }

  /** Writes `perSecond` times a second (one at a time: each needs the version the last one left) until stop(). */
  start(perSecond: number): void {
    if (this.running) throw new Error('The writer is already running.');
    this.stopping = false;
    this.stats = { attempted: 0, succeeded: 0, failed: 0, firstFailure: null };
    this.latencies = [];
    this.started = performance.now();
    const periodMs = 1000 / perSecond;
    this.running = (async () => {
      for (let n = 0; !this.stopping; n += 1) {
        const due = this.started + n * periodMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (this.stopping) break;
        if (await this.write(valueOfWrite(this.original, this.written + 1))) this.written += 1;
      }
    })();
  }

  async stop(): Promise<WriteStats> {
    this.stopping = true;
    await this.running;
    this.running = null;
    return {
      ...this.stats,
      latency: latencyStats(this.latencies),
      seconds: (performance.now() - this.started) / 1000,
      measureId: this.measureId,
    };
  }

  /** Puts the measure's field back as it was found (when an odd number of writes left it marked); answers why not. */
  async restore(): Promise<string | null> {
    if (this.written % 2 === 0) return null;
    this.stats = { attempted: 0, succeeded: 0, failed: 0, firstFailure: null };
    if (await this.write(this.original)) {
      this.written += 1;
      return null;
    }
    return this.stats.firstFailure ?? 'failed';
  }
}
