/**
 * Preloaded (`node --require`) into the servers the benchmark loads (our gateway, the plain
 * runtime, the stock gateway, civil-affairs): counts the garbage collector's pauses of the main
 * thread with a `PerformanceObserver` on 'gc' entries and rewrites the running totals, with the
 * process's memory, to `$BENCH_GC_DIR/<pid>.json` every 100 ms. The benchmark reads the file at
 * the start and at the end of each measured interval (src/gc-stats.ts). Without BENCH_GC_DIR it
 * does nothing. Only node's own modules: it is compiled alone to tmp/bench/compiled/.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/** Scavenges of the young generation, mark-compacts, incremental marking steps, weak callbacks. */
export type GcKind = 'minor' | 'major' | 'incremental' | 'weakcb';
export const GC_KINDS: readonly GcKind[] = ['minor', 'major', 'incremental', 'weakcb'];

/** Upper bounds (ms) of the pause histogram; the last bucket holds everything longer. */
export const GC_PAUSE_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 20, 50];

/** What the file holds: totals since the process started (the benchmark takes differences). */
export interface GcTotals {
  pid: number;
  /** When written, in ms of this process's `performance.now()` (only differences mean anything). */
  atMs: number;
  count: number;
  /** Main-thread pause time of every GC, ms. */
  ms: number;
  kinds: Record<GcKind, { count: number; ms: number }>;
  /** Pauses by length: `pauses[i]` counts those ≤ GC_PAUSE_BUCKETS_MS[i] (and above the bucket before); the last counts the rest. */
  pauses: number[];
  /** `process.memoryUsage()` when written, bytes. */
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** V8's heap spaces when written (new_space is the young generation's semi-space), bytes. */
  spaces: Record<string, { size: number; used: number }>;
}

const KIND_OF: Record<number, GcKind> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

function record(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const totals: GcTotals = {
    pid: process.pid,
    atMs: 0,
    count: 0,
    ms: 0,
    kinds: { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 }, incremental: { count: 0, ms: 0 }, weakcb: { count: 0, ms: 0 } },
    pauses: GC_PAUSE_BUCKETS_MS.map(() => 0).concat(0),
    memory: { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 },
    spaces: {},
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KIND_OF[(entry as { detail?: { kind?: number } }).detail?.kind ?? constants.NODE_PERFORMANCE_GC_MINOR] ?? 'minor';
      totals.count += 1;
      totals.ms += entry.duration;
      totals.kinds[kind].count += 1;
      totals.kinds[kind].ms += entry.duration;
      const bucket = GC_PAUSE_BUCKETS_MS.findIndex((limit) => entry.duration <= limit);
      totals.pauses[bucket === -1 ? GC_PAUSE_BUCKETS_MS.length : bucket]! += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const file = join(dir, `${process.pid}.json`);
  const temporary = `${file}.tmp`;
  const write = () => {
    totals.atMs = performance.now();
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    totals.memory = { rss, heapTotal, heapUsed, external, arrayBuffers };
    totals.spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    );
    try {
      // Written aside and renamed: the reader never sees half a file.
      writeFileSync(temporary, JSON.stringify(totals));
      renameSync(temporary, file);
    } catch {
      // The benchmark's folder is gone: nothing to report to.
    }
  };
  write();
  setInterval(write, 100).unref();
}

const dir = process.env['BENCH_GC_DIR'];
if (dir) record(dir);
