// Unit tests of the benchmark's pure parts. The benchmark itself (npm run bench) is not part of
// npm test: it needs minutes and a quiet machine.
import { DEPARTMENT_CODES } from '@hkp/departments';
import { executionTimeOf, seqScansOf } from './costs';
import { compareLocations, locationOf, summariseProfile, type CpuProfile } from './cpu-profile';
import { departmentOf, planMeasure } from './grow-data';
import type { GcTotals } from './gc-recorder';
import { gcInterval, parseGcTotals } from './gc-stats';
import { summariseHeapSnapshot, type HeapSnapshot } from './heap-snapshot';
import { isGoodGraphQLBody, latencyStats } from './load';
import { parseArgs, scaleSteps, UsageError } from './options';
import { parseKbField, parseProcStat } from './proc-stats';
import { cpuPerRequest, gcPer1k } from './report';
import type { TargetRun } from './results';
import { gatewayNode, subgraphUrlsOf, supergraphWithUrls } from './stack';
import { workloadsNamed } from './workloads';
import { valueOfWrite, writeOutcome } from './writes';

describe('/proc parsing', () => {
  it('reads ppid and utime + stime after a command name with spaces and parentheses', () => {
    const line = '4242 (node (my) app) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 12345 1000 2000';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, cpuTicks: 300 });
  });

  it('reads kB fields as bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  321000 kB\nVmRSS:\t  300000 kB\n';
    expect(parseKbField(status, 'VmHWM')).toBe(321000 * 1024);
    expect(parseKbField(status, 'VmRSS')).toBe(300000 * 1024);
    expect(parseKbField(status, 'Pss')).toBeNull();
  });
});

describe('load statistics', () => {
  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyStats(samples)).toEqual({ p50: 50, p95: 95, p99: 99, mean: 50.5, max: 100 });
    expect(latencyStats([])).toEqual({ p50: 0, p95: 0, p99: 0, mean: 0, max: 0 });
    expect(latencyStats([7]).p99).toBe(7);
  });

  it('counts an answer with GraphQL errors as failed, even with partial data', () => {
    expect(isGoodGraphQLBody('{"data":{"region":null}}')).toBe(true);
    expect(isGoodGraphQLBody('{"errors":[{"message":"x"}],"data":{"a":1}}')).toBe(false);
    expect(isGoodGraphQLBody('{"errors":[{"message":"x"}]}')).toBe(false);
    expect(isGoodGraphQLBody('<html>')).toBe(false);
  });
});

describe('options', () => {
  it('has a full default and a quick mode without stock gateway, scale or npm start timing', () => {
    expect(parseArgs([])).toMatchObject({ quick: false, stock: true, startup: true, scales: [], durationSeconds: 10 });
    expect(parseArgs(['--quick'])).toMatchObject({ quick: true, stock: false, startup: false, durationSeconds: 2 });
    expect(parseArgs(['--quick', '--stock']).stock).toBe(true);
  });

  it('compares with the plain runtime on every workload, and on heavy alone in quick mode', () => {
    expect(parseArgs([])).toMatchObject({ ours: true, plain: true, plainOnly: undefined });
    expect(parseArgs(['--quick'])).toMatchObject({ plain: true, plainOnly: ['heavy'] });
    expect(parseArgs(['--quick', '--plain']).plainOnly).toBeUndefined();
    expect(parseArgs(['--no-plain']).plain).toBe(false);
  });

  it('selects targets by name', () => {
    expect(parseArgs(['--targets', 'ours,plain'])).toMatchObject({ ours: true, plain: true, cached: false, stock: false, direct: false });
    expect(parseArgs(['--quick', '--targets=plain,stock'])).toMatchObject({ ours: false, plain: true, plainOnly: undefined, stock: true });
    expect(() => parseArgs(['--targets', 'ours,apollo'])).toThrow(/not "apollo"/);
    expect(() => parseArgs(['--targets', ''])).toThrow(UsageError);
  });

  it('takes a heap snapshot only when asked', () => {
    expect(parseArgs([]).heapSnapshot).toBe(false);
    expect(parseArgs(['--heap-snapshot', '--only', 'heavy']).heapSnapshot).toBe(true);
  });

  it('loads the cached gateway too unless told not to', () => {
    expect(parseArgs([]).cached).toBe(true);
    expect(parseArgs(['--no-cached']).cached).toBe(false);
  });

  it('measures every standard size up to the largest asked', () => {
    expect(parseArgs(['--scale', '10']).scales).toEqual([10]);
    expect(parseArgs(['--scale', '100']).scales).toEqual([10, 100]);
    expect(parseArgs(['--scale=10|100']).scales).toEqual([10, 100]);
    expect(scaleSteps([])).toEqual([]);
    expect(() => parseArgs(['--scale', '3'])).toThrow(UsageError);
    expect(() => parseArgs(['--quick', '--scale', '10'])).toThrow(/--quick/);
  });

  it('reads values and names what it does not know', () => {
    expect(parseArgs(['--duration', '5', '--warmup', '0', '--connections', '4', '--only', 'small,heavy', '--no-costs'])).toMatchObject({
      durationSeconds: 5,
      warmupSeconds: 0,
      connections: 4,
      only: ['small', 'heavy'],
      costs: false,
    });
    expect(() => parseArgs(['--durations', '5'])).toThrow(/Unknown argument "--durations"/);
    expect(() => parseArgs(['--duration'])).toThrow(/positive number/);
  });
});

