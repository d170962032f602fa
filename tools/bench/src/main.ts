import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readGeneratedMeasures } from '@hkp/policy-model';
import { workspaceRoot } from '@hkp/util-env';
import { CostProbe, explain } from './costs';
import { readProfile, summariseProfile, type ProfileWindow } from './cpu-profile';
import { gcInterval, readGcTotals, type GcInterval } from './gc-stats';
import type { GcTotals } from './gc-recorder';
import { growData, totalFor } from './grow-data';
import { readHeapSnapshot, summariseHeapSnapshot, waitForHeapSnapshot } from './heap-snapshot';
import { runLoad, type LoadResult } from './load';
import { parseArgs, USAGE, UsageError, type BenchOptions } from './options';
import { pinProcess, ProcessMonitor, processTree, readMemory } from './proc-stats';
import { postGraphQL, waitUntil } from './processes';
import { DISTURBED_PERCENT, mb, ratio, renderMarkdown } from './report';
import type { BenchResults, Goal, IdleMemory, TargetName, TargetRun, WorkloadRatios, WorkloadResult } from './results';
import { attachStack, startStack, SUBGRAPH_NAMES, type Stack } from './stack';
import { measureNpmStart } from './startup';
import { EXPLAIN_PROBES, PAGE_PROBES, workloadsNamed, type Workload } from './workloads';
import { MeasureWriter, type WriteStats } from './writes';

const started = performance.now();
const say = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

/** Sent with every request to `ours`: measure the gateway's work, not its response cache. */
const BYPASS_CACHE = { 'cache-control': 'no-cache' };

interface Target {
  name: TargetName;
  url: string;
  headers?: Record<string, string>;
  /** The process serving it (gateway, stock gateway or civil-affairs). */
  pid: number | null;
  pinned: string;
}

class Bench {
  private readonly root = workspaceRoot();
  private readonly workDir = join(this.root, 'tmp', 'bench');
  private readonly cores = availableParallelism();
  private readonly loaderCpus: string;
  private readonly gatewayCpus: string;
  private readonly subgraphCpus: string;
  private stack: Stack | null = null;
  private probe: CostProbe | null = null;
  private readonly results: BenchResults;
  /** The measured intervals of every target and workload, for the CPU profiles (summarised per workload). */
  private readonly windows: (ProfileWindow & { target: TargetName; workload: string; scale: number; answers: number })[] = [];
  /** Where `--cpu-prof` profiles go, one folder per gateway. */
  private readonly profileDir: string;
  /** Where the servers under test write their GC totals (src/gc-recorder.ts). */
  private readonly gcDir: string;
  /** Where `--heap-snapshot` snapshots go. */
  private readonly heapDir: string;
  /** The snapshot written, summarised after the stack has stopped (reading it takes memory and CPU). */
  private heapSnapshotFile: string | null = null;
  /** The pids of the profiled gateways (the stack is gone when their profiles are read). */
  private profiled: { ours: number | null; plain: number | null } | null = null;

  constructor(private readonly options: BenchOptions) {
    const pinning = this.cores >= 2;
    this.loaderCpus = process.env['BENCH_LOADER_CPUS'] ?? (pinning ? '0' : '0');
    this.gatewayCpus = process.env['BENCH_GATEWAY_CPUS'] ?? (pinning ? '1' : '0');
    this.subgraphCpus = `0-${this.cores - 1}`;
    const startedAt = new Date().toISOString();
    this.profileDir = join(this.workDir, 'profiles', startedAt.replace(/[:.]/g, '-'));
    this.gcDir = join(this.workDir, 'gc');
    this.heapDir = join(this.workDir, 'heap', startedAt.replace(/[:.]/g, '-'));
    this.results = {
      startedAt,
      finishedAt: '',
      machine: {
        nproc: this.cores,
        memoryBytes: totalmem(),
        cpu: cpus()[0]?.model ?? '?',
        node: process.version,
        kernel: release(),
        loadAverageBefore: loadavg(),
        loadAverageAfter: [],
      },
      options,
      database: '',
      pinning: {
        loader: this.loaderCpus,
        gateways: this.gatewayCpus,
        subgraphs: this.subgraphCpus,
        note: pinning
          ? 'The gateway under test (ours, plain or stock; civil-affairs itself for the direct run) has core ' +
            `${this.gatewayCpus}; the load generator has core ${this.loaderCpus}; the subgraphs and PostgreSQL are not pinned and share both cores.`
          : 'One core only: nothing can be kept apart.',
      },
      idle: null,
      workloads: [],
      nPlusOne: [],
      growth: [],
      explains: [],
      startup: [],
      startupError: null,
      goals: [],
      notes: [
        'Our gateway runs with the development defaults of `npm start`, except RATE_LIMIT_POINTS=100000000 (one load generator is one client) and GATEWAY_MAX_COST=10000000 (the heavy workload is estimated at ~630,000, over the default).',
        '"ours" sends `Cache-Control: no-cache` with every request, so the gateway executes each one (its response cache is bypassed); "cached" sends the same operations as an anonymous client does.',
        '"plain" is the Hive Gateway runtime our gateway is built on, with the same Rust query planner, supergraph file and subgraphs, and none of our plugins (tools/bench/src/plain-gateway.ts); ours / plain is what our features cost.',
        ...(process.env['BENCH_GATEWAY_NODE_OPTIONS']
          ? [`Our gateway and the plain runtime ran with NODE_OPTIONS="${process.env['BENCH_GATEWAY_NODE_OPTIONS']}".`]
          : []),
        ...(options.cpuProf
          ? ['Our gateway and the plain runtime ran under `node --cpu-prof` (the profiler costs both some throughput).']
          : []),
      ],
      failures: [],
      profiles: [],
      heapSnapshot: null,
    };
  }

