import type { OperationCost } from './costs';
import { compareLocations, type ProfileEntry, type ProfileSummary } from './cpu-profile';
import type { BenchResults, Goal, TargetRun, WorkloadResult } from './results';
import { SUBGRAPH_START_ORDER } from '@hkp/departments';

const MB = 1024 * 1024;

/** A run during which processes outside the benchmark used more than this (% of a core) is flagged ⚠. */
export const DISTURBED_PERCENT = 30;

export const mb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '–' : `${Math.round(bytes / MB)} MB`;
const kb = (bytes: number): string => (bytes >= 10_240 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);
const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const rps = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const pct = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(0)} %`);

export function ratio(a: number | undefined, b: number | undefined): number | null {
  return a !== undefined && b !== undefined && b > 0 ? a / b : null;
}

function runOf(result: WorkloadResult | undefined, target: string): TargetRun | undefined {
  return result?.runs.find((r) => r.target === target);
}

/** `1,234 rps, p50/p95/p99 2.1/3.4/5.0 ms` or the errors a run answered with. */
function loadCell(run: TargetRun | undefined): { rps: string; latency: string } {
  if (!run) return { rps: '–', latency: '–' };
  if (!run.load) return { rps: 'not run', latency: run.check.errors[0]?.slice(0, 80) ?? '–' };
  const failed = run.load.failed > 0 || run.check.errors.length > 0 ? ' ✗' : '';
  const disturbed = (run.processes['others']?.cpuPercent ?? 0) > DISTURBED_PERCENT ? ' ⚠' : '';
  const rates = run.samples.map((s) => s.rps);
  const range = rates.length > 1 ? ` (${rps(Math.min(...rates))}–${rps(Math.max(...rates))})` : '';
  return {
    rps: `${rps(run.load.rps)}${range}${failed}${disturbed}`,
    latency: `${ms(run.load.latency.p50)} / ${ms(run.load.latency.p95)} / ${ms(run.load.latency.p99)}`,
  };
}

export function costCell(cost: OperationCost | null): { requests: string; sql: string } {
  if (!cost) return { requests: '–', sql: '–' };
  const detail = (key: 'requests' | 'sql') =>
    Object.entries(cost.perSubgraph)
      .filter(([, c]) => c[key] > 0)
      .map(([name, c]) => `${name} ${c[key]}`)
      .join(', ');
  return { requests: `${cost.requests} (${detail('requests')})`, sql: `${cost.sql} (${detail('sql')})` };
}

function ratioText(value: number | null, ok = true): string {
  if (value === null) return '–';
  return `${value.toFixed(2)}×${ok ? '' : ' ✗'}`;
}

function mainTable(results: BenchResults): string[] {
  const lines = [
    '| workload | response | ours rps | ours p50 / p95 / p99 ms | gateway CPU | gateway peak RSS | stock rps | stock p50 / p95 / p99 ms | stock CPU | stock peak RSS | ours / stock rps |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  // The mixed workload (cached with writes only) has its own table.
  for (const result of results.workloads.filter((w) => w.scale === 1 && (runOf(w, 'ours') || runOf(w, 'stock')))) {
    const ours = runOf(result, 'ours');
    const stock = runOf(result, 'stock');
    const o = loadCell(ours);
    const s = loadCell(stock);
    lines.push(
      `| ${result.workload} | ${ours ? kb(ours.check.bytes) : '–'} | ${o.rps} | ${o.latency} | ${pct(ours?.processes['gateway']?.cpuPercent)} | ${mb(ours?.processes['gateway']?.peakRss)} | ${s.rps} | ${s.latency} | ${pct(stock?.processes['gateway']?.cpuPercent)} | ${mb(stock?.processes['gateway']?.peakRss)} | ${ratioText(ratio(ours?.load?.rps, stock?.load?.rps), isClean(stock))} |`,
    );
  }
  return lines;
}

/**
 * Milliseconds of the gateway's CPU per answer: what a request costs it, whatever the rate (on a
 * busy machine steadier than the rate). The median over the rounds.
 */
export function cpuPerRequest(run: TargetRun | undefined): number | null {
  const rounds = (run?.samples ?? [])
    .filter((s) => s.gatewayCpuPercent !== null && s.gatewayCpuPercent !== undefined && s.rps > 0)
    .map((s) => (s.gatewayCpuPercent! * 10) / s.rps)
    .sort((a, b) => a - b);
  if (rounds.length) return rounds[Math.floor((rounds.length - 1) / 2)]!;
  const cpu = run?.processes['gateway']?.cpuPercent;
  return cpu === undefined || !run?.load?.rps ? null : (cpu * 10) / run.load.rps;
}

/**
 * GC pause time of the server under test per 1,000 answers: the median over the rounds (as CPU
 * per request), else the median round's.
 */
export function gcPer1k(run: TargetRun | undefined): number | null {
  const rounds = (run?.samples ?? [])
    .map((s) => s.gcMsPer1k)
    .filter((v): v is number => v !== null && v !== undefined)
    .sort((a, b) => a - b);
  if (rounds.length) return rounds[Math.floor((rounds.length - 1) / 2)]!;
  return run?.gc?.msPer1kRequests ?? null;
}

const gcCell = (run: TargetRun | undefined): string => {
  const value = gcPer1k(run);
  return value === null ? '–' : ms(value);
};

/** Garbage collection in the server under test of every run (the gateway; civil-affairs for direct). */
function gcTable(results: BenchResults): string[] {
  const rows = results.workloads.flatMap((w) => w.runs.filter((r) => r.load).map((run) => ({ w, run })));
  if (!rows.some(({ run }) => run.gc)) return [];
  const lines = [
    '| workload | target | server | GC ms per 1,000 requests | GC share of server CPU | pauses per 1,000 requests (minor / major / incremental) | mean pause minor / major ms | pauses > 10 ms | heap used / total, external, RSS at end | young generation (new space) at end |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { w, run } of rows) {
    const gc = run.gc;
    const server =
      run.target === 'direct'
        ? 'civil-affairs'
        : run.target === 'stock'
          ? 'stock gateway'
          : run.target === 'plain'
            ? 'plain runtime'
            : 'our gateway';
    const label = `| ${w.workload} ${w.scale}× | ${run.target} | ${server} |`;
    if (!gc || !run.load?.rps) {
      lines.push(`${label} – | – | – | – | – | – | – |`);
      continue;
    }
    const per1k = (count: number) => ((count / gc.seconds / run.load!.rps) * 1000).toFixed(1);
    const mean = (k: { count: number; ms: number }) => (k.count ? ms(k.ms / k.count) : '–');
    const m = gc.memoryAtEnd;
    lines.push(
      `${label} ${gcPer1k(run) === null ? '–' : ms(gcPer1k(run)!)} | ${gc.cpuSharePercent === null ? '–' : `${gc.cpuSharePercent.toFixed(1)} %`} | ` +
        `${per1k(gc.kinds.minor.count)} / ${per1k(gc.kinds.major.count)} / ${per1k(gc.kinds.incremental.count)} | ${mean(gc.kinds.minor)} / ${mean(gc.kinds.major)} | ${gc.over10ms} | ` +
        `${mb(m.heapUsed)} / ${mb(m.heapTotal)}, ${mb(m.external)}, ${mb(m.rss)} | ${gc.newSpaceAtEnd ? `${mb(gc.newSpaceAtEnd.size)}` : '–'} |`,
    );
  }
  return lines;
}

/** What our features cost: our gateway executing every request against the plain runtime. */
function plainTable(results: BenchResults): string[] {
  const rows = results.workloads.filter((w) => w.scale === 1 && runOf(w, 'plain'));
  if (rows.length === 0) return [];
  const lines = [
    '| workload | plain rps | plain p50 / p95 / p99 ms | plain CPU | plain peak RSS | ours rps | **ours / plain rps** | ours / plain p95 | gateway CPU per request, ours / plain | GC ms per 1,000 requests, ours / plain | plain / stock rps |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of rows) {
    const plain = runOf(result, 'plain');
    const ours = runOf(result, 'ours');
    const p = loadCell(plain);
    const o = loadCell(ours);
    const oursCpu = cpuPerRequest(ours);
    const plainCpu = cpuPerRequest(plain);
    const perRequest =
      oursCpu === null || plainCpu === null ? '–' : `${ms(oursCpu)} / ${ms(plainCpu)} ms (${ratioText(ratio(oursCpu, plainCpu))})`;
    lines.push(
      `| ${result.workload} | ${p.rps} | ${p.latency} | ${pct(plain?.processes['gateway']?.cpuPercent)} | ${mb(plain?.processes['gateway']?.peakRss)} | ${o.rps} | **${ratioText(result.ratios.oursToPlain, (result.ratios.oursToPlain ?? 1) >= 0.9)}** | ${ratioText(ratio(ours?.load?.latency.p95, plain?.load?.latency.p95))} | ${perRequest} | ${gcCell(ours)} / ${gcCell(plain)} | ${ratioText(result.ratios.plainToStock, isClean(runOf(result, 'stock')))} |`,
    );
  }
  return lines;
}

const isClean = (run: TargetRun | undefined): boolean => !run || (!!run.load && run.load.failed === 0 && run.check.errors.length === 0);

/** The mixed workload: anonymous heavy reads through the response cache while a department writes. */
function writesTable(results: BenchResults): string[] {
  const rows = results.workloads.filter((w) => w.scale === 1 && runOf(w, 'cached')?.writes);
  if (rows.length === 0) return [];
  const heavy = results.workloads.find((w) => w.scale === 1 && w.workload === 'heavy');
  const without = runOf(heavy, 'cached');
  const stock = runOf(heavy, 'stock');
  const lines = [
    '| workload | cached with writes rps | p50 / p95 / p99 ms | gateway CPU | writes succeeded / sent | write p50 / max ms | cached heavy without writes rps | with / without writes | **with writes / stock heavy** |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of rows) {
    const run = runOf(result, 'cached')!;
    const c = loadCell(run);
    const w = run.writes!;
    const stockRatio = result.ratios.cachedToStock;
    lines.push(
      `| ${result.workload} | ${c.rps} | ${c.latency} | ${pct(run.processes['gateway']?.cpuPercent)} | ${w.succeeded} / ${w.attempted}${w.failed ? ` ✗ (${w.failed} failed)` : ''} | ${ms(w.latency.p50)} / ${ms(w.latency.max)} | ${without?.load ? rps(without.load.rps) : '–'} | ${ratioText(ratio(run.load?.rps, without?.load?.rps))} | **${ratioText(stockRatio, stockRatio === null || (stockRatio >= 10 && isClean(stock)))}** |`,
    );
  }
  return lines;
}

/** Our gateway as anonymous clients meet it: the same operations, answered from the response cache. */
function cachedTable(results: BenchResults): string[] {
  const rows = results.workloads.filter((w) => w.scale === 1 && runOf(w, 'cached') && !runOf(w, 'cached')!.writes);
  if (rows.length === 0) return [];
  const lines = [
    '| workload | cached rps | cached p50 / p95 / p99 ms | gateway CPU | gateway peak RSS | cached / ours (executed) rps | cached / plain rps | cached / stock rps |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of rows) {
    const cached = runOf(result, 'cached');
    const c = loadCell(cached);
    const stock = runOf(result, 'stock');
    lines.push(
      `| ${result.workload} | ${c.rps} | ${c.latency} | ${pct(cached?.processes['gateway']?.cpuPercent)} | ${mb(cached?.processes['gateway']?.peakRss)} | ${ratioText(ratio(cached?.load?.rps, runOf(result, 'ours')?.load?.rps))} | ${ratioText(result.ratios.cachedToPlain)} | ${ratioText(ratio(cached?.load?.rps, stock?.load?.rps), isClean(stock))} |`,
    );
  }
  return lines;
}

function directTable(results: BenchResults): string[] {
  const small = results.workloads.find((w) => w.scale === 1 && w.workload === 'small');
  const ours = runOf(small, 'ours');
  const direct = runOf(small, 'direct');
  if (!ours || !direct) return [];
  const o = loadCell(ours);
  const d = loadCell(direct);
  return [
    '| small workload | rps | p50 / p95 / p99 ms | server CPU | GC ms per 1,000 requests (server under test) | ratio ours / direct |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| through our gateway | ${o.rps} | ${o.latency} | gateway ${pct(ours.processes['gateway']?.cpuPercent)}, civil-affairs ${pct(ours.processes['civil-affairs']?.cpuPercent)} | gateway ${gcCell(ours)} | rps ${ratioText(ratio(ours.load?.rps, direct.load?.rps))}, p95 ${ratioText(ratio(ours.load?.latency.p95, direct.load?.latency.p95))} |`,
    `| directly at civil-affairs | ${d.rps} | ${d.latency} | civil-affairs ${pct(direct.processes['civil-affairs']?.cpuPercent)} | civil-affairs ${gcCell(direct)} | |`,
  ];
}

