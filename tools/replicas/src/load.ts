import autocannon from 'autocannon';
import { percentile } from './exactly-once';

/** One answer (or failure) of the read load, by when it completed. */
interface Sample {
  at: number;
  latencyMs: number;
  ok: boolean;
}

export interface PhaseFigures {
  phase: string;
  seconds: number;
  requests: number;
  failed: number;
  rps: number;
  p50: number;
  p95: number;
}

export interface ReadLoad {
  /** Stops the load; resolves once autocannon has finished. */
  stop(): Promise<void>;
  /** Figures of the answers completed in [from, to). */
  figures(phase: string, from: number, to: number): PhaseFigures;
  /** Failed reads with their reason, for the report (first few). */
  failures(): string[];
}

/**
 * A steady read load (autocannon, POST of one query) through the balancer. Every answer must be
 * 200 with data and no error; anything else (an error status, a GraphQL error, a reset or timeout)
 * is a failed read. Each outcome is kept with its time, so the run can cut it into phases.
 */
export function startReadLoad(url: string, query: string, headers: Record<string, string>, connections: number): ReadLoad {
  const samples: Sample[] = [];
  const reasons: string[] = [];
  // autocannon emits 'response' and then, synchronously, asks verifyBody about that same answer.
  let last: Sample | undefined;
  const instance = autocannon(
    {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
      connections,
      duration: 3600,
      timeout: 10,
      verifyBody: (body: string) => {
        const good = body.startsWith('{"data":') && !body.includes('"errors"');
        if (!good && last?.ok) {
          last.ok = false;
          if (reasons.length < 10) reasons.push(`body: ${body.slice(0, 300)}`);
        }
        return good;
      },
    },
    () => undefined,
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode !== 200 && reasons.length < 10) reasons.push(`HTTP ${statusCode}`);
    last = { at: Date.now(), latencyMs: responseTime, ok: statusCode === 200 };
    samples.push(last);
  });
  instance.on('reqError', (error: Error) => {
    if (reasons.length < 10) reasons.push(`request error: ${error.message}`);
    samples.push({ at: Date.now(), latencyMs: 0, ok: false });
  });
  const done = new Promise<void>((resolve) => instance.once('done', () => resolve()));
  return {
    stop: async () => {
      instance.stop();
      await done;
    },
    failures: () => reasons,
    figures: (phase, from, to) => {
      const inPhase = samples.filter((s) => s.at >= from && s.at < to);
      const latencies = inPhase
        .filter((s) => s.ok)
        .map((s) => s.latencyMs)
        .sort((a, b) => a - b);
      const seconds = Math.max(0.001, (to - from) / 1000);
      return {
        phase,
        seconds: Math.round(seconds * 10) / 10,
        requests: inPhase.length,
        failed: inPhase.filter((s) => !s.ok).length,
        rps: Math.round(inPhase.length / seconds),
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
      };
    },
  };
}