  async run(): Promise<BenchResults> {
    const { options } = this;
    const workloads = workloadsNamed(options.only);
    const stackOptions = {
      root: this.root,
      workDir: this.workDir,
      logDir: join(this.workDir, 'logs'),
      serverUrl: process.env['BENCH_GATEWAY_URL'] ? undefined : process.env['BENCH_DATABASE_URL'],
      gatewayCpus: this.gatewayCpus,
      subgraphCpus: this.subgraphCpus,
      withStock: options.stock,
      withPlain: options.plain,
      gatewayNodeOptions: process.env['BENCH_GATEWAY_NODE_OPTIONS'],
      profileDir: options.cpuProf ? this.profileDir : undefined,
      gcDir: this.gcDir,
      heapSnapshotDir: options.heapSnapshot ? this.heapDir : undefined,
      log: say,
    };
    const given = process.env['BENCH_GATEWAY_URL'];
    this.stack = given ? await attachStack(stackOptions, given) : await startStack(stackOptions);
    const stack = this.stack;
    if (options.cpuProf && stack.owned) this.profiled = { ours: stack.gateway.pid, plain: stack.plain?.pid ?? null };
    const databaseUrl = stack.database?.url ?? process.env['BENCH_DATABASE_URL'] ?? null;
    this.results.database =
      stack.database?.description ??
      (databaseUrl ? `${new URL(databaseUrl).host} (BENCH_DATABASE_URL, the running stack's)` : 'the running stack’s (unknown)');
    if (!stack.owned) this.results.pinning.note += ` The gateway at ${given} was started elsewhere and is not pinned by this run.`;
    if (stack.stock?.note) this.results.notes.push(stack.stock.note);
    if (options.plain && options.plainOnly)
      this.results.notes.push(`The plain runtime was loaded with ${options.plainOnly.join(', ')} only (--quick).`);

    if (stack.owned) {
      say('Waiting for the catalog to hold every seed measure…');
      await this.waitForCatalog(readGeneratedMeasures().length);
      await new Promise((r) => setTimeout(r, 2000));
      this.results.idle = this.idleMemory();
      say(`Idle: services + database ${mb(this.results.idle.rssTotal)} RSS (${mb(this.results.idle.pssTotal)} PSS).`);
    }

    if (options.costs && databaseUrl) {
      say('Starting the in-process federation that counts subgraph requests and SQL…');
      this.probe = await CostProbe.start(databaseUrl);
      if (!(await this.probe.isQuiet()))
        this.results.failures.push('The in-process federation was not quiet: statement counts may include background work.');
    } else if (options.costs) {
      this.results.failures.push('Requests and SQL per operation not counted: BENCH_DATABASE_URL names no database for the running stack.');
    }

    // From here on this process is the load generator: keep it on its own core.
    if (!pinProcess(process.pid, this.loaderCpus))
      this.results.failures.push(`Could not pin the load generator with taskset -c ${this.loaderCpus}.`);

    for (const workload of workloads) await this.runWorkload(workload, 1, true);
    await this.checkNPlusOne(1);

    if (options.startup && stack.owned && databaseUrl) await this.measureStartup(databaseUrl);

    for (const factor of options.scales) {
      if (!databaseUrl) {
        this.results.failures.push(`--scale ${factor}: no database to grow (set BENCH_DATABASE_URL to the running stack's).`);
        break;
      }
      say(`Growing the data to ${factor}× the seed measures…`);
      const growth = await growData(databaseUrl, factor, (m) => say(`  ${m}`));
      this.results.growth.push(growth);
      await this.waitForCatalog(totalFor(factor));
      say(`The catalog holds ${growth.targetTotal} measures.`);
      for (const workload of workloads.filter((w) => w.scaled)) await this.runWorkload(workload, factor, false);
      await this.checkNPlusOne(factor);
      if (factor === options.scales[options.scales.length - 1]) await this.explainCatalog(databaseUrl, factor);
    }
    this.results.goals = this.goals();
    return this.results;
  }

