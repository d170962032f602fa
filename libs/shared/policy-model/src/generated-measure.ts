import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';

export const DEPARTMENTS = ['PROGRAMME', 'EDUCATION', 'HEALTH', 'TRANSPORT', 'FINANCE', 'CIVIL_AFFAIRS'] as const;
export type DepartmentCode = (typeof DEPARTMENTS)[number];

export interface GeneratedTarget {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  comparator: 'AT_LEAST' | 'AT_MOST' | 'EXACTLY' | 'ABOUT';
  baseline: { value: number; year: number | null } | null;
  regionCode: string | null;
  excerpt: string;
}

/** One measure as `tools/import-seeds` writes it to data/generated/measures.json. */
export interface GeneratedMeasure {
  id: string;
  department: DepartmentCode;
  responsibleBody: string;
  category: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY';
  issuer: string;
  title: string;
  originalTitle: string;
  points: string[];
  pointsNormalised: string[];
  periodStart: number | null;
  periodEnd: number | null;
  publishedOn: string | null;
  regionCodes: string[];
  targets: GeneratedTarget[];
  details: Record<string, unknown>;
  source: { document: string; documentTitle: string; excerpt: string };
}

export const MEASURES_DATASET_PATH = join(workspaceRoot(), 'data', 'generated', 'measures.json');

export function readGeneratedMeasures(path = MEASURES_DATASET_PATH): GeneratedMeasure[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { measures: GeneratedMeasure[] }).measures;
}
