/**
 * Where a gateway's memory goes: a V8 heap snapshot (`.heapsnapshot`, written by
 * `node --heapsnapshot-signal=SIGUSR2` on `kill -USR2`) summarised by constructor: what the live
 * objects of each kind hold themselves (self size), beside the process's RSS and
 * `process.memoryUsage()`. Also usable alone:
 *
 *   node -r @swc-node/register tools/bench/src/heap-snapshot.ts <file.heapsnapshot>
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of V8's heap snapshot JSON read here. */
export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  /** The constructor (`Object`, `Array`, `system / Context`), or `(string)`, `(closure)`, `(compiled code)`… */
  name: string;
  count: number;
  selfSize: number;
}

export interface HeapSummary {
  file: string;
  nodeCount: number;
  /** Sum of every node's self size: the live JavaScript heap V8 reports in the snapshot. */
  totalSelfSize: number;
  /** The largest groups by self size. */
  top: HeapGroup[];
  /** Self size by V8's node type (object, string, code, closure, array, hidden, native…). */
  byType: Record<string, number>;
}

/** DevTools' "constructor" grouping: objects by their constructor, the rest by kind. */
function groupOf(type: string, name: string): string {
  if (type === 'object' || type === 'native' || type === 'hidden') return name;
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
  if (type === 'code') return '(compiled code)';
  return `(${type})`;
}

export function summariseHeapSnapshot(snapshot: HeapSnapshot, file: string, limit = 15): HeapSummary {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  const byType: Record<string, number> = {};
  let total = 0;
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!] ?? 'unknown';
    const size = nodes[i + sizeAt]!;
    const name = groupOf(type, strings[nodes[i + nameAt]!] ?? '?');
    total += size;
    byType[type] = (byType[type] ?? 0) + size;
    const group = groups.get(name) ?? { name, count: 0, selfSize: 0 };
    group.count += 1;
    group.selfSize += size;
    groups.set(name, group);
  }
  return {
    file,
    nodeCount: nodes.length / width,
    totalSelfSize: total,
    top: [...groups.values()].sort((a, b) => b.selfSize - a.selfSize).slice(0, limit),
    byType,
  };
}

export function readHeapSnapshot(path: string): HeapSnapshot {
  return JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
}

/**
 * Waits for the snapshot a process writes after `kill -USR2` (node names it
 * Heap.<date>.<time>.<pid>.<tid>.<seq>.heapsnapshot) until its size has stopped growing.
 */
export async function waitForHeapSnapshot(dir: string, pid: number, timeoutMs = 180_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = 0;
  for (;;) {
    const file = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.heapsnapshot') && f.split('.')[3] === String(pid))
          .sort()
          .pop()
      : undefined;
    if (file) {
      const size = statSync(join(dir, file)).size;
      if (size > 0 && size === last) {
        if (Date.now() - stableSince >= 2000) return join(dir, file);
      } else {
        last = size;
        stableSince = Date.now();
      }
    }
    if (!existsSync(`/proc/${pid}`)) throw new Error(`Process ${pid} exited before its heap snapshot was complete (see its log).`);
    if (Date.now() > deadline) throw new Error(`No complete heap snapshot of ${pid} in ${dir} after ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

if (require.main === module) {
  const path = process.argv[2];
  if (!path) {
    console.error('Usage: node -r @swc-node/register tools/bench/src/heap-snapshot.ts <file.heapsnapshot>');
    process.exit(2);
  }
  const summary = summariseHeapSnapshot(readHeapSnapshot(path), path);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`${summary.nodeCount} nodes, ${mb(summary.totalSelfSize)} live heap`);
  for (const group of summary.top) console.log(`${mb(group.selfSize).padStart(10)}  ${String(group.count).padStart(8)}  ${group.name}`);
}