  private async waitForCatalog(expected: number): Promise<void> {
    let last: unknown;
    await waitUntil(
      `catalog (${expected} measures)`,
      async () => {
        const { body } = await postGraphQL(this.stack!.gateway.url, '{ measures { totalCount } }', 5000);
        last = (body?.data as { measures?: { totalCount: number } } | undefined)?.measures?.totalCount ?? body?.errors;
        return last === expected;
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message} Last answer: ${JSON.stringify(last)}.`);
    });
  }

  private idleMemory(): IdleMemory {
    const stack = this.stack!;
    const processes: IdleMemory['processes'] = [];
    const add = (name: string, pid: number | null) => {
      if (pid === null) return;
      const memory = readMemory(pid);
      if (memory) processes.push({ name, pid, rss: memory.rss, pss: memory.pss });
    };
    add('gateway', stack.gateway.pid);
    for (const name of SUBGRAPH_NAMES) add(name, stack.subgraphs[name].pid);
    const pg = stack.database?.postmasterPid ? processTree(stack.database.postmasterPid) : [];
    let rss = 0;
    let pss = 0;
    for (const pid of pg) {
      const memory = readMemory(pid);
      rss += memory?.rss ?? 0;
      pss += memory?.pss ?? memory?.rss ?? 0;
    }
    if (pg.length) processes.push({ name: `postgres (${pg.length} processes)`, pid: stack.database!.postmasterPid!, rss, pss });
    return {
      processes,
      rssTotal: processes.reduce((sum, p) => sum + p.rss, 0),
      pssTotal: processes.reduce((sum, p) => sum + (p.pss ?? p.rss), 0),
    };
  }

  private targetsFor(workload: Workload, scale: number): Target[] {
    const stack = this.stack!;
    const { options } = this;
    const pinned = stack.owned ? this.gatewayCpus : 'not pinned (started elsewhere)';
    const targets: Target[] = [];
    // The mixed workload reads as the public does (response cache on) while a department writes.
    if (workload.writesPerSecond)
      return scale === 1 && options.cached ? [{ name: 'cached', url: stack.gateway.url, pid: stack.gateway.pid, pinned }] : [];
    if (options.ours) targets.push({ name: 'ours', url: stack.gateway.url, headers: BYPASS_CACHE, pid: stack.gateway.pid, pinned });
    if (scale === 1 && options.cached) targets.push({ name: 'cached', url: stack.gateway.url, pid: stack.gateway.pid, pinned });
    if (stack.plain && (scale === 1 || !options.ours) && (!options.plainOnly || options.plainOnly.includes(workload.name)))
      targets.push({ name: 'plain', url: stack.plain.url, pid: stack.plain.pid, pinned: this.gatewayCpus });
    if (scale === 1 && stack.stock) targets.push({ name: 'stock', url: stack.stock.url, pid: stack.stock.pid, pinned: this.gatewayCpus });
    if (scale === 1 && this.options.direct && workload.name === 'small') {
      const civil = stack.subgraphs['civil-affairs'];
      targets.push({ name: 'direct', url: civil.url, pid: civil.pid, pinned: civil.pid ? this.gatewayCpus : 'not pinned (pid unknown)' });
    }
    return targets;
  }

  /** Every process of the benchmark by group: the gateways, the subgraphs, PostgreSQL's and this one. */
  private groups(gatewayPid: number | null): Record<string, () => number[]> {
    const stack = this.stack!;
    const groups: Record<string, () => number[]> = {};
    if (gatewayPid) groups['gateway'] = () => [gatewayPid];
    for (const name of SUBGRAPH_NAMES) {
      const pid = stack.subgraphs[name].pid;
      if (pid) groups[name] = () => [pid];
    }
    const postmaster = stack.database?.postmasterPid;
    if (postmaster) groups['postgres'] = () => processTree(postmaster);
    groups['loader'] = () => [process.pid];
    return groups;
  }

  private monitorFor(target: Target): ProcessMonitor {
    return new ProcessMonitor(this.groups(target.name !== 'direct' ? target.pid : null));
  }

  /**
   * On a shared machine other people's builds and tests take CPU from the run. Waits (up to
   * --quiet-wait seconds) until processes outside the benchmark use under a quarter of a core,
   * and answers what they used in the last second.
   */
  private async waitForQuiet(): Promise<void> {
    // Without a wait (--quick) there is nothing to sample for: the run measures `others` itself.
    if (this.options.quietWaitSeconds <= 0) return;
    const stack = this.stack!;
    const deadline = Date.now() + this.options.quietWaitSeconds * 1000;
    let others = 0;
    let announced = false;
    for (;;) {
      const groups = this.groups(stack.gateway.pid);
      if (stack.stock?.pid) groups['stock'] = () => [stack.stock!.pid!];
      if (stack.plain?.pid) groups['plain'] = () => [stack.plain!.pid!];
      const monitor = new ProcessMonitor(groups, 1000);
      monitor.start();
      await new Promise((r) => setTimeout(r, 1000));
      others = monitor.stop()['others']?.cpuPercent ?? 0;
      if (others < 25 || Date.now() > deadline) return;
      if (!announced) say(`Other processes use ${others.toFixed(0)} % of a core; waiting for a quieter machine…`);
      announced = true;
    }
  }

  private async runWorkload(workload: Workload, scale: number, withCost: boolean): Promise<void> {
    const result: WorkloadResult = {
      workload: workload.name,
      description: workload.description,
      scale,
      runs: [],
      cost: null,
      ratios: { oursToPlain: null, oursToStock: null, plainToStock: null, cachedToPlain: null, cachedToStock: null },
    };
    this.results.workloads.push(result);
    // The mixed workload reads the heavy operation, counted there.
    if (this.probe && (withCost || workload.scaled) && !workload.writesPerSecond) {
      await this.probe.measure(workload.query); // first run: plans and caches
      result.cost = await this.probe.measure(workload.query);
      if (result.cost.errors.length) this.results.failures.push(`${workload.name} ${scale}× (in-process): ${result.cost.errors[0]}`);
    }
    const targets: { target: Target; run: TargetRun }[] = [];
    for (const target of this.targetsFor(workload, scale)) {
      const run: TargetRun = {
        target: target.name,
        url: target.url,
        pinned: target.pinned,
        check: { bytes: 0, errors: [] },
        load: null,
        processes: {},
        gc: null,
        writes: null,
        samples: [],
      };
      result.runs.push(run);
      try {
        const answer = await postGraphQL(target.url, workload.query, undefined, target.headers);
        run.check.bytes = Buffer.byteLength(answer.text);
        if (answer.status !== 200) run.check.errors.push(`HTTP ${answer.status}`);
        for (const error of answer.body?.errors ?? []) run.check.errors.push(error.message);
        if (!answer.body) run.check.errors.push(`not JSON: ${answer.text.slice(0, 200)}`);
        targets.push({ target, run });
      } catch (error) {
        run.check.errors.push(`unreachable: ${(error as Error).message}`);
        this.fail(target.name, `${workload.name} ${scale}× via ${target.name}: ${run.check.errors[0]}`);
      }
    }
    let writer: MeasureWriter | null = null;
    if (workload.writesPerSecond && targets.length) {
      try {
        writer = await MeasureWriter.prepare(this.stack!.gateway.url);
      } catch (error) {
        this.fail('cached', `${workload.name}: no writer: ${(error as Error).message}`);
        targets.length = 0;
      }
    }
    // Rounds alternate the targets, so a burst of other work on a shared machine hits them alike.
    const samples = new Map<
      TargetRun,
      { load: LoadResult; processes: TargetRun['processes']; gc: GcInterval | null; writes: WriteStats | null }[]
    >();
    for (let round = 1; round <= this.options.repeat; round += 1) {
      for (const { target, run } of targets) {
        // The direct run pins civil-affairs itself where the gateway would be.
        const repin = target.name === 'direct' && target.pid !== null && pinProcess(target.pid, this.gatewayCpus);
        await this.waitForQuiet();
        const monitor = this.monitorFor(target);
        let load: LoadResult | null = null;
        let processes: TargetRun['processes'] = {};
        // The server's GC totals when the measured interval starts and ends (the warm-up left out).
        let gcStart: GcTotals | null = null;
        let gcEnd: GcTotals | null = null;
        let writes: WriteStats | null = null;
        try {
          monitor.start();
          writer?.start(workload.writesPerSecond!);
          load = await runLoad({
            url: target.url,
            query: workload.query,
            headers: target.headers,
            connections: this.options.connections,
            warmupSeconds: this.options.warmupSeconds,
            durationSeconds: this.options.durationSeconds,
            onMeasureStart: () => {
              gcStart = readGcTotals(this.gcDir, target.pid);
            },
          });
          gcEnd = readGcTotals(this.gcDir, target.pid);
        } finally {
          writes = writer ? await writer.stop() : null;
          processes = monitor.stop();
          if (repin) pinProcess(target.pid!, this.subgraphCpus);
        }
        const serverCpu = processes[target.name === 'direct' ? 'civil-affairs' : 'gateway']?.cpuPercent ?? null;
        const gc = gcInterval(gcStart, gcEnd, load.rps, serverCpu);
        if (!gc && this.stack!.owned && target.pid !== null)
          this.note(`No garbage collection totals from the ${target.name} server (pid ${target.pid}) for ${workload.name} ${scale}×.`);
        samples.set(run, [...(samples.get(run) ?? []), { load, processes, gc, writes }]);
        if (
          this.options.heapSnapshot &&
          target.name === 'ours' &&
          workload.name === 'heavy' &&
          scale === 1 &&
          round === this.options.repeat
        )
          await this.takeHeapSnapshot(target, workload.name);
        if (writes && (writes.failed > 0 || writes.succeeded === 0))
          this.fail(
            target.name,
            `${workload.name} ${scale}× via ${target.name}: ${writes.failed} of ${writes.attempted} writes failed${writes.firstFailure ? `; first: ${writes.firstFailure}` : ''}`,
          );
        this.windows.push({ ...load.window, target: target.name, workload: workload.name, scale, answers: load.answers });
        if (load.failed > 0 || run.check.errors.length > 0) {
          this.fail(
            target.name,
            `${workload.name} ${scale}× via ${target.name}: ${load.failed} failed answers; first: ${(run.check.errors[0] ?? load.firstFailure ?? '').slice(0, 300)}`,
          );
        }
        say(
          `${workload.name.padEnd(11)} ${String(scale).padStart(3)}× ${target.name.padEnd(6)}${this.options.repeat > 1 ? ` #${round}` : ''} ${load.rps.toFixed(1).padStart(8)} rps  p50 ${load.latency.p50.toFixed(1)} p95 ${load.latency.p95.toFixed(1)} p99 ${load.latency.p99.toFixed(1)} ms` +
            `  ${(run.check.bytes / 1024).toFixed(1)} KB` +
            (processes['gateway']
              ? `  gateway CPU ${processes['gateway'].cpuPercent.toFixed(0)} %, peak ${mb(processes['gateway'].peakRss)}`
              : '') +
            (gc && gc.msPer1kRequests !== null
              ? `  GC ${gc.msPer1kRequests.toFixed(0)} ms/1k req (${gc.cpuSharePercent?.toFixed(0) ?? '?'} % of CPU)`
              : '') +
            (writes ? `  writes ${writes.succeeded}/${writes.attempted} ok (p50 ${writes.latency.p50.toFixed(0)} ms)` : '') +
            (load.failed ? `  ${load.failed} FAILED` : '') +
            ((processes['others']?.cpuPercent ?? 0) > DISTURBED_PERCENT
              ? `  (disturbed: others used ${processes['others']!.cpuPercent.toFixed(0)} % CPU)`
              : ''),
        );
      }
    }
    for (const { run } of targets) {
      const list = samples.get(run) ?? [];
      // The median round by rate stands for the target; every round is kept in the JSON.
      const median = [...list].sort((a, b) => a.load.rps - b.load.rps)[Math.floor((list.length - 1) / 2)];
      if (!median) continue;
      run.load = median.load;
      run.processes = median.processes;
      run.gc = median.gc;
      const written = list.map((s) => s.writes).filter((w): w is WriteStats => w !== null);
      if (written.length)
        run.writes = {
          ...(median.writes ?? written[0]!),
          attempted: written.reduce((sum, w) => sum + w.attempted, 0),
          succeeded: written.reduce((sum, w) => sum + w.succeeded, 0),
          failed: written.reduce((sum, w) => sum + w.failed, 0),
          firstFailure: written.find((w) => w.firstFailure)?.firstFailure ?? null,
          seconds: written.reduce((sum, w) => sum + w.seconds, 0),
        };
      // The peak RSS is the peak of every round.
      if (run.processes['gateway'])
        run.processes['gateway'] = {
          ...run.processes['gateway'],
          peakRss: Math.max(...list.map((s) => s.processes['gateway']?.peakRss ?? 0)),
        };
      run.samples = list.map((s) => ({
        rps: s.load.rps,
        p50: s.load.latency.p50,
        p95: s.load.latency.p95,
        p99: s.load.latency.p99,
        othersCpuPercent: s.processes['others']?.cpuPercent ?? 0,
        gatewayCpuPercent: s.processes['gateway']?.cpuPercent ?? null,
        gcMsPer1k: s.gc?.msPer1kRequests ?? null,
      }));
    }
    if (writer) {
      const failure = await writer.restore();
      if (failure) this.results.failures.push(`${workload.name}: measure ${writer.measureId} not put back: ${failure}`);
    }
    const heavyStock = this.results.workloads
      .find((w) => w.workload === 'heavy' && w.scale === scale)
      ?.runs.find((r) => r.target === 'stock');
    result.ratios = ratiosOf(result, workload.writesPerSecond ? heavyStock?.load?.rps : undefined);
  }

  /**
   * A heap snapshot of our gateway now (SIGUSR2; it runs with --heapsnapshot-signal), with its RSS
   * and process.memoryUsage() just before. V8 collects garbage first, so the snapshot holds what
   * is live; the gateway is paused while it writes.
   */
  private async takeHeapSnapshot(target: Target, workload: string): Promise<void> {
    const pid = target.pid;
    const result: NonNullable<BenchResults['heapSnapshot']> = {
      workload,
      target: target.name,
      pid: pid ?? 0,
      rss: 0,
      peakRss: 0,
      memoryUsage: null,
      spaces: null,
      summary: null,
      error: null,
    };
    this.results.heapSnapshot = result;
    if (pid === null || !this.stack!.owned) {
      result.error = 'our gateway was not started by this run';
      return;
    }
    const memory = readMemory(pid);
    result.rss = memory?.rss ?? 0;
    result.peakRss = memory?.hwm ?? 0;
    const totals = readGcTotals(this.gcDir, pid);
    result.memoryUsage = totals?.memory ?? null;
    result.spaces = totals?.spaces ?? null;
    say(`Heap snapshot of our gateway (RSS ${mb(result.rss)}, heap used ${mb(totals?.memory.heapUsed)})…`);
    try {
      process.kill(pid, 'SIGUSR2');
      this.heapSnapshotFile = await waitForHeapSnapshot(this.heapDir, pid);
      say(`Heap snapshot: ${this.heapSnapshotFile}`);
    } catch (error) {
      result.error = (error as Error).message;
      this.results.failures.push(`heap snapshot: ${result.error}`);
    }
  }

  /** After the stack has stopped: what the heap snapshot holds, by constructor. */
  summariseHeapSnapshot(): void {
    const result = this.results.heapSnapshot;
    if (!result || !this.heapSnapshotFile) {
      if (this.options.heapSnapshot && !result)
        this.results.failures.push('heap snapshot: not taken (it needs the heavy workload and the ours target).');
      return;
    }
    try {
      result.summary = summariseHeapSnapshot(readHeapSnapshot(this.heapSnapshotFile), this.heapSnapshotFile);
    } catch (error) {
      result.error = `could not read ${this.heapSnapshotFile}: ${(error as Error).message}`;
      this.results.failures.push(`heap snapshot: ${result.error}`);
    }
  }

  /** A note for the report, once. */
  private note(note: string): void {
    if (!this.results.notes.includes(note)) this.results.notes.push(note);
  }

  /** Failures through our gateway, the plain runtime or directly fail the run; the stock gateway's are reported only. */
  private fail(target: TargetName, message: string): void {
    this.results.failures.push(target === 'stock' ? `(stock, reported only) ${message}` : message);
  }

  /**
   * After the stack has stopped (node --cpu-prof writes a profile as the process exits): our
   * gateway's and the plain runtime's profiles, summarised per workload over its measured
   * intervals only (not start-up, warm-ups or the other targets' runs), per 1,000 requests.
   */
  summariseProfiles(): void {
    const pids = this.profiled;
    if (!pids) return;
    for (const [target, dir] of [
      ['ours', 'gateway'],
      ['plain', 'plain-gateway'],
    ] as const) {
      const folder = join(this.profileDir, dir);
      const pid = pids[target];
      const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.cpuprofile')) : [];
      // node names the file CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile.
      const file = files.find((f) => pid !== null && f.split('.')[3] === String(pid)) ?? files[0];
      if (!file) {
        if (pid !== null) this.results.failures.push(`No CPU profile of ${target} in ${folder}.`);
        continue;
      }
      const path = join(folder, file);
      const profile = readProfile(path);
      const runs = this.windows.filter((w) => w.target === target && w.scale === 1);
      for (const workload of [...new Set(runs.map((w) => w.workload))]) {
        const windows = runs.filter((w) => w.workload === workload);
        const requests = windows.reduce((sum, w) => sum + w.answers, 0);
        this.results.profiles.push(summariseProfile(profile, target, path, requests || null, { windows, workload }));
      }
      say(`CPU profile of ${target}: ${path}`);
    }
  }

  private async checkNPlusOne(scale: number): Promise<void> {
    if (!this.probe) return;
    const rows = (data: unknown) => (data as { measures?: { nodes?: unknown[] } } | null)?.measures?.nodes?.length ?? 0;
    for (const probe of PAGE_PROBES) {
      await this.probe.measure(probe.query(1));
      const one = await this.probe.measureWithData(probe.query(1));
      const hundred = await this.probe.measureWithData(probe.query(100));
      const a = one.cost.perSubgraph;
      const b = hundred.cost.perSubgraph;
      const common = Object.keys(a).filter((name) => name in b);
      const check = {
        scale,
        probe: probe.name,
        page1: one.cost,
        page100: hundred.cost,
        rows1: rows(one.data),
        rows100: rows(hundred.data),
        identical: JSON.stringify(a) === JSON.stringify(b),
        identicalWhereBothAsked:
          common.length === Object.keys(a).length && common.every((name) => JSON.stringify(a[name]) === JSON.stringify(b[name])),
      };
      this.results.nPlusOne.push(check);
      say(
        `N+1 check (${probe.name}) at ${scale}×: first 1 → ${one.cost.requests} requests / ${one.cost.sql} SQL, first 100 (${check.rows100} rows) → ${hundred.cost.requests} / ${hundred.cost.sql}: ` +
          (check.identical ? 'identical' : check.identicalWhereBothAsked ? 'identical for every subgraph both asked' : 'DIFFERENT'),
      );
    }
  }

  private async measureStartup(databaseUrl: string): Promise<void> {
    for (const label of ['first start', 'second start (warm)']) {
      say(`Timing npm start (${label})…`);
      try {
        const measurement = await measureNpmStart({
          root: this.root,
          databaseUrl,
          logDir: join(this.workDir, 'logs'),
          settleSeconds: 5,
          label: label.split(' ')[0]!,
        });
        this.results.startup.push({ ...measurement, label });
        say(`npm start ${label}: ready in ${measurement.readySeconds.toFixed(1)} s, idle ${mb(measurement.rssTotal)} RSS`);
      } catch (error) {
        this.results.startupError = (error as Error).message;
        say(`npm start not measured: ${(error as Error).message.split('\n')[0]}`);
        return;
      }
    }
  }

  private async explainCatalog(databaseUrl: string, scale: number): Promise<void> {
    if (!this.probe) return;
    say(`EXPLAIN (ANALYZE, BUFFERS) of the catalog SQL at ${scale}×…`);
    const seen = new Set<string>();
    for (const probe of EXPLAIN_PROBES) {
      const statements = (await this.probe.capture('programme', probe.query)).filter((s) => s.sql.includes('catalog_measures'));
      for (const statement of statements) {
        const key = statement.sql + JSON.stringify(statement.parameters);
        if (seen.has(key)) continue;
        seen.add(key);
        const explained = await explain(databaseUrl, 'programme', probe.name, statement);
        this.results.explains.push({ ...explained, scale });
      }
    }
  }

  private goals(): Goal[] {
    const at1 = (name: string) => this.results.workloads.find((w) => w.workload === name && w.scale === 1);
    const run = (name: string, target: TargetName) => at1(name)?.runs.find((r) => r.target === target);
    const goals: Goal[] = [];

    const heavyOurs = run('heavy', 'ours');
    const heavyStock = run('heavy', 'stock');
    const heavyGoal = (label: string, target: TargetName) => {
      const ours = run('heavy', target);
      const heavyRatio = ratio(ours?.load?.rps, heavyStock?.load?.rps);
      goals.push({
        goal: `heavy ≥ 4× stock @apollo/gateway rps, ${label}`,
        met: heavyRatio === null ? null : heavyRatio >= 4,
        measured:
          heavyRatio === null
            ? 'not run'
            : `${heavyRatio.toFixed(2)}× (${ours!.load!.rps.toFixed(0)} vs ${heavyStock!.load!.rps.toFixed(0)} rps)`,
      });
    };
    heavyGoal('every request executed (response cache bypassed)', 'ours');
    heavyGoal('as anonymous clients meet it (response cache on, the default)', 'cached');

    const mixed = at1('heavy-with-writes');
    const mixedRun = run('heavy-with-writes', 'cached');
    const mixedRatio = mixed?.ratios.cachedToStock ?? null;
    goals.push({
      goal: 'cached with writes (heavy read anonymously, one write a second) ≥ 10× stock @apollo/gateway heavy rps, every write succeeding',
      met: mixedRatio === null || !mixedRun?.writes ? null : mixedRatio >= 10 && mixedRun.writes.failed === 0,
      measured:
        mixedRatio === null || !mixedRun?.writes
          ? mixedRun?.load
            ? `${mixedRun.load.rps.toFixed(0)} rps; no stock heavy run to compare with`
            : 'not run'
          : `${mixedRatio.toFixed(2)}× (${mixedRun.load!.rps.toFixed(0)} vs ${heavyStock!.load!.rps.toFixed(0)} rps), writes ${mixedRun.writes.succeeded} of ${mixedRun.writes.attempted} succeeded`,
    });

    const compared = this.results.workloads.filter((w) => w.scale === 1 && w.ratios.oursToPlain !== null);
    goals.push({
      goal: 'ours ≥ 0.9× plain runtime rps on every workload, executed (what our features cost)',
      met: compared.length === 0 ? null : compared.every((w) => w.ratios.oursToPlain! >= 0.9),
      measured: compared.length === 0 ? 'not run' : compared.map((w) => `${w.workload} ${w.ratios.oursToPlain!.toFixed(2)}×`).join(', '),
    });

    const smallOurs = run('small', 'ours')?.load;
    const smallDirect = run('small', 'direct')?.load;
    const rpsRatio = ratio(smallOurs?.rps, smallDirect?.rps);
    const p95Ratio = ratio(smallOurs?.latency.p95, smallDirect?.latency.p95);
    goals.push({
      goal: 'small ≥ 0.5× direct rps and p95 ≤ 2× direct',
      met: rpsRatio === null || p95Ratio === null ? null : rpsRatio >= 0.5 && p95Ratio <= 2,
      measured:
        rpsRatio === null || p95Ratio === null
          ? 'not run'
          : `rps ${rpsRatio.toFixed(2)}× (${smallOurs!.rps.toFixed(0)} vs ${smallDirect!.rps.toFixed(0)}), p95 ${p95Ratio.toFixed(2)}× (${smallOurs!.latency.p95.toFixed(2)} vs ${smallDirect!.latency.p95.toFixed(2)} ms)`,
    });

    const checks = this.results.nPlusOne;
    const strict = checks.filter((c) => c.probe !== 'cross');
    goals.push({
      goal: 'subgraph requests and SQL per operation identical for a page of 1 and of 100',
      met: checks.length === 0 ? null : strict.every((c) => c.identical) && checks.every((c) => c.identicalWhereBothAsked),
      measured:
        checks.length === 0
          ? 'not run'
          : checks
              .map(
                (c) =>
                  `${c.probe} ${c.scale}× (1 vs ${c.rows100} rows): ${c.page1.requests}/${c.page1.sql} vs ${c.page100.requests}/${c.page100.sql} requests/SQL` +
                  (c.identical
                    ? ''
                    : c.identicalWhereBothAsked
                      ? ' (page of 1 has no measure of some departments, which are then not asked; the same for every subgraph both ask)'
                      : ' – differ'),
              )
              .join('; '),
    });

    const warm = this.results.startup.find((s) => s.label.startsWith('second')) ?? this.results.startup[this.results.startup.length - 1];
    goals.push({
      goal: '`npm start` warm to ready ≤ 15 s',
      met: warm ? warm.readySeconds <= 15 : null,
      measured: warm ? `${warm.readySeconds.toFixed(1)} s (database already running)` : (this.results.startupError ?? 'not run'),
    });

    const idle = this.results.idle;
    goals.push({
      goal: 'all services + database ≤ 1 GiB RSS at idle',
      met: idle ? idle.rssTotal <= 1024 ** 3 : null,
      measured: idle ? `${mb(idle.rssTotal)} RSS summed over ${idle.processes.length} entries (PSS ${mb(idle.pssTotal)})` : 'not run',
    });

    const peak = heavyOurs?.processes['gateway']?.peakRss;
    goals.push({
      goal: 'gateway ≤ 300 MB RSS under heavy load',
      met: peak === undefined ? null : peak <= 300 * 1024 * 1024,
      measured: peak === undefined ? 'not run' : `peak ${mb(peak)}`,
    });
    return goals;
  }

  async stop(): Promise<void> {
    await this.probe?.stop().catch(() => undefined);
    this.probe = null;
    await this.stack?.stop().catch(() => undefined);
    this.stack = null;
  }

  get partialResults(): BenchResults {
    return this.results;
  }
}

/** `stockRps`: the stock rate to hold "cached" against when the workload has no stock run of its own (heavy-with-writes). */
function ratiosOf(result: WorkloadResult, stockRps?: number): WorkloadRatios {
  const rate = (target: TargetName) => result.runs.find((r) => r.target === target)?.load?.rps;
  return {
    oursToPlain: ratio(rate('ours'), rate('plain')),
    oursToStock: ratio(rate('ours'), rate('stock')),
    plainToStock: ratio(rate('plain'), rate('stock')),
    cachedToPlain: ratio(rate('cached'), rate('plain')),
    cachedToStock: ratio(rate('cached'), rate('stock') ?? stockRps),
  };
}

function write(results: BenchResults, outBase: string): void {
  mkdirSync(dirname(outBase), { recursive: true });
  writeFileSync(`${outBase}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${outBase}.md`, renderMarkdown(results));
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const root = workspaceRoot();
  const outBase = options.out
    ? resolve(options.out)
    : join(root, 'tmp', 'bench', 'results', new Date().toISOString().replace(/[:.]/g, '-'));
  const bench = new Bench(options);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping everything…`);
      void bench.stop().then(() => process.exit(130));
    });
  }
  let code = 0;
  try {
    const results = await bench.run();
    results.finishedAt = new Date().toISOString();
    results.machine.loadAverageAfter = loadavg();
    await bench.stop();
    bench.summariseProfiles();
    bench.summariseHeapSnapshot();
    write(results, outBase);
    console.log(`\n${renderMarkdown(results)}`);
    say(`Results: ${outBase}.md and .json`);
    code = results.failures.some((f) => !f.startsWith('(stock')) ? 1 : 0;
  } catch (error) {
    console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
    await bench.stop();
    const partial = bench.partialResults;
    partial.failures.push(`aborted: ${(error as Error).message}`);
    write(partial, outBase);
    code = 1;
  }
  if (code !== 0) say('Some workloads failed (see "Failures" above).');
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
