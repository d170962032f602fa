import { isDeepStrictEqual } from 'node:util';
import type { MeasureEntity, TargetEntity } from '../entities/measure.entity';

/** What the audit log stores of a write: each changed field with its value before and after. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * The measure as its writers see it (input field names, the department's own fields at the top
 * level, targets in order): the audit's before/after, and what the content hash is taken from.
 */
export function writerView(measure: MeasureEntity, targets: readonly TargetEntity[]): Record<string, unknown> {
  return {
    title: measure.originalTitle,
    level: measure.level,
    issuer: measure.issuer,
    responsibleBody: measure.responsibleBody,
    category: measure.category,
    periodStart: measure.periodStart,
    periodEnd: measure.periodEnd,
    publishedOn: measure.publishedOn,
    regionCodes: measure.regionCodes,
    points: measure.points,
    targets: [...targets]
      .sort((a, b) => a.position - b.position)
      .map((t) => ({
        id: t.id,
        indicator: t.indicator,
        value: t.value,
        unit: t.unit,
        year: t.year,
        comparator: t.comparator,
        baseline: t.baselineValue === null ? null : { value: t.baselineValue, year: t.baselineYear },
        regionCode: t.regionCode,
        excerpt: t.excerpt,
      })),
    source: measure.source,
    ...measure.details,
  };
}

/** The fields whose values differ; a field missing on one side counts as null. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (!isDeepStrictEqual(a, b)) changes[field] = { before: a, after: b };
  }
  return changes;
}

/** The audit diff of a change from one state of a measure (with its targets) to another. */
export function measureDiff(
  before: { measure: MeasureEntity; targets: readonly TargetEntity[] } | null,
  after: { measure: MeasureEntity; targets: readonly TargetEntity[] },
): FieldChanges {
  return diffFields(before ? writerView(before.measure, before.targets) : {}, writerView(after.measure, after.targets));
}
