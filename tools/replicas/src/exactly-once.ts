/** A change by measure and version: one row of a department's outbox, or one apply the catalog recorded. */
export interface MeasureVersion {
  measureId: string;
  version: number;
}

export interface DeliveryAudit {
  /** Changes in the department's feed. */
  published: number;
  /** Applies the catalog recorded for the department. */
  applied: number;
  /** Changes the catalog applied more than once (`id@version ×n`). */
  duplicates: string[];
  /** Changes of the feed the catalog never applied. */
  missing: string[];
  /** Applies of a change the feed does not hold. */
  unexpected: string[];
}

const keyOf = (change: MeasureVersion) => `${change.measureId}@${change.version}`;

function countBy(changes: readonly MeasureVersion[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(keyOf(change), (counts.get(keyOf(change)) ?? 0) + 1);
  return counts;
}

/**
 * Compares a department's feed with what the catalog applied from it. The catalog applies a change
 * only when it is newer than its row and reads each feed in order, so every published change is
 * applied exactly once: a duplicate is a double apply (two replicas applied the same page), a
 * missing one a lost change.
 */
export function auditDelivery(published: readonly MeasureVersion[], applied: readonly MeasureVersion[]): DeliveryAudit {
  const feed = countBy(published);
  const catalog = countBy(applied);
  const duplicates = [...catalog].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  const missing = [...feed.keys()].filter((key) => !catalog.has(key));
  const unexpected = [...catalog.keys()].filter((key) => !feed.has(key));
  return { published: published.length, applied: applied.length, duplicates, missing, unexpected };
}

export function deliveryHolds(audit: DeliveryAudit): boolean {
  return audit.duplicates.length === 0 && audit.missing.length === 0 && audit.unexpected.length === 0;
}

/** The value below which `p` of the sorted values fall (nearest rank); 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
