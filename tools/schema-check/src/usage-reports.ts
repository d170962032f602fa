import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'graphql';
import { z } from 'zod';
import { parseUsageReport } from '@hkp/schema-usage';
import type { KnownOperation } from './known-operations';

/** Usage reports the gateway exported (`npm run usage:export`) and an operator committed. */
export const USAGE_REPORTS_DIR = join('schema', 'usage');
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * schema/usage-policy.json: how long a field must go unused, in the usage reports, before its
 * removal passes (the deprecation period).
 */
export const usagePolicySchema = z.strictObject({
  deprecationPeriodDays: z.number().int().min(0),
});
export type UsagePolicy = z.infer<typeof usagePolicySchema>;
export const DEFAULT_USAGE_POLICY: UsagePolicy = { deprecationPeriodDays: 30 };

export const usagePolicyPath = (root: string) => join(root, 'schema', 'usage-policy.json');

export function readUsagePolicy(root: string): UsagePolicy {
  const path = usagePolicyPath(root);
  if (!existsSync(path)) return DEFAULT_USAGE_POLICY;
  const parsed = usagePolicySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - [${i.path.join('.')}] ${i.message}`).join('\n');
    throw new Error(`schema/usage-policy.json is not valid:\n${problems}`);
  }
  return parsed.data;
}

export interface ReportedOperations {
  /** Seen in a report dated within the deprecation period: clients still send them. */
  recent: KnownOperation[];
  /** Seen only in older reports: history, which no longer holds a change back. */
  past: KnownOperation[];
}

/**
 * The operations of every `*.usage.json` under the given folders, one per client and document
 * (the reports of several days and several gateway replicas merged: counts added, the latest
 * report's date kept), split by whether that date is within `periodDays` of `now`.
 */
export function reportedOperations(root: string, dirs: readonly string[], now: Date, periodDays: number): ReportedOperations {
  const merged = new Map<string, KnownOperation>();
  for (const dir of dirs) {
    const full = isAbsolute(dir) ? dir : join(root, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSync(full)
      .filter((f) => f.endsWith('.usage.json'))
      .sort()) {
      const path = join(full, file);
      const where = relative(root, path).startsWith('..') ? path : relative(root, path);
      const report = parseUsageReport(JSON.parse(readFileSync(path, 'utf8')), where);
      for (const operation of report.operations) {
        const key = `${operation.client}\n${operation.hash}\n${operation.name}`;
        const known = merged.get(key);
        if (known) {
          known.count = (known.count ?? 0) + operation.count;
          if (report.to > known.lastSeen!) Object.assign(known, { lastSeen: report.to, source: `${where}#${operation.hash.slice(0, 12)}` });
          continue;
        }
        let document;
        try {
          document = parse(operation.document, { noLocation: true });
        } catch (error) {
          throw new Error(`${where}: the document of ${operation.name} (${operation.hash}) does not parse: ${(error as Error).message}`);
        }
        merged.set(key, {
          name: operation.name,
          client: operation.client,
          source: `${where}#${operation.hash.slice(0, 12)}`,
          document,
          lastSeen: report.to,
          count: operation.count,
        });
      }
    }
  }
  const since = new Date(now.getTime() - periodDays * DAY_MS).toISOString();
  const all = [...merged.values()];
  return { recent: all.filter((o) => o.lastSeen! >= since), past: all.filter((o) => o.lastSeen! < since) };
}
