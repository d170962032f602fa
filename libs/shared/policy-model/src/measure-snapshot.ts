import type { MeasureEntity, TargetEntity, TargetObservationEntity } from './entities/measure.entity';
import type { MeasureSnapshot, SnapshotObservation, SnapshotTarget } from './events/measure-changed';

// What the change feed carries for one measure is defined by the MeasureChanged event's schema.
export type { MeasureSnapshot, SnapshotObservation, SnapshotTarget };

/** Sort key of an observation date: a year or month counts as its last day (an annual figure is the year's end). */
export function observationSortKey(observedOn: string): string {
  if (/^\d{4}$/.test(observedOn)) return `${observedOn}-12-31`;
  if (/^\d{4}-\d{2}$/.test(observedOn)) return `${observedOn}-31`;
  return observedOn;
}

export function compareObservations(
  a: { observedOn: string; recordedAt: string | Date; id: string },
  b: { observedOn: string; recordedAt: string | Date; id: string },
): number {
  const byDate = observationSortKey(a.observedOn).localeCompare(observationSortKey(b.observedOn));
  if (byDate !== 0) return byDate;
  const byRecorded = new Date(a.recordedAt).getTime() - new Date(b.recordedAt).getTime();
  return byRecorded !== 0 ? byRecorded : a.id.localeCompare(b.id);
}

export function toSnapshotObservation(observation: TargetObservationEntity): SnapshotObservation {
  return {
    id: observation.id,
    value: observation.value,
    observedOn: observation.observedOn,
    note: observation.note,
    source: observation.source,
    recordedAt: observation.recordedAt.toISOString(),
  };
}

export function toSnapshotTarget(target: TargetEntity, observations: TargetObservationEntity[] = []): SnapshotTarget {
  return {
    id: target.id,
    indicator: target.indicator,
    value: target.value,
    unit: target.unit,
    year: target.year,
    comparator: target.comparator as SnapshotTarget['comparator'],
    baseline: target.baselineValue === null ? null : { value: target.baselineValue, year: target.baselineYear },
    regionCode: target.regionCode,
    excerpt: target.excerpt,
    observations: observations
      .filter((o) => o.targetId === target.id)
      .map(toSnapshotObservation)
      .sort(compareObservations),
  };
}

export function toSnapshot(measure: MeasureEntity, targets: TargetEntity[], observations: TargetObservationEntity[] = []): MeasureSnapshot {
  return {
    id: measure.id,
    version: measure.version,
    department: measure.department,
    responsibleBody: measure.responsibleBody,
    category: measure.category,
    level: measure.level,
    issuer: measure.issuer,
    title: measure.title,
    originalTitle: measure.originalTitle,
    points: measure.points,
    pointsNormalised: measure.pointsNormalised,
    periodStart: measure.periodStart,
    periodEnd: measure.periodEnd,
    publishedOn: measure.publishedOn,
    regionCodes: measure.regionCodes,
    targets: [...targets].sort((a, b) => a.position - b.position).map((t) => toSnapshotTarget(t, observations)),
    source: measure.source,
    archived: measure.archivedAt !== null,
    updatedAt: measure.updatedAt.toISOString(),
  };
}
