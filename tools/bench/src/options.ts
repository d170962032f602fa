import { TARGET_NAMES, type TargetName } from './results';

export interface BenchOptions {
  quick: boolean;
  /** Data sizes to measure beyond 1× (10, 100), in order. */
  scales: number[];
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Rounds per workload and target, alternating the targets; the median round is reported. */
  repeat: number;
  /** Longest wait, in seconds, for other processes to calm down before a measured interval. */
  quietWaitSeconds: number;
  /** Load our gateway executing every request (the response cache bypassed). */
  ours: boolean;
  /** Compare with the Hive Gateway runtime and Rust planner without our plugins (what our features cost). */
  plain: boolean;
  /** Workloads the plain runtime is loaded with (every one when undefined; quick mode: heavy only). */
  plainOnly?: string[];
  stock: boolean;
  /** Also measure our gateway with its response cache (anonymous requests, as the public meets it). */
  cached: boolean;
  direct: boolean;
  costs: boolean;
  startup: boolean;
  /** Run ours and plain under `--cpu-prof` and summarise where each spends its CPU. */
  cpuProf: boolean;
  /** Take a heap snapshot of our gateway at the end of its heavy load and summarise it. */
  heapSnapshot: boolean;
  /** Workload names to run (all when undefined). */
  only?: string[];
  /** Where to write the results as JSON and Markdown (without extension). */
  out?: string;
  help: boolean;
}

const TARGETS = TARGET_NAMES;
type TargetFlag = TargetName;

export const USAGE = `Usage: npm run bench -- [options]

  --quick              seconds per workload, no stock gateway, plain runtime on heavy only, no scale,
                       no npm start timing (< 1 min)
  --scale 10|100       also grow the data to 10× (and 100×) the seed measures and measure search,
                       roll-up and cross at every size up to it; EXPLAIN the catalog SQL at the largest
  --duration <s>       measured seconds per workload and target (default 10; quick 2)
  --warmup <s>         seconds of load before measuring (default 3; quick 0.5)
  --connections <n>    concurrent connections of the load generator (default 10)
  --repeat <n>         rounds per workload, alternating ours / stock / direct; the median round is
                       reported (default 1; use 3 or more on a shared machine)
  --quiet-wait <s>     before each measured interval, wait up to <s> seconds until processes outside
                       the benchmark use under 25 % of a core (default 120; quick 0)
  --only <a,b>         only these workloads (small, cross, heavy, heavy-with-writes, search-hans,
                       search-hant, rollup); heavy-with-writes is the heavy read anonymously with
                       the response cache on while a department writes once a second (target
                       "cached" only; its ratio to stock is to the heavy workload's stock run)
  --targets <a,b>      only these targets (ours, cached, plain, stock, direct); the same as the
                       --[no-]<target> flags below. Our gateway is started in any case (it tells
                       when the stack is ready)
  --[no-]ours          load our gateway executing every request (default on)
  --[no-]plain         compare with the plain Hive Gateway runtime: the same Rust planner, supergraph
                       and subgraphs, none of our plugins (default on; with --quick, heavy only)
  --[no-]stock         compare with a stock @apollo/gateway (default on; off with --quick)
  --[no-]cached        also load our gateway as anonymous clients meet it, with its response cache;
                       "ours" always sends Cache-Control: no-cache, so every request is executed
                       (default on)
  --[no-]direct        run the small workload directly against civil-affairs (default on)
  --[no-]costs         count subgraph requests and SQL per operation in-process (default on)
  --[no-]startup       time \`npm start\` warm to ready (default on; off with --quick)
  --cpu-prof           run our gateway and the plain runtime with node --cpu-prof (profiles in
                       tmp/bench/profiles/) and report their top functions, per 1,000 requests
  --heap-snapshot      at the end of our gateway's heavy load (executed, last round) take a heap
                       snapshot of it (node --heapsnapshot-signal, in tmp/bench/heap/) and report
                       where the memory goes: self size by constructor, heap against RSS and
                       process.memoryUsage(); best alone: --only heavy --targets ours
  --out <path>         write <path>.json and <path>.md (default tmp/bench/results/<timestamp>)

Environment:
  BENCH_GATEWAY_NODE_OPTIONS  NODE_OPTIONS for our gateway and the plain runtime alike (V8 settings)
  BENCH_GATEWAY_URL    measure a gateway that is already running instead of starting the stack
  BENCH_GATEWAY_PID    its pid, for CPU and memory (default: found from the port)
  BENCH_SUPERGRAPH_PATH  the supergraph that gateway serves (default: supergraph.graphql)
  BENCH_DATABASE_URL   a PostgreSQL server to use (default: an embedded one on a free port)
  BENCH_LOADER_CPUS / BENCH_GATEWAY_CPUS  taskset lists (default 0 and 1)`;

