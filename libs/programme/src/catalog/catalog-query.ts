import { normaliseForSearch } from '@hkp/chinese-text';
import { regionLevelSql, regionScopeSql, type RegionScopeName } from '@hkp/policy-model';
import { userInputError, type SortKey, type SortKeyShape } from '@hkp/subgraph-kit';

export interface CatalogFilter {
  departments?: string[] | null;
  levels?: string[] | null;
  categories?: string[] | null;
  year?: number | null;
  /** Measures for at least one region of this level (PROVINCE … VILLAGE). */
  regionLevel?: string | null;
  q?: string | null;
  /** How a region selects measures (WITHIN when absent). */
  scope?: RegionScopeName | null;
}

export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_TERMS = 8;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The search terms of `q`: normalised (Traditional → Simplified, noise removed), split on spaces. */
export function searchTerms(q: string): string[] {
  if (q.length > MAX_QUERY_LENGTH) throw userInputError(`"q" is limited to ${MAX_QUERY_LENGTH} characters.`, 'q');
  const terms = normaliseForSearch(q).split(/\s+/).filter(Boolean);
  if (terms.length === 0) throw userInputError('"q" must contain something to search for.', 'q');
  if (terms.length > MAX_QUERY_TERMS) throw userInputError(`"q" may have at most ${MAX_QUERY_TERMS} words.`, 'q');
  return terms;
}

/** One part of a catalog list's sort key: an SQL expression, ascending, and the type its values have. */
export interface SortPart {
  expression: string;
  type: 'int' | 'real' | 'text';
}

/** The catalog's plain order: the province's measures first, then cities', then counties', each by id. */
const LISTING_ORDER: SortPart[] = [
  { expression: 'c.level_rank', type: 'int' },
  { expression: 'c.id', type: 'text' },
];

/** What a cursor of a list sorted by these parts holds. */
export function sortShapeOf(sort: SortPart[]): SortKeyShape {
  return sort.map((part) => (part.type === 'text' ? 'string' : 'number'));
}

/** The dimensions a portal's sidebar counts measures by (facets), each one a condition of the filter. */
export const FACET_DIMENSIONS = ['department', 'level', 'category', 'year', 'regionLevel'] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

/** The levels of a catalog row's regions (distinct), as an SQL array expression. */
export const REGION_LEVELS_OF_ROW = `ARRAY(SELECT DISTINCT ${regionLevelSql('rc')} FROM unnest(c.region_codes) rc)`;

/** A built catalog query: its conditions, those on the facet dimensions apart, and its sort key. */
export interface CatalogQuery {
  /** Every condition (AND). */
  where: string[];
  /** The conditions on no facet dimension: not archived, the search. */
  common: string[];
  /** The filter's condition on each facet dimension it restricts. */
  dimensions: Partial<Record<FacetDimension, string>>;
  sort: SortPart[];
}

/**
 * Builds the WHERE and the sort key of a catalog query. Every term must occur in the measure's
 * normalised text (substring match, so two-character words such as 教育 work; the trigram
 * index serves terms of three or more characters). Titles that contain the terms rank first.
 * Every part of the sort key is ascending (rankings are negated), so that a keyset cursor
 * continues with one row comparison (see keysetCondition). With `counting` (facets) the search's
 * ranking is left out: no sort key, no parameters for it.
 */
export function buildCatalogQuery(filter: CatalogFilter, params: unknown[], options: { counting?: boolean } = {}): CatalogQuery {
  const where = ['NOT c.archived'];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const dimensions: CatalogQuery['dimensions'] = {};
  if (filter.departments?.length) dimensions.department = `c.department = ANY(${add(filter.departments)}::text[])`;
  if (filter.levels?.length) dimensions.level = `c.level = ANY(${add(filter.levels)}::text[])`;
  if (filter.categories?.length) dimensions.category = `c.category = ANY(${add(filter.categories)}::text[])`;
  // The year facet counts the same years (c.years: the period's and the targets' due years).
  if (filter.year !== undefined && filter.year !== null) dimensions.year = `c.years @> ARRAY[${add(filter.year)}::int]`;
  if (filter.regionLevel) dimensions.regionLevel = `${REGION_LEVELS_OF_ROW} @> ARRAY[${add(filter.regionLevel)}::text]`;
  let sort = LISTING_ORDER;
  // An empty q is a mistake to report, not "no search": only an absent q means no search.
  if (filter.q !== undefined && filter.q !== null) {
    const terms = searchTerms(filter.q);
    const patterns = terms.map((t) => `%${escapeLike(t)}%`);
    for (const pattern of patterns) where.push(`c.search_text LIKE ${add(pattern)}`);
    // Counting needs no ranking (and a statement must use every parameter it is given).
    if (options.counting) return { where: [...where, ...Object.values(dimensions)], common: where, dimensions, sort };
    const titleHits = patterns.map((p) => `(c.search_title LIKE ${add(p)})::int`).join(' + ');
    sort = [
      { expression: `-(${titleHits})`, type: 'int' },
      { expression: `-similarity(c.search_title, ${add(terms.join(' '))})`, type: 'real' },
      ...LISTING_ORDER,
    ];
  }
  return { where: [...where, ...Object.values(dimensions)], common: where, dimensions, sort };
}

/** The ORDER BY of a sort key. */
export function orderByOf(sort: SortPart[]): string {
  return sort.map((part) => part.expression).join(', ');
}

/** Rows sorting after the key `after` (a cursor's), as a row comparison; its values become parameters. */
export function keysetCondition(sort: SortPart[], after: SortKey, params: unknown[]): string {
  const values = sort.map((part, i) => {
    params.push(after[i]);
    return `$${params.length}::${part.type}`;
  });
  return `(${orderByOf(sort)}) > (${values.join(', ')})`;
}

/**
 * The condition that a catalog row is one the region selects under the scope; `code` and
 * `applies` are SQL expressions for the region's code and its regionScope joined by commas.
 * WITHIN reads region_scope (every region of the measure and those above them, GIN-indexed);
 * AT and APPLIES read the measure's own region_codes.
 */
export function catalogRegionCondition(scope: RegionScopeName, code: string, applies: string): string {
  if (scope === 'WITHIN') return `c.region_scope @> ARRAY[${code}]::text[]`;
  return regionScopeSql(scope, 'c.region_codes', { code, prefix: code, applies });
}

/** The shape of the cursors of a list with this filter: a search sorts by its ranking first. */
export function catalogSortShape(filter: CatalogFilter): SortKeyShape {
  return filter.q === undefined || filter.q === null ? sortShapeOf(LISTING_ORDER) : ['number', 'number', 'number', 'string'];
}
