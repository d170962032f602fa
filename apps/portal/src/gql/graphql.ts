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

export type PortalMeasureFacetsQueryVariables = Exact<{ [key: string]: never }>;

export type PortalMeasureFacetsQuery = {
  measures: {
    totalCount: number;
    facets: { departments: Array<{ value: Department; count: number }>; years: Array<{ value: number; count: number }> };
  };
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
    pinyin: string;
    level: RegionLevel;
    keyFigures: Array<{
      id: string;
      name: string;
      value: number;
      unit: string;
      source: { excerpt: string; article: { label: string; publisher: string | null; publishedOn: string | null } | null };
    }>;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              excerpt: string;
              excerptSimplified: string;
              headline: string | null;
              label: string | null;
              publisher: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null; script: ArticleScript } | null;
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
    facets: {
      departments: Array<{ value: Department; count: number }>;
      levels: Array<{ value: MeasureLevel; count: number }>;
      years: Array<{ value: number; count: number }>;
      categories: Array<{ value: string; count: number }>;
      regionLevels: Array<{ value: RegionLevel; count: number }>;
    };
    edges: Array<{
      cursor: string;
      node:
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
          }
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
          }
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
          }
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
          }
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
          }
        | {
            id: string;
            title: string;
            titleIsTranslation: boolean;
            originalTitle: string;
            originalTitleLanguage: string;
            department: Department;
            level: MeasureLevel;
            category: string;
            issuer: string;
            publishedOn: string | null;
            period: { startYear: number | null; endYear: number | null };
            source: {
              publisher: string | null;
              headline: string | null;
              label: string | null;
              article: { label: string; publisher: string | null; publishedOn: string | null } | null;
            };
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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
        titleIsTranslation: boolean;
        originalTitle: string;
        originalTitleLanguage: string;
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
            label: string;
            headline: string | null;
            subheadline: string | null;
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

export type PortalRegionFinderQueryVariables = Exact<{
  name: string;
}>;

export type PortalRegionFinderQuery = {
  regions: {
    totalCount: number;
    nodes: Array<{ code: string; name: string; fullName: string; pinyin: string; level: RegionLevel }>;
  } | null;
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
export const PortalMeasureFacetsDocument = {
  __meta__: { hash: 'sha256:b6a157e92dabf064b76ee7d113050a66556e63ebb6702ab5f602966f6357cf52' },
} as unknown as TypedDocumentString<PortalMeasureFacetsQuery, PortalMeasureFacetsQueryVariables>;
export const PortalRegionDocument = {
  __meta__: { hash: 'sha256:4d6c722dc43559c04eac217b326aadf2e0f2821fefb463d71c8ad22409a119b4' },
} as unknown as TypedDocumentString<PortalRegionQuery, PortalRegionQueryVariables>;
export const PortalSearchDocument = {
  __meta__: { hash: 'sha256:e7f65344316eb52b073a2e88e08f1c80babd07fe4bae8d789ed3771a065dcbf8' },
} as unknown as TypedDocumentString<PortalSearchQuery, PortalSearchQueryVariables>;
export const PortalMeasureDocument = {
  __meta__: { hash: 'sha256:0d244962daeaa483399467c078495e6709c4abf96b401c31356eada1eb5035af' },
} as unknown as TypedDocumentString<PortalMeasureQuery, PortalMeasureQueryVariables>;
export const PortalRegionFinderDocument = {
  __meta__: { hash: 'sha256:2d2ba4f43833acd38dcdc19202929afff6d9fdec6c301aba5a372ce5de7dabe8' },
} as unknown as TypedDocumentString<PortalRegionFinderQuery, PortalRegionFinderQueryVariables>;