describe('gateway CPU per request', () => {
  const round = (rps: number, gatewayCpuPercent: number | null) => ({
    rps,
    p50: 1,
    p95: 2,
    p99: 3,
    othersCpuPercent: 0,
    gatewayCpuPercent,
    gcMsPer1k: null,
  });
  const run = (samples: TargetRun['samples'], cpuPercent = 50, rps = 100) =>
    ({ samples, load: { rps }, processes: { gateway: { cpuPercent, peakRss: 0 } } }) as unknown as TargetRun;

  it('is the median over the rounds of CPU time per answer', () => {
    // 60 % of a core at 100 rps is 6 ms per request; 20 % at 100 rps 2 ms; 50 % at 50 rps 10 ms.
    expect(cpuPerRequest(run([round(100, 60), round(100, 20), round(50, 50)]))).toBe(6);
  });

  it('falls back to the median round, and has nothing to say without CPU or answers', () => {
    expect(cpuPerRequest(run([round(100, null)], 40, 200))).toBe(2);
    expect(cpuPerRequest(undefined)).toBeNull();
    expect(cpuPerRequest(run([], 40, 0))).toBeNull();
  });
});

describe('garbage collection over a measured interval', () => {
  const totals = (atMs: number, minor: [number, number], major: [number, number], pauses: number[]): GcTotals => ({
    pid: 7,
    atMs,
    count: minor[0] + major[0],
    ms: minor[1] + major[1],
    kinds: {
      minor: { count: minor[0], ms: minor[1] },
      major: { count: major[0], ms: major[1] },
      incremental: { count: 0, ms: 0 },
      weakcb: { count: 0, ms: 0 },
    },
    pauses,
    memory: { rss: 300, heapTotal: 200, heapUsed: 150, external: 20, arrayBuffers: 10 },
    spaces: { new_space: { size: 16, used: 8 } },
  });
  const start = totals(1000, [100, 50], [2, 20], [90, 8, 2, 1, 1, 0, 0]);
  // 10 s later: 200 more scavenges (150 ms) and 3 more mark-compacts (60 ms): 21 ms of pause per second.
  const end = totals(11_000, [300, 200], [5, 80], [250, 30, 15, 5, 3, 2, 0]);

  it('reads the recorder file and refuses what is not one', () => {
    expect(parseGcTotals(JSON.stringify(end))).toEqual(end);
    expect(parseGcTotals(JSON.stringify({ ...end, spaces: undefined }))?.spaces).toEqual({});
    expect(parseGcTotals('{"pid":7,"atMs":1')).toBeNull();
    expect(parseGcTotals(JSON.stringify({ ...end, pauses: [1, 2] }))).toBeNull();
    expect(parseGcTotals(JSON.stringify({ ...end, kinds: { minor: { count: 1, ms: 1 } } }))).toBeNull();
    expect(parseGcTotals('null')).toBeNull();
  });

  it('gives pause time per 1,000 answers and as a share of the server CPU, by kind', () => {
    // 21 ms/s at 300 rps is 70 ms per 1,000 requests; 60 % of a core is 600 ms of CPU per second: 3.5 %.
    const gc = gcInterval(start, end, 300, 60)!;
    expect(gc.seconds).toBe(10);
    expect(gc.count).toBe(203);
    expect(gc.ms).toBe(210);
    expect(gc.msPer1kRequests).toBeCloseTo(70, 10);
    expect(gc.cpuSharePercent).toBeCloseTo(3.5, 10);
    expect(gc.kinds.minor).toEqual({ count: 200, ms: 150 });
    expect(gc.kinds.major).toEqual({ count: 3, ms: 60 });
    // Buckets over 10 ms: (10, 20], (20, 50], > 50.
    expect(gc.over10ms).toBe(2 + 2 + 0);
    expect(gc.memoryAtEnd.heapUsed).toBe(150);
    expect(gc.newSpaceAtEnd).toEqual({ size: 16, used: 8 });
  });

  it('has nothing to say without two readings of one process in order, answers or CPU', () => {
    expect(gcInterval(null, end, 300, 60)).toBeNull();
    expect(gcInterval(start, { ...end, pid: 8 }, 300, 60)).toBeNull();
    expect(gcInterval(end, start, 300, 60)).toBeNull();
    expect(gcInterval(start, end, 0, null)).toMatchObject({ msPer1kRequests: null, cpuSharePercent: null, ms: 210 });
  });

  it('reports the median over the rounds', () => {
    const run = {
      samples: [12, null, 30, 20].map((gcMsPer1k) => ({
        rps: 1,
        p50: 1,
        p95: 1,
        p99: 1,
        othersCpuPercent: 0,
        gatewayCpuPercent: 1,
        gcMsPer1k,
      })),
      gc: { msPer1kRequests: 99 },
    } as unknown as TargetRun;
    expect(gcPer1k(run)).toBe(20);
    expect(gcPer1k({ ...run, samples: [] })).toBe(99);
    expect(gcPer1k(undefined)).toBeNull();
  });
});

