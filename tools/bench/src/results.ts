import type { ExplainedStatement, OperationCost } from './costs';
import type { GrowResult } from './grow-data';
import type { LoadResult } from './load';
import type { BenchOptions } from './options';
import type { ProfileSummary } from './cpu-profile';
import type { GcInterval } from './gc-stats';
import type { GcTotals } from './gc-recorder';
import type { HeapSummary } from './heap-snapshot';
import type { WriteStats } from './writes';
import type { StartupMeasurement } from './startup';

/**
 * `ours`: our gateway executing every request (`Cache-Control: no-cache` bypasses its response
 * cache); `cached`: our gateway as anonymous clients meet it, with the response cache; `plain`:
 * the Hive Gateway runtime with the same Rust planner and none of our plugins (what our features
 * cost); `stock`: @apollo/gateway; `direct`: the subgraph itself.
 */
export type TargetName = 'ours' | 'cached' | 'plain' | 'stock' | 'direct';

export const TARGET_NAMES: readonly TargetName[] = ['ours', 'cached', 'plain', 'stock', 'direct'];

export interface TargetRun {
  target: TargetName;
  url: string;
  /** taskset CPU list of the server under test, or why it is not pinned. */
  pinned: string;
  /** The operation sent once before the load: its size and any errors it answered with. */
  check: { bytes: number; errors: string[] };
  load: LoadResult | null;
  /** CPU % of one core and peak RSS (bytes) of each process group during the measured interval. */
  processes: Record<string, { cpuPercent: number; peakRss: number }>;
  /**
   * Garbage collection in the server under test (the gateway; civil-affairs for the direct run)
   * during the median round's measured interval; null when it ran without the recorder.
   */
  gc: GcInterval | null;
  /**
   * The mixed workload's writes (heavy-with-writes), over every round, warm-ups included: counts
   * summed, latency of the median round's writes; null for the other workloads.
   */
  writes: WriteStats | null;
  /** Every round (--repeat); `load`, `processes` and `gc` are the median round's (by rate). */
  samples: {
    rps: number;
    p50: number;
    p95: number;
    p99: number;
    othersCpuPercent: number;
    gatewayCpuPercent: number | null;
    /** GC pause time of the server under test per 1,000 good answers (ms). */
    gcMsPer1k: number | null;
  }[];
}

export interface HeapSnapshotResult {
  workload: string;
  target: TargetName;
  pid: number;
  /** The process's RSS and its peak (VmHWM) just before the snapshot, bytes. */
  rss: number;
  peakRss: number;
  /** `process.memoryUsage()` and V8's heap spaces just before the snapshot (from the GC recorder). */
  memoryUsage: GcTotals['memory'] | null;
  spaces: GcTotals['spaces'] | null;
  summary: HeapSummary | null;
  error: string | null;
}

export interface WorkloadResult {
  workload: string;
  description: string;
  /** Data size: 1 (seed), 10, 100. */
  scale: number;
  runs: TargetRun[];
  cost: OperationCost | null;
  /** Rate ratios of the median rounds (null when either side was not run). */
  ratios: WorkloadRatios;
}

export interface WorkloadRatios {
  /** What our features cost: ours (executed) / plain runtime. */
  oursToPlain: number | null;
  oursToStock: number | null;
  plainToStock: number | null;
  /** Our response cache against the plain runtime executing every request. */
  cachedToPlain: number | null;
  /** For heavy-with-writes: against the heavy workload's stock run (the stock gateway executing every request). */
  cachedToStock: number | null;
}

export interface NPlusOneCheck {
  scale: number;
  probe: string;
  page1: OperationCost;
  page100: OperationCost;
  rows1: number;
  rows100: number;
  identical: boolean;
  /** Identical for every subgraph both pages asked (a department with no measure on the page of 1 is not asked then). */
  identicalWhereBothAsked: boolean;
}

export interface IdleMemory {
  processes: { name: string; pid: number; rss: number; pss: number | null }[];
  rssTotal: number;
  pssTotal: number;
}

export interface Goal {
  goal: string;
  met: boolean | null;
  measured: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    memoryBytes: number;
    cpu: string;
    node: string;
    kernel: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  options: BenchOptions;
  database: string;
  pinning: { loader: string; gateways: string; subgraphs: string; note: string };
  idle: IdleMemory | null;
  workloads: WorkloadResult[];
  nPlusOne: NPlusOneCheck[];
  growth: GrowResult[];
  explains: (ExplainedStatement & { scale: number })[];
  startup: (StartupMeasurement & { label: string })[];
  startupError: string | null;
  goals: Goal[];
  /** What the run did differently from the standard setup (e.g. for the stock gateway). */
  notes: string[];
  /** Summaries of the gateways' CPU profiles (`--cpu-prof`), ours and plain. */
  profiles: ProfileSummary[];
  /** Our gateway's memory at the end of its heavy load (`--heap-snapshot`). */
  heapSnapshot: HeapSnapshotResult | null;
  failures: string[];
}
