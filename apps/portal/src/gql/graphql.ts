/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The script an article is published in (ISO 15924): Hans (Simplified), Hant (Traditional), Latn (Latin). */
export type ArticleScript = 'Hans' | 'Hant' | 'Latn';

/** The department (subgraph) that owns a measure. PROGRAMME is the command office 百千万工程指挥部办公室, which also holds measures of departments without a subgraph of their own. */
export type Department = 'CIVIL_AFFAIRS' | 'EDUCATION' | 'FINANCE' | 'HEALTH' | 'PROGRAMME' | 'TRANSPORT';

/** All given conditions must hold. */
export type MeasureFilter = {
  /** Any of these categories (CITY_PLAN, EDUCATION …). */
  categories?: Array<string> | null | undefined;
  department?: Department | null | undefined;
  /** Any of these departments. */
  departments?: Array<Department> | null | undefined;
  level?: MeasureLevel | null | undefined;
  /** Text search in titles, points, issuers and target indicators; Simplified or Traditional Chinese; words separated by spaces must all occur. */
  q?: string | null | undefined;
  /** Measures this region selects under `scope`; by default (WITHIN) those for this region or any region below it (a city includes its counties, towns and villages; 440000 includes everything). */
  regionCode?: string | number | null | undefined;
  /** Measures for at least one region of this level (PROVINCE: province-wide measures; COUNTY: measures naming a county …). */
  regionLevel?: RegionLevel | null | undefined;
  /** How regionCode selects: WITHIN (this region or below it), APPLIES (what applies to someone living there: this region, the regions above it and the whole province) or AT (exactly this region). Without regionCode it changes nothing. */
  scope?: RegionScope | null | undefined;
  /** Measures whose period covers this year or that have a target due in it. */
  year?: number | null | undefined;
};

/** The level of government that issued a measure. */
export type MeasureLevel = 'CITY' | 'COUNTY' | 'PROVINCE';

/** Administrative level: province, prefecture-level city, county-level division, town (乡镇/街道), village (村/社区). */
export type RegionLevel = 'CITY' | 'COUNTY' | 'PROVINCE' | 'TOWN' | 'VILLAGE';

/** Which measures a region filter selects. WITHIN is the default. */
export type RegionScope =
  /** Measures that apply to someone living in the region: those for the region itself, for each region above it, and for the whole province (440000). A village gets its town’s, county’s, city’s and the province’s measures. */
  | 'APPLIES'
  /** Measures for exactly this region, not the regions above or below it. */
  | 'AT'
  /** Measures for the region or any region below it (a city includes its counties, towns and villages). */
  | 'WITHIN';

/** 达到/不少于 → AT_LEAST, 以内 → AT_MOST, 左右/约 → ABOUT. */
export type TargetComparator = 'ABOUT' | 'AT_LEAST' | 'AT_MOST' | 'EXACTLY';

/** What kind of transport a measure is about. */
export type TransportMode = 'COLD_CHAIN' | 'LOGISTICS' | 'PUBLIC_TRANSPORT' | 'ROAD' | 'RURAL_DELIVERY' | 'WATERWAY';

export type PortalProgrammeQueryVariables = Exact<{ [key: string]: never }>;

export type PortalProgrammeQuery = {
  programme: {
    name: string;
    shortName: string;
    milestones: Array<{
      id: string;
      year: number;
      goal: string;
      source: { excerpt: string; article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null };
    }>;
    keyFigures: Array<{ id: string; name: string; value: number; unit: string }>;
    meetings: Array<{ id: string; date: string; title: string; summary: string; region: { code: string; name: string } | null }>;
    inspectionRounds: Array<{
      id: string;
      startedOn: string | null;
      focus: string;
      teams: number | null;
      cities: number | null;
      counties: number | null;
    }>;
    assistancePairings: Array<{
      id: string;
      helpers: string;
      scheme: string;
      units: number | null;
      cadres: number | null;
      periodStart: number | null;
      periodEnd: number | null;
      helpedRegions: Array<{ code: string; name: string }>;
    }>;
  } | null;
};

export type PortalMeasureCountsQueryVariables = Exact<{ [key: string]: never }>;

export type PortalMeasureCountsQuery = {
  all: { totalCount: number };
  programme: { totalCount: number };
  education: { totalCount: number };
  health: { totalCount: number };
  transport: { totalCount: number };
  civilAffairs: { totalCount: number };
  finance: { totalCount: number };
  y2023: { totalCount: number };
  y2024: { totalCount: number };
  y2025: { totalCount: number };
  y2026: { totalCount: number };
  y2027: { totalCount: number };
  y2035: { totalCount: number };
};

export type PortalRegionQueryVariables = Exact<{
  code: string | number;
  after?: string | null | undefined;
}>;