describe('the mixed workload', () => {
  it('reads the heavy operation while writing once a second', () => {
    const [mixed] = workloadsNamed(['heavy-with-writes']);
    expect(mixed).toMatchObject({ writesPerSecond: 1, scaled: false, query: workloadsNamed(['heavy'])[0]!.query });
  });

  it('alternates the written value and ends where it began after an even number of writes', () => {
    expect([1, 2, 3, 4].map((n) => valueOfWrite('省教育厅', n))).toEqual([
      '省教育厅（基准测试写入）',
      '省教育厅',
      '省教育厅（基准测试写入）',
      '省教育厅',
    ]);
  });

  it('counts a write as made only when it answers the next version without errors', () => {
    expect(writeOutcome(200, { data: { updateEducationMeasure: { version: 8 } } }, 7)).toEqual({ ok: true });
    expect(writeOutcome(200, { data: { updateEducationMeasure: { version: 7 } } }, 7)).toEqual({
      ok: false,
      reason: 'version 7 after a write at 7',
    });
    expect(writeOutcome(200, { errors: [{ message: 'conflict', extensions: { code: 'CONFLICT' } }], data: null }, 7)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('CONFLICT'),
    });
    expect(writeOutcome(403, { errors: [{ message: 'no' }] }, 7)).toMatchObject({ ok: false, reason: expect.stringMatching(/^HTTP 403/) });
  });
});