function cpuTable(results: BenchResults): string[] {
  const names = ['gateway', ...SUBGRAPH_START_ORDER, 'postgres', 'loader', 'others', 'machine'];
  const lines = [`| workload | target | ${names.join(' | ')} |`, `| --- | --- | ${names.map(() => '---:').join(' | ')} |`];
  for (const result of results.workloads) {
    for (const run of result.runs) {
      if (!run.load) continue;
      lines.push(
        `| ${result.workload} ${result.scale}× | ${run.target} | ${names.map((n) => pct(run.processes[n]?.cpuPercent)).join(' | ')} |`,
      );
    }
  }
  return lines;
}

function costTable(results: BenchResults): string[] {
  const lines = ['| workload | data | subgraph requests per operation | SQL statements per operation |', '| --- | --- | --- | --- |'];
  for (const result of results.workloads) {
    if (!result.cost) continue;
    const cell = costCell(result.cost);
    lines.push(`| ${result.workload} | ${result.scale}× | ${cell.requests} | ${cell.sql} |`);
  }
  for (const check of results.nPlusOne) {
    for (const [label, cost, rows] of [
      [`N+1 probe ${check.probe}, first: 1`, check.page1, check.rows1],
      [`N+1 probe ${check.probe}, first: 100`, check.page100, check.rows100],
    ] as const) {
      const cell = costCell(cost);
      lines.push(`| ${label} (${rows} rows) | ${check.scale}× | ${cell.requests} | ${cell.sql} |`);
    }
  }
  return lines;
}

