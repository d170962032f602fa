import type { SnapshotTarget } from '@hkp/policy-model';
import { regionReferences } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';
import { Department, MeasurePeriod, Provenance, Target, TargetBaseline, TargetComparator, type PolicyMeasure } from './policy-measure.type';

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
  source: { document: string; documentTitle: string; excerpt: string };
  updated_at: Date;
}

export const CATALOG_COLUMNS = `c.id, c.department, c.version, c.responsible_body, c.category, c.level, c.issuer, c.title,
  c.original_title, c.points, c.period_start, c.period_end, c.published_on, c.region_codes, c.targets, c.source, c.updated_at`;

function toTarget(target: SnapshotTarget): Target {
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
  });
}

/** A catalog row as the GraphQL object; `department` picks the concrete type. */
export function toPolicyMeasure(row: CatalogRow): PolicyMeasure {
  return {
    id: row.id,
    title: row.title,
    originalTitle: row.original_title,
    department: row.department as Department,
    responsibleBody: row.responsible_body,
    category: row.category,
    level: row.level,
    issuer: row.issuer,
    period: Object.assign(new MeasurePeriod(), { startYear: row.period_start, endYear: row.period_end }),
    publishedOn: row.published_on,
    regions: regionReferences(ProgrammeRegion, row.region_codes),
    points: row.points,
    targets: row.targets.map(toTarget),
    source: Object.assign(new Provenance(), row.source),
    version: row.version,
    updatedAt: row.updated_at,
  } as PolicyMeasure;
}