describe('heap snapshot summary', () => {
  // Objects of two constructors, two strings, a closure, compiled code and a hidden object; fields as V8 writes them.
  const snapshot: HeapSnapshot = {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [
          [
            'hidden',
            'array',
            'string',
            'object',
            'code',
            'closure',
            'regexp',
            'number',
            'native',
            'synthetic',
            'concatenated string',
            'sliced string',
          ],
        ],
      },
      node_count: 8,
    },
    strings: ['Object', 'Plan', 'hello', 'resolve', 'system / Context', '', 'ab'],
    nodes: [
      [3, 0, 1, 100, 0, 0, 0],
      [3, 0, 3, 50, 0, 0, 0],
      [3, 1, 5, 400, 0, 0, 0],
      [2, 2, 7, 30, 0, 0, 0],
      [10, 6, 9, 20, 0, 0, 0],
      [5, 3, 11, 64, 0, 0, 0],
      [4, 3, 13, 1000, 0, 0, 0],
      [0, 4, 15, 8, 0, 0, 0],
    ].flat(),
  };

  it('groups self size by constructor, strings and code by kind, largest first', () => {
    const summary = summariseHeapSnapshot(snapshot, 'x.heapsnapshot', 4);
    expect(summary).toMatchObject({ file: 'x.heapsnapshot', nodeCount: 8, totalSelfSize: 1672 });
    expect(summary.top).toEqual([
      { name: '(compiled code)', count: 1, selfSize: 1000 },
      { name: 'Plan', count: 1, selfSize: 400 },
      { name: 'Object', count: 2, selfSize: 150 },
      { name: '(closure)', count: 1, selfSize: 64 },
    ]);
    const all = summariseHeapSnapshot(snapshot, 'x').top;
    expect(all.find((g) => g.name === '(string)')).toEqual({ name: '(string)', count: 2, selfSize: 50 });
    expect(all.find((g) => g.name === 'system / Context')).toEqual({ name: 'system / Context', count: 1, selfSize: 8 });
    expect(summary.byType).toEqual({ object: 550, string: 30, 'concatenated string': 20, closure: 64, code: 1000, hidden: 8 });
  });
});

describe('supergraph URLs', () => {
  const sdl = `enum join__Graph {
  CIVIL_AFFAIRS @join__graph(name: "civil-affairs", url: "http://127.0.0.1:4006/graphql")
  EDUCATION @join__graph(name: "education", url: "http://127.0.0.1:4002/graphql")
}`;

  it('points each subgraph at the URL given, leaving the others', () => {
    const moved = supergraphWithUrls(sdl, { 'civil-affairs': 'http://127.0.0.1:5555/graphql' });
    expect(moved).toContain('@join__graph(name: "civil-affairs", url: "http://127.0.0.1:5555/graphql")');
    expect(moved).toContain('@join__graph(name: "education", url: "http://127.0.0.1:4002/graphql")');
  });

  it('reads the URLs back, with <NAME>_URL overrides', () => {
    expect(subgraphUrlsOf(sdl, { EDUCATION_URL: 'http://edu/graphql' })).toEqual({
      'civil-affairs': 'http://127.0.0.1:4006/graphql',
      education: 'http://edu/graphql',
    });
  });
});

describe('gateway node settings', () => {
  it('gives ours and the plain runtime the same V8 settings, and a profile folder each on the command line', () => {
    expect(gatewayNode({}, 'gateway')).toEqual({ env: {}, flags: [] });
    expect(gatewayNode({ gatewayNodeOptions: ' --max-semi-space-size=32 ' }, 'plain-gateway').env).toEqual({
      NODE_OPTIONS: '--max-semi-space-size=32',
    });
    // node refuses --cpu-prof in NODE_OPTIONS.
    expect(gatewayNode({ gatewayNodeOptions: '--max-semi-space-size=32', profileDir: '/tmp/p' }, 'gateway')).toEqual({
      env: { NODE_OPTIONS: '--max-semi-space-size=32' },
      flags: ['--cpu-prof', '--cpu-prof-dir=/tmp/p/gateway'],
    });
  });

  it('preloads the GC recorder through NODE_OPTIONS, after the V8 settings', () => {
    const recording = { dir: '/w/tmp/bench/gc', preload: '/w/tmp/bench/compiled/gc-recorder.js' };
    expect(gatewayNode({ gatewayNodeOptions: '--max-semi-space-size=32' }, 'gateway', recording).env).toEqual({
      NODE_OPTIONS: '--max-semi-space-size=32 --require /w/tmp/bench/compiled/gc-recorder.js',
      BENCH_GC_DIR: '/w/tmp/bench/gc',
    });
    expect(gatewayNode({}, 'gateway', { ...recording, preload: '/my work/gc-recorder.js' }).env['NODE_OPTIONS']).toBe(
      '--require "/my work/gc-recorder.js"',
    );
  });
});

