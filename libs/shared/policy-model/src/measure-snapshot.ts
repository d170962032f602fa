import type { MeasureEntity, TargetEntity } from './entities/measure.entity';

/** What the change feed carries for one measure: everything the catalog needs, nothing internal. */
export interface MeasureSnapshot {
  id: string;
  version: number;
  department: string;
  responsibleBody: string;
  category: string;
  level: string;
  issuer: string;
  title: string;
  originalTitle: string;
  points: string[];
  pointsNormalised: string[];
  periodStart: number | null;
  periodEnd: number | null;
  publishedOn: string | null;
  regionCodes: string[];
  targets: SnapshotTarget[];
  source: { document: string; documentTitle: string; excerpt: string };
  archived: boolean;
  updatedAt: string;
}

export interface SnapshotTarget {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  comparator: string;
  baseline: { value: number; year: number | null } | null;
  regionCode: string | null;
  excerpt: string;
}

export function toSnapshotTarget(target: TargetEntity): SnapshotTarget {
  return {
    id: target.id,
    indicator: target.indicator,
    value: target.value,
    unit: target.unit,
    year: target.year,
    comparator: target.comparator,
    baseline: target.baselineValue === null ? null : { value: target.baselineValue, year: target.baselineYear },
    regionCode: target.regionCode,
    excerpt: target.excerpt,
  };
}

export function toSnapshot(measure: MeasureEntity, targets: TargetEntity[]): MeasureSnapshot {
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
    targets: [...targets].sort((a, b) => a.position - b.position).map(toSnapshotTarget),
    source: measure.source,
    archived: measure.archivedAt !== null,
    updatedAt: measure.updatedAt.toISOString(),
  };
}
