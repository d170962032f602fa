// The contract between tools/import-seeds (which writes data/generated/measures.json) and the
// subgraphs (which load it): the vocabulary and the shape of a generated measure. No decorators
// and no I/O, so the import tool can use it without the GraphQL model.

import { DEPARTMENT_CODES, type DepartmentCode } from '@hkp/departments';

/** The department codes (the `Department` enum's values), from the department manifest. */
export const DEPARTMENTS = DEPARTMENT_CODES;
export type { DepartmentCode };

/** The themes of data/curation/FORMAT.md; a measure's `category` is one of them. */
export const MEASURE_CATEGORIES = [
  'INDUSTRY',
  'URBANISATION',
  'RURAL_REVITALISATION',
  'URBAN_RURAL_INTEGRATION',
  'FINANCE',
  'TAX',
  'EDUCATION',
  'HEALTH',
  'TRANSPORT',
  'SOCIAL_ASSISTANCE',
  'TALENT',
  'SCIENCE',
  'DIGITAL_GOVERNMENT',
  'MARKET_REGULATION',
  'CIVILISATION',
  'CITY_PLAN',
  'WORK_POINTS',
  'INSPECTION',
  'ASSISTANCE',
  'DECISION',
] as const;
export type MeasureCategory = (typeof MEASURE_CATEGORIES)[number];

export const MEASURE_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export const TARGET_COMPARATORS = ['AT_LEAST', 'AT_MOST', 'EXACTLY', 'ABOUT'] as const;

export interface GeneratedTarget {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  comparator: (typeof TARGET_COMPARATORS)[number];
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
  level: (typeof MEASURE_LEVELS)[number];
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