export class UsageError extends Error {}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number.`);
  return n;
}

/** The standard sizes up to the largest one asked for: `--scale 100` measures 10× on the way. */
export function scaleSteps(asked: number[]): number[] {
  if (asked.length === 0) return [];
  for (const factor of asked) if (factor !== 10 && factor !== 100) throw new UsageError(`--scale takes 10 or 100, got ${factor}.`);
  return [10, 100].filter((step) => step <= Math.max(...asked));
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    scales: [],
    durationSeconds: quick ? 2 : 10,
    warmupSeconds: quick ? 0.5 : 3,
    connections: 10,
    repeat: 1,
    quietWaitSeconds: quick ? 0 : 120,
    ours: true,
    plain: true,
    // One short round of the plain runtime keeps it working in CI without passing the minute.
    plainOnly: quick ? ['heavy'] : undefined,
    stock: !quick,
    cached: true,
    direct: true,
    costs: true,
    startup: !quick,
    cpuProf: false,
    heapSnapshot: false,
    help: false,
  };
  const asked: number[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--scale':
        asked.push(
          ...(value() ?? '')
            .split(/[,|]/)
            .filter(Boolean)
            .map((v) => positive('--scale', v)),
        );
        break;
      case '--duration':
        options.durationSeconds = positive(flag, value());
        break;
      case '--warmup': {
        const v = value();
        options.warmupSeconds = v === '0' ? 0 : positive(flag, v);
        break;
      }
      case '--quiet-wait': {
        const v = value();
        options.quietWaitSeconds = v === '0' ? 0 : positive(flag, v);
        break;
      }
      case '--repeat':
        options.repeat = Math.round(positive(flag, value()));
        break;
      case '--connections':
        options.connections = Math.round(positive(flag, value()));
        break;
      case '--only':
        options.only = (value() ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (options.only.length === 0) throw new UsageError('--only needs workload names.');
        break;
      case '--out':
        options.out = value();
        if (!options.out) throw new UsageError('--out needs a path.');
        break;
      case '--targets': {
        const names = (value() ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = names.filter((n) => !(TARGETS as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length)
          throw new UsageError(`--targets takes a list of ${TARGETS.join(', ')}${unknown.length ? `, not "${unknown.join(', ')}"` : ''}.`);
        for (const target of TARGETS) options[target] = names.includes(target);
        if (options.plain) options.plainOnly = undefined;
        break;
      }
      case '--plain':
        options.plain = true;
        options.plainOnly = undefined;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--heap-snapshot':
        options.heapSnapshot = true;
        break;
      case '--ours':
      case '--stock':
      case '--cached':
      case '--direct':
      case '--costs':
      case '--startup':
        options[flag.slice(2) as Exclude<TargetFlag, 'plain'> | 'costs' | 'startup'] = true;
        break;
      case '--no-ours':
      case '--no-plain':
      case '--no-stock':
      case '--no-cached':
      case '--no-direct':
      case '--no-costs':
      case '--no-startup':
        options[flag.slice(5) as TargetFlag | 'costs' | 'startup'] = false;
        break;
      default:
        throw new UsageError(`Unknown argument "${arg}".\n\n${USAGE}`);
    }
  }
  options.scales = scaleSteps(asked);
  if (quick && options.scales.length > 0) throw new UsageError('--quick runs no scale steps; leave out --scale.');
  return options;
}
