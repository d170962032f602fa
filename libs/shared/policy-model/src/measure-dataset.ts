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
  source: MeasureSource;
}

/**
 * Where a measure comes from, as stored with it (a jsonb column in every department's schema, carried
 * by the change feed to the catalog). `document` and `documentTitle` are the first form of it: the
 * seed file id and the seed's first line. The optional keys came later: absent on measures entered
 * through the API and on rows stored before them.
 */
export interface MeasureSource {
  document: string;
  documentTitle: string;
  /** The passage as published (scraping noise removed, script unchanged). */
  excerpt: string;
  /** The public id of the article it was taken from (`GeneratedArticle.id`). */
  article?: string;
  /** The language `originalTitle` is published in, as a BCP 47 tag (`zh`, `en`); absent means `zh`. */
  originalTitleLanguage?: string;
  /** True when `title` is a curated Chinese translation of a title published in another language. */
  titleIsTranslation?: boolean;
}

export const ARTICLE_SCRIPTS = ['Hans', 'Hant', 'Latn'] as const;
export type ArticleScript = (typeof ARTICLE_SCRIPTS)[number];

/** One seed article as `tools/import-seeds` writes it (data/generated/programme.json, `articles`). */
export interface GeneratedArticle {
  /** Stable public id, a slug curated in data/curation/articles.json. */
  id: string;
  /** The seed file it was copied from (data/seeds/<seed>.txt). */
  seed: string;
  /** The published headline, noise stripped, script as published; null when the article has none. */
  headline: string | null;
  /** The headline in Simplified Chinese (null with the headline). */
  headlineSimplified: string | null;
  /** A second headline line printed under the headline, as published. */
  subheadline: string | null;
  /** What a page prints as the article's name: the Simplified headline, or a curated description when it has none. */
  label: string;
  /** True when `label` is a curated description, not the published headline. */
  labelIsCurated: boolean;
  /** The publisher the article names, Simplified; null when it names none. */
  publisher: string | null;
  /** ISO 8601 with the offset, where the article states a time. */
  publishedAt: string | null;
  /** YYYY-MM-DD (or YYYY-MM, YYYY) where the article states its date. */
  publishedOn: string | null;
  /** BCP 47 language of the article's text (`zh`, `en`). */
  language: string;
  /** ISO 15924 script of the article's text as published. */
  script: ArticleScript;
}
