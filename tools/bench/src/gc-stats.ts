/**
 * Garbage collection of a server over a measured interval, from the totals its preloaded
 * recorder (src/gc-recorder.ts) writes: pause time per 1,000 requests and as a share of the
 * server's CPU time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GC_KINDS, GC_PAUSE_BUCKETS_MS, type GcKind, type GcTotals } from './gc-recorder';

export interface GcInterval {
  /** Seconds between the two readings (about the measured interval). */
  seconds: number;
  /** Pauses in the interval, and their main-thread time (ms). */
  count: number;
  ms: number;
  kinds: Record<GcKind, { count: number; ms: number }>;
  /** Pauses longer than 10 ms in the interval (those reach the latency tail). */
  over10ms: number;
  /** Pause time per 1,000 good answers (ms). */
  msPer1kRequests: number | null;
  /** Pause time as a share of the server's CPU time, in % (the GC's helper threads count as CPU but not as pause). */
  cpuSharePercent: number | null;
  /** The process's memory at the end of the interval (bytes). */
  memoryAtEnd: GcTotals['memory'];
  /** The young generation (V8's new_space) at the end: its size and what it held (bytes). */
  newSpaceAtEnd: { size: number; used: number } | null;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The recorder's file, or null when it is not one (missing fields, half-written). */
export function parseGcTotals(text: string): GcTotals | null {
  let value: Partial<GcTotals>;
  try {
    value = JSON.parse(text) as Partial<GcTotals>;
  } catch {
    return null;
  }
  if (!value || !isNumber(value.pid) || !isNumber(value.atMs) || !isNumber(value.count) || !isNumber(value.ms)) return null;
  if (!value.kinds || !GC_KINDS.every((k) => isNumber(value.kinds?.[k]?.count) && isNumber(value.kinds?.[k]?.ms))) return null;
  if (!Array.isArray(value.pauses) || value.pauses.length !== GC_PAUSE_BUCKETS_MS.length + 1 || !value.pauses.every(isNumber)) return null;
  if (!value.memory || !isNumber(value.memory.rss) || !isNumber(value.memory.heapUsed)) return null;
  return { ...value, spaces: value.spaces ?? {} } as GcTotals;
}

/** Where a process's recorder writes. */
export const gcFileOf = (dir: string, pid: number): string => join(dir, `${pid}.json`);

/** The totals a process's recorder wrote last, or null (no recorder, not written yet). */
export function readGcTotals(dir: string | null, pid: number | null): GcTotals | null {
  if (!dir || pid === null) return null;
  try {
    return parseGcTotals(readFileSync(gcFileOf(dir, pid), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * What happened between two readings. Rates are per second of the readings' own clock (each
 * file is up to 100 ms old when read), then set against the interval's rate of good answers and
 * the server's CPU (% of one core): both are rates too, so the readings need not line up exactly
 * with the interval.
 */
export function gcInterval(start: GcTotals | null, end: GcTotals | null, rps: number, cpuPercent: number | null): GcInterval | null {
  if (!start || !end || start.pid !== end.pid || end.atMs <= start.atMs || end.count < start.count) return null;
  const seconds = (end.atMs - start.atMs) / 1000;
  const ms = end.ms - start.ms;
  const msPerSecond = ms / seconds;
  const kinds = Object.fromEntries(
    GC_KINDS.map((k) => [k, { count: end.kinds[k].count - start.kinds[k].count, ms: end.kinds[k].ms - start.kinds[k].ms }]),
  ) as GcInterval['kinds'];
  const over = GC_PAUSE_BUCKETS_MS.indexOf(10) + 1;
  let over10ms = 0;
  for (let i = over; i < end.pauses.length; i += 1) over10ms += end.pauses[i]! - (start.pauses[i] ?? 0);
  return {
    seconds,
    count: end.count - start.count,
    ms,
    kinds,
    over10ms,
    msPer1kRequests: rps > 0 ? (msPerSecond / rps) * 1000 : null,
    // cpuPercent % of one core is cpuPercent × 10 ms of CPU per second.
    cpuSharePercent: cpuPercent !== null && cpuPercent > 0 ? (100 * msPerSecond) / (cpuPercent * 10) : null,
    memoryAtEnd: end.memory,
    newSpaceAtEnd: end.spaces['new_space'] ?? null,
  };
}
