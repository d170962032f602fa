import { toSimplified } from '@hkp/chinese-text';
import type { MeasureSnapshot, MeasureSource, SnapshotObservation, SnapshotTarget } from '@hkp/policy-model';
import { compareObservations, regionReferences, TargetObservation } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';
import {
  Department,
  MeasurePeriod,
  Provenance,
  Target,
  TargetBaseline,
  TargetComparator,
  TargetProgress,
  type PolicyMeasure,
} from './policy-measure.type';

/** A row of catalog_measures as the driver returns it. */
export interface CatalogRow {
  id: string;
  department: string;
  version: number;
  responsible_body: string;
  category: string;
  level: string;
  issuer: string;
  title: string;
  original_title: string;
  points: string[];
  period_start: number | null;
  period_end: number | null;
  published_on: string | null;
  region_codes: string[];
  targets: SnapshotTarget[];
  source: MeasureSource;
  updated_at: Date;
  archived: boolean;
}

export const CATALOG_COLUMNS = `c.id, c.department, c.version, c.responsible_body, c.category, c.level, c.issuer, c.title,
  c.original_title, c.points, c.period_start, c.period_end, c.published_on, c.region_codes, c.targets, c.source, c.updated_at, c.archived`;

function toObservation(targetId: string, observation: SnapshotObservation): TargetObservation {
  return Object.assign(new TargetObservation(), {
    id: observation.id,
    targetId,
    value: observation.value,
    observedOn: observation.observedOn,
    note: observation.note ?? null,
    source: observation.source ?? null,
    recordedAt: new Date(observation.recordedAt),
  });
}

/**
 * The latest observation (by the date measured; a year or month counts as its end) against the
 * goal. The ratio is value / goal where reaching the goal means getting to it (AT_LEAST, EXACTLY,
 * ABOUT); for a ceiling (AT_MOST) or a goal of 0 there is no meaningful ratio.
 */
export function targetProgress(
  target: Pick<SnapshotTarget, 'value' | 'comparator'>,
  observations: SnapshotObservation[],
): TargetProgress | null {
  const latest = [...observations].sort(compareObservations).at(-1);
  if (!latest) return null;
  const meaningful = target.comparator !== TargetComparator.AT_MOST && target.value !== 0 && Number.isFinite(target.value);
  const ratio = meaningful ? latest.value / target.value : null;
  return Object.assign(new TargetProgress(), {
    latestValue: latest.value,
    observedOn: latest.observedOn,
    ratio: ratio !== null && Number.isFinite(ratio) ? ratio : null,
  });
}

/** The provenance of a measure or of one of its targets (same article, its own passage). */
export function toProvenance(source: MeasureSource, excerpt = source.excerpt): Provenance {
  return Object.assign(new Provenance(), {
    document: source.document,
    documentTitle: source.documentTitle,
    excerpt,
    excerptSimplified: toSimplified(excerpt),
    articleId: source.article,
  });
}

function toTarget(target: SnapshotTarget, source: MeasureSource): Target {
  const observations = [...(target.observations ?? [])].sort(compareObservations);
  return Object.assign(new Target(), {
    id: target.id,
    indicator: target.indicator,
    value: target.value,
    unit: target.unit,
    year: target.year,
    comparator: target.comparator as TargetComparator,
    baseline: target.baseline ? Object.assign(new TargetBaseline(), target.baseline) : null,
    region: target.regionCode ? regionReferences(ProgrammeRegion, [target.regionCode])[0] : null,
    excerpt: target.excerpt,
    source: toProvenance(source, target.excerpt),
    observations: observations.map((o) => toObservation(target.id, o)),
    progress: targetProgress(target, observations),
  });
}

/** A catalog row as the GraphQL object; `department` picks the concrete type. */
export function toPolicyMeasure(row: CatalogRow): PolicyMeasure {
  return {
    id: row.id,
    title: row.title,
    originalTitle: row.original_title,
    originalTitleLanguage: row.source.originalTitleLanguage ?? 'zh',
    titleIsTranslation: row.source.titleIsTranslation ?? false,
    department: row.department as Department,
    responsibleBody: row.responsible_body,
    category: row.category,
    level: row.level,
    issuer: row.issuer,
    period: Object.assign(new MeasurePeriod(), { startYear: row.period_start, endYear: row.period_end }),
    publishedOn: row.published_on,
    regions: regionReferences(ProgrammeRegion, row.region_codes),
    points: row.points,
    targets: row.targets.map((t) => toTarget(t, row.source)),
    source: toProvenance(row.source),
    version: row.version,
    updatedAt: row.updated_at,
    archived: row.archived,
  } as PolicyMeasure;
}

/** A measure as the change feed carries it, as the catalog would show it (before the catalog has it). */
export function snapshotToPolicyMeasure(snapshot: MeasureSnapshot): PolicyMeasure {
  return toPolicyMeasure({
    id: snapshot.id,
    department: snapshot.department,
    version: snapshot.version,
    responsible_body: snapshot.responsibleBody,
    category: snapshot.category,
    level: snapshot.level,
    issuer: snapshot.issuer,
    title: snapshot.title,
    original_title: snapshot.originalTitle,
    points: snapshot.points,
    period_start: snapshot.periodStart,
    period_end: snapshot.periodEnd,
    published_on: snapshot.publishedOn,
    region_codes: snapshot.regionCodes,
    targets: snapshot.targets,
    source: snapshot.source,
    updated_at: new Date(snapshot.updatedAt),
    archived: snapshot.archived,
  });
}