export type PortalRegionQuery = {
  region: {
    code: string;
    name: string;
    fullName: string;
    level: RegionLevel;
    ancestors: Array<{ code: string; name: string; level: RegionLevel }>;
    children: Array<{ code: string; name: string; level: RegionLevel }>;
    fundingLines: Array<{
      id: string;
      amount: number;
      unit: string;
      purpose: string;
      year: number | null;
      excerpt: string;
      measureId: string;
      region: { code: string; name: string };
    }> | null;
    measures: {
      totalCount: number;
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
      nodes: Array<
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { id: string; label: string; publisher: string | null; publishedOn: string | null } | null;
            };
            targets: Array<{
              id: string;
              indicator: string;
              value: number;
              unit: string;
              year: number | null;
              comparator: TargetComparator;
              progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
            }>;
          }
      >;
    } | null;
  } | null;
};

export type PortalSearchQueryVariables = Exact<{
  filter?: MeasureFilter | null | undefined;
  after?: string | null | undefined;
}>;

export type PortalSearchQuery = {
  measures: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    edges: Array<{
      cursor: string;
      node:
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          }
        | {
            id: string;
            title: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: { publisher: string | null; headline: string | null; label: string | null };
          };
    }>;
  };
};

export type PortalMeasureQueryVariables = Exact<{
  id: string | number;
}>;

export type PortalMeasureQuery = {
  measure:
    | {
        __typename: 'CivilAffairsMeasure';
        beneficiaries: Array<string> | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | {
        __typename: 'EducationMeasure';
        stages: Array<string> | null;
        pairedCounties: number | null;
        pairedInstitutions: number | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | {
        __typename: 'FinanceMeasure';
        instruments: Array<string> | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | {
        __typename: 'HealthMeasure';
        programmes: Array<string> | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        structure: { overallGoals: number | null; projects: number | null; subProjects: number | null } | null;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | {
        __typename: 'ProgrammeMeasure';
        leadDepartment: string | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | {
        __typename: 'TransportMeasure';
        modes: Array<TransportMode> | null;
        id: string;
        title: string;
        originalTitle: string;
        department: Department;
        issuer: string;
        responsibleBody: string;
        category: string;
        level: MeasureLevel;
        publishedOn: string | null;
        points: Array<string>;
        archived: boolean;
        version: number;
        updatedAt: string;
        period: { startYear: number | null; endYear: number | null };
        regions: Array<{ code: string; name: string; level: RegionLevel }>;
        funding: Array<{
          id: string;
          amount: number;
          unit: string;
          purpose: string;
          year: number | null;
          region: { code: string; name: string };
        }> | null;
        source: {
          excerpt: string;
          excerptSimplified: string;
          headline: string | null;
          label: string | null;
          publisher: string | null;
          article: {
            id: string;
            label: string;
            headline: string | null;
            publisher: string | null;
            publishedOn: string | null;
            language: string;
            script: ArticleScript;
          } | null;
        };
        targets: Array<{
          id: string;
          indicator: string;
          value: number;
          unit: string;
          year: number | null;
          comparator: TargetComparator;
          excerpt: string;
          baseline: { value: number; year: number | null } | null;
          progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
          observations: Array<{ id: string; observedOn: string; value: number; note: string | null; source: string | null }>;
        }>;
      }
    | null;
};

export class TypedDocumentString<TResult, TVariables> extends String implements DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PortalProgrammeDocument = {
  __meta__: { hash: 'sha256:11300941b9d60ed2b8afb26d7017e68b5fa1561dc774f587ae69f6103f55b518' },
} as unknown as TypedDocumentString<PortalProgrammeQuery, PortalProgrammeQueryVariables>;
export const PortalMeasureCountsDocument = {
  __meta__: { hash: 'sha256:c098ca8e85c363f0266d7ebefba7166f1033009c2d025fcde7b3dce65a62db39' },
} as unknown as TypedDocumentString<PortalMeasureCountsQuery, PortalMeasureCountsQueryVariables>;
export const PortalRegionDocument = {
  __meta__: { hash: 'sha256:2877bcd4e7541d4a6fa36044fa39823892012c13d7373c86c40ef505953d25be' },
} as unknown as TypedDocumentString<PortalRegionQuery, PortalRegionQueryVariables>;
export const PortalSearchDocument = {
  __meta__: { hash: 'sha256:9ee5e80f1394840b24ce3e9d840e6809aa4c319f3b3b0fcff5d6331229ade122' },
} as unknown as TypedDocumentString<PortalSearchQuery, PortalSearchQueryVariables>;
export const PortalMeasureDocument = {
  __meta__: { hash: 'sha256:074a42f0a4ad09bda5100d405fd3e90c10cb7fee72f4e560a25172c67f09490b' },
} as unknown as TypedDocumentString<PortalMeasureQuery, PortalMeasureQueryVariables>;
