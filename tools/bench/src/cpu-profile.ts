/**
 * Summaries of V8 CPU profiles (`node --cpu-prof`, a `.cpuprofile` file): where a gateway spends
 * its time by function and by package, and how much runs under our own gateway code
 * (libs/gateway), per 1,000 requests so that two gateways serving different numbers of requests
 * compare. Also usable alone:
 *
 *   node -r @swc-node/register tools/bench/src/cpu-profile.ts <file.cpuprofile> [requests]
 */
import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` JSON read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  /** `<package>` or `libs/gateway/src/<file>` or `node`, with the line for functions. */
  where: string;
  ms: number;
  /** Milliseconds per 1,000 requests (null when the requests are unknown). */
  msPer1k: number | null;
}

export interface ProfileSummary {
  /** Which gateway (ours, plain). */
  target: string;
  /** The workload whose measured intervals were summarised (null: the whole profile). */
  workload: string | null;
  file: string;
  /** Requests answered in the summarised time, when known. */
  requests: number | null;
  sampledMs: number;
  idleMs: number;
  gcMs: number;
  /** Busy time (not idle) per request, in milliseconds. */
  busyMsPerRequest: number | null;
  topFunctions: ProfileEntry[];
  /** Self time by where the code lives (npm package, our file, node internals). */
  byLocation: ProfileEntry[];
  /** Self time of functions in libs/gateway. */
  oursSelf: ProfileEntry[];
  /** Time with a libs/gateway function on the stack, by that function (each sample counted once per function). */
  oursInclusive: ProfileEntry[];
  /** Time with any libs/gateway function on the stack. */
  oursInclusiveMs: number;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where code lives: our gateway file, an npm package, node itself, or the special V8 frames. */
export function locationOf(url: string, functionName: string): string {
  if (SPECIAL.has(functionName)) return functionName;
  const ours = /\/libs\/gateway\/src\/([^/?#]+?)(?:\.[jt]s)?(?:[?#].*)?$/.exec(url);
  if (ours) return `libs/gateway/src/${ours[1]}`;
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')));
  if (pkg) return pkg[1]!;
  const workspace = /\/(libs|apps|tools)\/(.+?)(?:\.[jt]s)?$/.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  if (url === '' || url.startsWith('node:')) return 'node (built-in and native)';
  return url;
}

const isOurs = (location: string) => location.startsWith('libs/gateway/');

function top(map: Map<string, { name: string; where: string; us: number }>, limit: number, requests: number | null): ProfileEntry[] {
  return [...map.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({
      name: e.name,
      where: e.where,
      ms: e.us / 1000,
      msPer1k: requests ? e.us / requests : null,
    }));
}

/** Intervals on the monotonic clock (µs) to summarise, e.g. the measured loads of one workload. */
export type ProfileWindow = { startUs: number; endUs: number };

export function summariseProfile(
  profile: CpuProfile,
  target: string,
  file: string,
  requests: number | null,
  options: { windows?: ProfileWindow[]; workload?: string; limit?: number } = {},
): ProfileSummary {
  const limit = options.limit ?? 60;
  const windows = options.windows;
  const inWindow = (us: number) => !windows || windows.some((w) => us >= w.startUs && us < w.endUs);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Self time per node: each sample's time is the delta to the next sample.
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    if (!inWindow(at)) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
  }
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const locations = new Map<string, { name: string; where: string; us: number }>();
  const oursSelf = new Map<string, { name: string; where: string; us: number }>();
  const oursInclusive = new Map<string, { name: string; where: string; us: number }>();
  const add = (map: Map<string, { name: string; where: string; us: number }>, key: string, name: string, where: string, us: number) => {
    const entry = map.get(key);
    if (entry) entry.us += us;
    else map.set(key, { name, where, us });
  };
  let sampledUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  let oursInclusiveUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    sampledUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const location = locationOf(url, functionName);
    if (functionName === '(idle)') idleUs += us;
    if (functionName === '(garbage collector)') gcUs += us;
    const name = functionName || '(anonymous)';
    const where = SPECIAL.has(functionName) ? '' : `${location}:${lineNumber + 1}`;
    add(functions, `${name}@${where}`, name, where, us);
    add(locations, location, location, '', us);
    if (isOurs(location)) add(oursSelf, `${name}@${where}`, name, where, us);
    // Walk up the stack: every libs/gateway function on it gets this time once.
    const seen = new Set<string>();
    for (let frameId: number | undefined = id; frameId !== undefined; frameId = parent.get(frameId)) {
      const frame = byId.get(frameId)!.callFrame;
      const frameLocation = locationOf(frame.url, frame.functionName);
      if (!isOurs(frameLocation)) continue;
      const frameName = frame.functionName || '(anonymous)';
      const key = `${frameName}@${frameLocation}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      if (seen.size === 0) oursInclusiveUs += us;
      seen.add(key);
      add(oursInclusive, key, frameName, `${frameLocation}:${frame.lineNumber + 1}`, us);
    }
  }
  const busyUs = sampledUs - idleUs;
  return {
    target,
    workload: options.workload ?? null,
    file,
    requests,
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    busyMsPerRequest: requests ? busyUs / 1000 / requests : null,
    topFunctions: top(new Map([...functions].filter(([, e]) => e.name !== '(idle)')), limit, requests),
    byLocation: top(new Map([...locations].filter(([key]) => key !== '(idle)')), 80, requests),
    oursSelf: top(oursSelf, limit, requests),
    oursInclusive: top(oursInclusive, limit, requests),
    oursInclusiveMs: oursInclusiveUs / 1000,
  };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/**
 * Self time per location (or per function) in two profiles, per 1,000 requests: where the first
 * spends more. Entries beyond a summary's top list count as 0.
 */
export function compareLocations(
  a: ProfileSummary,
  b: ProfileSummary,
  by: 'location' | 'function' = 'location',
): { where: string; aMsPer1k: number; bMsPer1k: number; extraMsPer1k: number }[] {
  if (!a.requests || !b.requests) return [];
  const per1k = (s: ProfileSummary) =>
    new Map(
      by === 'location'
        ? s.byLocation.map((e) => [e.name, e.msPer1k ?? 0])
        : s.topFunctions.map((e) => [`\`${e.name}\` ${e.where}`, e.msPer1k ?? 0]),
    );
  const left = per1k(a);
  const right = per1k(b);
  return [...new Set([...left.keys(), ...right.keys()])]
    .map((where) => ({ where, aMsPer1k: left.get(where) ?? 0, bMsPer1k: right.get(where) ?? 0, extraMsPer1k: 0 }))
    .map((row) => ({ ...row, extraMsPer1k: row.aMsPer1k - row.bMsPer1k }))
    .sort((x, y) => y.extraMsPer1k - x.extraMsPer1k);
}

if (require.main === module) {
  const [file, requests] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: node -r @swc-node/register tools/bench/src/cpu-profile.ts <file.cpuprofile> [requests]');
    process.exit(2);
  }
  console.log(JSON.stringify(summariseProfile(readProfile(file), 'profile', file, requests ? Number(requests) : null), null, 2));
}
