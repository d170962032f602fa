import type { UsageOperation, UsageReport } from '@hkp/schema-usage';
import { collectFromWorkers, USAGE_KIND, type PrimaryHandler } from './worker-messages';

/**
 * Several workers' reports as one: the same client, document and operation counted once with the
 * counts added; from the earliest start to the latest end; dropped executions added.
 */
export function mergeUsageReports(reports: readonly UsageReport[]): UsageReport | undefined {
  if (reports.length === 0) return undefined;
  const operations = new Map<string, UsageOperation>();
  let dropped = 0;
  for (const report of reports) {
    dropped += report.dropped ?? 0;
    for (const operation of report.operations) {
      const key = `${operation.client}\n${operation.hash}\n${operation.name}`;
      const known = operations.get(key);
      if (known) known.count += operation.count;
      else operations.set(key, { ...operation, coordinates: [...operation.coordinates] });
    }
  }
  return {
    from: reports.map((r) => r.from).sort()[0]!,
    to: reports.map((r) => r.to).sort()[reports.length - 1]!,
    operations: [...operations.values()].sort((a, b) => b.count - a.count),
    ...(dropped > 0 ? { dropped } : {}),
  };
}

/**
 * The primary's answer to /usage: every worker's counts merged. An export (restart) that a worker
 * did not answer in time fails, and the counts the others gave up are kept here and added to the
 * next export, so no execution is lost; a worker that exited took its counts with it (as a
 * restarted single gateway does).
 */
export function usageAcrossWorkers(): PrimaryHandler {
  let carried: UsageReport | undefined;
  return async (payload) => {
    const restart = (payload as { restart?: boolean } | undefined)?.restart === true;
    const { parts, missing } = await collectFromWorkers<UsageReport>(USAGE_KIND, { restart });
    const merged = mergeUsageReports(carried ? [carried, ...parts] : parts);
    if (restart) carried = missing.length > 0 ? merged : undefined;
    if (missing.length > 0) {
      throw new Error(
        `gateway worker ${missing.join(', ')} did not report its usage in time; ${restart ? 'the counts of the others are kept for the next export: ' : ''}retry`,
      );
    }
    return merged ?? { from: new Date().toISOString(), to: new Date().toISOString(), operations: [] };
  };
}