function scaleTable(results: BenchResults): string[] {
  const scales = [...new Set(results.workloads.map((w) => w.scale))].sort((a, b) => a - b);
  if (scales.length < 2) return [];
  const names = [...new Set(results.workloads.filter((w) => w.scale > 1).map((w) => w.workload))];
  const lines = [
    `| workload | ${scales.map((s) => `${s}× rps | ${s}× p50 / p95 / p99 ms`).join(' | ')} |`,
    `| --- | ${scales.map(() => '---: | ---:').join(' | ')} |`,
  ];
  for (const name of names) {
    const cells = scales.map((scale) => {
      const cell = loadCell(
        runOf(
          results.workloads.find((w) => w.workload === name && w.scale === scale),
          'ours',
        ),
      );
      return `${cell.rps} | ${cell.latency}`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  const totals = results.growth.map(
    (g) =>
      `${g.targetTotal} measures at ${g.targetTotal / g.seedMeasures}× (${g.added} added in ${g.seconds.toFixed(1)} s${g.observations ? ', with yearly target observations' : ''})`,
  );
  if (totals.length) lines.push('', `Data: ${results.growth[0]!.seedMeasures} seed measures at 1×; ${totals.join('; ')}.`);
  return lines;
}

const per1k = (entry: ProfileEntry) => (entry.msPer1k === null ? '–' : ms(entry.msPer1k));

function entryTable(title: string, entries: ProfileEntry[], busyMs: number, limit: number): string[] {
  if (entries.length === 0) return [];
  return [
    `| ${title} | where | ms per 1,000 requests | share of busy time |`,
    '| --- | --- | ---: | ---: |',
    ...entries
      .slice(0, limit)
      .map((e) => `| \`${e.name}\` | ${e.where || '–'} | ${per1k(e)} | ${busyMs > 0 ? ((100 * e.ms) / busyMs).toFixed(1) : '–'} % |`),
  ];
}

/** Where the profiled gateways spend their CPU per workload, and where ours spends more than the plain runtime. */
function profileSection(profiles: ProfileSummary[]): string[] {
  if (profiles.length === 0) return [];
  const out = ['## CPU profiles (`--cpu-prof`)', ''];
  out.push(
    "Each workload's measured intervals only (not start-up, warm-ups or the other targets' runs). Self time: in the function itself; per 1,000 requests answered in those intervals. Full lists in the JSON (`profiles`).",
    '',
  );
  const workloads = [...new Set(profiles.map((p) => p.workload ?? 'whole profile'))];
  for (const workload of workloads) {
    const of = (target: string) => profiles.find((p) => (p.workload ?? 'whole profile') === workload && p.target === target);
    out.push(`### ${workload}`, '');
    for (const p of profiles.filter((q) => (q.workload ?? 'whole profile') === workload)) {
      const busy = p.sampledMs - p.idleMs;
      out.push(
        `- ${p.target}: ${(busy / 1000).toFixed(1)} s busy of ${(p.sampledMs / 1000).toFixed(1)} s, ${p.requests ?? '?'} requests, ` +
          `**${p.busyMsPerRequest === null ? '?' : ms(p.busyMsPerRequest)} ms busy per request**, garbage collection ${busy > 0 ? ((100 * p.gcMs) / busy).toFixed(1) : '?'} %` +
          (p.target === 'ours'
            ? `, with our code (libs/gateway) on the stack ${busy > 0 ? ((100 * p.oursInclusiveMs) / busy).toFixed(1) : '?'} %`
            : '') +
          ` (\`${p.file}\`)`,
      );
    }
    out.push('');
    const ours = of('ours');
    const plain = of('plain');
    if (ours && plain) {
      for (const [by, title] of [
        ['location', 'package or file'],
        ['function', 'function'],
      ] as const) {
        const diff = compareLocations(ours, plain, by).slice(0, by === 'location' ? 12 : 15);
        if (diff.length === 0) continue;
        out.push(
          `| ${title}: where ours spends more | ours ms / 1,000 requests | plain | ours − plain |`,
          '| --- | ---: | ---: | ---: |',
          ...diff.map(
            (d) => `| ${d.where} | ${ms(d.aMsPer1k)} | ${ms(d.bMsPer1k)} | ${d.extraMsPer1k >= 0 ? '+' : ''}${ms(d.extraMsPer1k)} |`,
          ),
          '',
        );
      }
    }
    if (ours) {
      const busy = ours.sampledMs - ours.idleMs;
      out.push(
        ...entryTable('ours: libs/gateway function, self time', ours.oursSelf, busy, 10),
        '',
        ...entryTable(
          'ours: libs/gateway function with what it calls (a hook wrapping a subgraph call includes the call)',
          ours.oursInclusive,
          busy,
          10,
        ),
        '',
      );
    }
  }
  return out;
}

/** Where our gateway's memory goes at the end of the heavy load (`--heap-snapshot`). */
export function heapSection(results: BenchResults): string[] {
  const heap = results.heapSnapshot;
  if (!heap) return [];
  const out = ['## Where the memory goes (`--heap-snapshot`)', ''];
  const m = heap.memoryUsage;
  out.push(
    `Our gateway (pid ${heap.pid}) at the end of the ${heap.workload} load: RSS ${mb(heap.rss)} (peak during the run ${mb(heap.peakRss)})` +
      (m
        ? `; process.memoryUsage(): heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} reserved, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}), so ${mb(heap.rss - m.heapTotal - m.external)} of the RSS is outside V8's heap and external memory (code, the Rust planner, stacks, allocator)`
        : '') +
      '.',
    '',
  );
  if (heap.spaces) {
    out.push(
      '| V8 heap space | size | used |',
      '| --- | ---: | ---: |',
      ...Object.entries(heap.spaces)
        .filter(([, space]) => space.size > 0)
        .map(([name, space]) => `| ${name} | ${mb(space.size)} | ${mb(space.used)} |`),
      '',
    );
  }
  if (heap.error) out.push(`Not summarised: ${heap.error}`, '');
  const summary = heap.summary;
  if (summary) {
    const total = summary.totalSelfSize;
    out.push(
      `The snapshot (\`${summary.file}\`, taken after a full collection: what is live) holds ${summary.nodeCount.toLocaleString('en')} objects, ${mb(total)} self size in all.`,
      '',
      '| constructor or kind | objects | self size | share of the snapshot |',
      '| --- | ---: | ---: | ---: |',
      ...summary.top.map(
        (g) =>
          `| \`${g.name}\` | ${g.count.toLocaleString('en')} | ${(g.selfSize / MB).toFixed(1)} MB | ${((100 * g.selfSize) / total).toFixed(1)} % |`,
      ),
      '',
      `By V8 node type: ${Object.entries(summary.byType)
        .sort((a, b) => b[1] - a[1])
        .map(([type, size]) => `${type} ${(size / MB).toFixed(1)} MB`)
        .join(', ')}.`,
      '',
    );
  }
  return out;
}

function goalTable(goals: Goal[]): string[] {
  return [
    '| goal | status | measured |',
    '| --- | --- | --- |',
    ...goals.map((g) => `| ${g.goal} | ${g.met === null ? 'not measured' : g.met ? 'met' : '**not met**'} | ${g.measured} |`),
  ];
}

export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [];
  out.push(`# Benchmark run ${results.startedAt}`, '');
  out.push(
    `Machine: ${m.nproc} cores (${m.cpu}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${m.node}, Linux ${m.kernel}; load average before ${m.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}, after ${m.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')}.`,
  );
  out.push(`Database: ${results.database}.`);
  out.push(
    `Pinning: load generator \`taskset -c ${results.pinning.loader}\`, gateway under test \`taskset -c ${results.pinning.gateways}\`, subgraphs \`taskset -c ${results.pinning.subgraphs}\`. ${results.pinning.note}`,
  );
  for (const note of results.notes) out.push(`Note: ${note}`);
  out.push(
    `Load: autocannon, ${results.options.connections} connections, ${results.options.warmupSeconds} s warm-up + ${results.options.durationSeconds} s measured per workload and target` +
      (results.options.repeat > 1
        ? `, ${results.options.repeat} rounds alternating the targets: the median round is shown, with the range of the rounds' rates in parentheses; peak RSS is over all rounds.`
        : '.'),
    '',
  );
  out.push('## Goals', '', ...goalTable(results.goals), '');
  out.push('## Throughput and latency (seed data, 1×)', '', ...mainTable(results), '');
  out.push(
    `✗: some answers failed (HTTP error or GraphQL \`errors\`); the rate counts good answers only. ⚠: processes outside the benchmark used over ${DISTURBED_PERCENT} % of a core during the run (see the CPU table).`,
    '',
  );
  const plain = plainTable(results);
  if (plain.length) {
    out.push(
      '## What our features cost: ours against the plain runtime (seed data, 1×)',
      '',
      '"plain" is the Hive Gateway runtime with the same Rust planner on the same supergraph and subgraphs, without our plugins (authentication and authorization, limits, rate limit, response cache, metrics, usage reporting). Both execute every request. Gateway CPU per request is its CPU time divided by the answers (median over the rounds): what one request costs it, whatever the rate.',
      '',
      ...plain,
      '',
    );
  }
  const cached = cachedTable(results);
  if (cached.length) {
    out.push(
      '## Our gateway with its response cache (seed data, 1×)',
      '',
      '"ours" above sends `Cache-Control: no-cache`, so every request is parsed, planned and fetched from the subgraphs. Here the same operations are sent as an anonymous client sends them, and repeats within the cache TTL are answered from the response cache.',
      '',
      ...cached,
      '',
    );
  }
  const writes = writesTable(results);
  if (writes.length) {
    out.push(
      '## Cached with writes: the response cache while a department writes (seed data, 1×)',
      '',
      "The heavy operation read as anonymous clients read it (response cache on) while education changes one of its measures through the gateway once a second (`updateEducationMeasure` with an `education:write` token; the measure is in the heavy answer, so every write must make the cache drop that answer). Every write must succeed; writes are counted over every round, warm-ups included. The ratio to stock is against the heavy workload's stock run, which executes every request.",
      '',
      ...writes,
      '',
    );
  }
  const direct = directTable(results);
  if (direct.length) out.push('## Small workload: gateway vs the subgraph directly', '', ...direct, '');
  const gc = gcTable(results);
  if (gc.length) {
    out.push(
      '## Garbage collection in the server under test',
      '',
      "Counted inside the server (a `PerformanceObserver` on 'gc' entries, preloaded with `--require`): main-thread pause time over the measured interval, per 1,000 good answers and as a share of the server's CPU time (the collector's helper threads are CPU time but no pause). Minor: scavenges of the young generation; major: mark-compact; incremental: marking steps. GC ms per 1,000 requests is the median over the rounds; the rest is the median round's.",
      '',
      ...gc,
      '',
    );
  }
  out.push('## Subgraph requests and SQL statements per operation', '', ...costTable(results), '');
  const scale = scaleTable(results);
  if (scale.length) out.push('## Scale (our gateway)', '', ...scale, '');
  out.push(
    '## CPU per process during each run (% of one core)',
    '',
    '`others`: processes outside the benchmark (a shared machine); `machine`: all busy time of all cores (200 % = both cores busy).',
    '',
    ...cpuTable(results),
    '',
  );
  if (results.idle) {
    out.push('## Memory at idle (benchmark stack)', '', '| process | RSS | PSS |', '| --- | ---: | ---: |');
    for (const p of results.idle.processes) out.push(`| ${p.name} | ${mb(p.rss)} | ${mb(p.pss)} |`);
    out.push(`| **total** | **${mb(results.idle.rssTotal)}** | **${mb(results.idle.pssTotal)}** |`, '');
  }
  if (results.startup.length || results.startupError) {
    out.push('## `npm start`', '');
    for (const s of results.startup) {
      out.push(
        `- ${s.label}: ready in ${s.readySeconds.toFixed(1)} s${s.runnerLine ? ` (runner: "${s.runnerLine}")` : ''}; idle RSS of its ${s.processes.length} processes ${mb(s.rssTotal)} (PSS ${mb(s.pssTotal)}).`,
      );
    }
    if (results.startupError) out.push(`- not measured: ${results.startupError}`);
    out.push('');
  }
  if (results.explains.length) {
    out.push('## Catalog SQL plans', '');
    for (const e of results.explains) {
      const scans = e.seqScans
        .map((s) => `Seq Scan on ${s.table}${s.rowsRemoved !== null ? ` (${s.rowsRemoved} rows removed by filter)` : ''}`)
        .join(', ');
      out.push(
        `### ${e.probe} (${e.scale}×, ${e.executionMs ?? '?'} ms)`,
        '',
        scans ? `Sequential scans: ${scans}.` : 'No sequential scan.',
        '',
      );
      out.push(
        '```sql',
        e.sql.replace(/\s+/g, ' ').trim(),
        `-- parameters: ${JSON.stringify(e.parameters)}`,
        '```',
        '',
        '```',
        e.plan,
        '```',
        '',
      );
    }
  }
  out.push(...profileSection(results.profiles));
  out.push(...heapSection(results));
  if (results.failures.length) out.push('## Failures', '', ...results.failures.map((f) => `- ${f}`), '');
  return `${out.join('\n')}\n`;
}