describe('CPU profiles', () => {
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9 });
  // root → handle (runtime) → authorize (ours) → visit (graphql) ; handle → serialize (runtime); idle; GC
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 6, 7] },
      { id: 2, callFrame: frame('handle', 'file:///w/node_modules/@graphql-hive/gateway-runtime/dist/index.js'), children: [3, 5] },
      { id: 3, callFrame: frame('authorize', 'file:///w/dist/libs/gateway/src/gateway-auth.js'), children: [4] },
      { id: 4, callFrame: frame('visit', 'file:///w/node_modules/graphql/language/visitor.js') },
      { id: 5, callFrame: frame('serialize', 'file:///w/node_modules/@graphql-hive/gateway-runtime/dist/index.js') },
      { id: 6, callFrame: frame('(idle)') },
      { id: 7, callFrame: frame('(garbage collector)') },
    ],
    // Each sample lasts until the next one: 1 ms each, the last one 0.
    samples: [3, 4, 4, 5, 6, 6, 7, 2],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    startTime: 0,
    endTime: 8000,
  };

  it('names where code lives: our gateway file, an npm package, node', () => {
    expect(locationOf('file:///w/dist/libs/gateway/src/query-cost.js', 'f')).toBe('libs/gateway/src/query-cost');
    expect(locationOf('/w/libs/gateway/src/query-cost.ts', 'f')).toBe('libs/gateway/src/query-cost');
    expect(locationOf('file:///w/node_modules/@envelop/core/cjs/x.js', 'f')).toBe('@envelop/core');
    expect(locationOf('file:///w/node_modules/a/node_modules/graphql/index.js', 'f')).toBe('graphql');
    expect(locationOf('node:internal/streams/writable', 'write')).toBe('node (built-in and native)');
    expect(locationOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('counts self time, time under our code and per 1,000 requests', () => {
    const summary = summariseProfile(profile, 'ours', 'x.cpuprofile', 2);
    expect(summary).toMatchObject({ sampledMs: 7, idleMs: 2, gcMs: 1, busyMsPerRequest: 2.5, oursInclusiveMs: 3 });
    expect(summary.topFunctions[0]).toEqual({ name: 'visit', where: 'graphql:10', ms: 2, msPer1k: 1000 });
    expect(summary.topFunctions.map((f) => f.name)).not.toContain('(idle)');
    expect(summary.oursSelf).toEqual([{ name: 'authorize', where: 'libs/gateway/src/gateway-auth:10', ms: 1, msPer1k: 500 }]);
    expect(summary.oursInclusive).toEqual([{ name: 'authorize', where: 'libs/gateway/src/gateway-auth:10', ms: 3, msPer1k: 1500 }]);
    expect(summariseProfile(profile, 'ours', 'x', null).busyMsPerRequest).toBeNull();
  });

  it('summarises only the measured intervals it is given', () => {
    // Samples are taken at 0, 1000, 2000 … µs: the window [1000, 3000) holds the two visit samples.
    const summary = summariseProfile(profile, 'ours', 'x', 4, { windows: [{ startUs: 1000, endUs: 3000 }], workload: 'heavy' });
    expect(summary).toMatchObject({ workload: 'heavy', sampledMs: 2, idleMs: 0, busyMsPerRequest: 0.5, oursInclusiveMs: 2 });
    expect(summary.oursSelf).toEqual([]);
  });

  it('says where one gateway spends more than another per 1,000 requests', () => {
    const ours = summariseProfile(profile, 'ours', 'a', 2);
    const plain = summariseProfile({ ...profile, samples: [5, 6, 6, 7, 2], timeDeltas: [0, 1000, 1000, 1000, 1000] }, 'plain', 'b', 2);
    const diff = compareLocations(ours, plain);
    expect(diff[0]).toEqual({ where: 'graphql', aMsPer1k: 1000, bMsPer1k: 0, extraMsPer1k: 1000 });
    expect(diff.find((d) => d.where === 'libs/gateway/src/gateway-auth')?.extraMsPer1k).toBe(500);
    expect(compareLocations(ours, plain, 'function')[0]).toEqual({
      where: '`visit` graphql:10',
      aMsPer1k: 1000,
      bMsPer1k: 0,
      extraMsPer1k: 1000,
    });
  });
});

describe('plans', () => {
  const plan = `Nested Loop  (actual time=13.240..13.248 rows=20.00 loops=1)
  ->  Limit  (actual time=13.233..13.236 rows=20.00 loops=1)
        ->  Seq Scan on catalog_measures c  (cost=0.00..1630.19 rows=14 width=1194) (actual time=0.009..8.103 rows=625.00 loops=1)
              Filter: ((NOT archived) AND (search_text ~~ '%x%'::text))
              Rows Removed by Filter: 5475
              Buffers: shared hit=1525
        ->  Seq Scan on other_table o  (actual time=0.009..8.103 rows=1.00 loops=1)
  ->  Index Scan using catalog_measures_pkey on catalog_measures c2
Planning Time: 0.246 ms
Execution Time: 13.357 ms`;

  it('finds sequential scans with the rows their filter removed', () => {
    expect(seqScansOf(plan)).toEqual([
      { table: 'catalog_measures', rowsRemoved: 5475 },
      { table: 'other_table', rowsRemoved: null },
    ]);
    expect(executionTimeOf(plan)).toBe(13.357);
    expect(seqScansOf('Index Scan using x on y')).toEqual([]);
  });
});

describe('data growth plan', () => {
  const counties = [
    { code: '440103', parent: '440100', level: 'COUNTY', name: '荔湾区' },
    { code: '440104', parent: '440100', level: 'COUNTY', name: '越秀区' },
  ];
  const towns = new Map([['440103', [{ code: '440103001', parent: '440103', level: 'TOWN', name: '沙面街道' }]]]);

  it('spreads measures over the departments, half of them the command office', () => {
    const counts: Record<string, number> = {};
    for (let n = 0; n < 100; n += 1) counts[departmentOf(n).code] = (counts[departmentOf(n).code] ?? 0) + 1;
    expect(counts).toEqual({ PROGRAMME: 50, EDUCATION: 10, HEALTH: 10, TRANSPORT: 10, FINANCE: 10, CIVIL_AFFAIRS: 10 });
    // Every department of the manifest gets generated measures, and nothing else does.
    expect(Object.keys(counts).sort()).toEqual([...DEPARTMENT_CODES].sort());
  });

  it('makes a deterministic county measure with targets, yearly observations and (finance) funding', () => {
    const first = planMeasure(0, counties, towns);
    expect(planMeasure(0, counties, towns)).toEqual(first);
    expect(first.measure).toMatchObject({
      id: 'bench-00000',
      level: 'COUNTY',
      regionCodes: ['440103', '440103001'],
      department: 'PROGRAMME',
    });
    expect(first.targets.map((t) => t.year)).toEqual([2025, 2027]);
    expect(first.targets[1]!.regionCode).toBe('440103001');
    expect(first.observations.map((o) => o.observedOn)).toEqual(['2023', '2024', '2025', '2023', '2024', '2025']);
    const finance = planMeasure(8, counties, towns);
    expect(finance.department.code).toBe('FINANCE');
    expect(finance.fundingLines).toHaveLength(2);
    expect(finance.measure.details).toHaveProperty('fundingLines');
  });
});
