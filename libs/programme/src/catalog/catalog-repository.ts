import type { DataSource } from 'typeorm';
import { regionScope } from '@hkp/policy-model';
import { byKey, type LoaderRegistry, type PageWindow, type SortKey } from '@hkp/subgraph-kit';
import {
  buildCatalogQuery,
  catalogRegionCondition,
  FACET_DIMENSIONS,
  keysetCondition,
  orderByOf,
  REGION_LEVELS_OF_ROW,
  type CatalogFilter,
  type CatalogQuery,
  type FacetDimension,
  type SortPart,
} from './catalog-query';
import { CATALOG_COLUMNS, toPolicyMeasure, type CatalogRow } from './catalog-row';
import type { PolicyMeasure } from './policy-measure.type';

/** The key for "no region filter": the province contains every measure (all codes start with 44). */
const WHOLE_PROVINCE = '';
const PROVINCE_CODE = '440000';

/** The province WITHIN is every measure; under APPLIES and AT it is only the province's own. */
function scopeKey(regionCode: string | null, filter: CatalogFilter): string {
  if (!regionCode) return WHOLE_PROVINCE;
  return regionCode === PROVINCE_CODE && (filter.scope ?? 'WITHIN') === 'WITHIN' ? WHOLE_PROVINCE : regionCode;
}

/** The regions' codes and, for APPLIES, each one's regionScope joined by commas (unnest takes flat arrays). */
function regionParams(codes: (string | null)[]): [(string | null)[], (string | null)[]] {
  return [codes, codes.map((code) => (code === null ? null : regionScope(code).join(',')))];
}

/**
 * The rows of one page (up to `limit`, the page's size plus one) after the cursor's key, with their
 * sort key as columns k0, k1 …: narrow rows (ids and keys) are sorted, the page's whole rows joined
 * afterwards.
 */
function pageOfIds(where: string, sort: SortPart[], limit: string): string {
  const keys = sort.map((part, i) => `${part.expression} AS k${i}`).join(', ');
  return `SELECT c.id, ${keys}
            FROM catalog_measures c
           WHERE ${where}
           ORDER BY ${orderByOf(sort)}
           LIMIT ${limit}`;
}

/** The keys of the page's rows, in order; the count rides on every row (one row with no measure when the page is empty). */
function toPage(rows: Record<string, unknown>[], sort: SortPart[]): CatalogPage {
  const found = rows.filter((row) => row['id'] !== null && row['id'] !== undefined);
  return {
    rows: found.map((row) => toPolicyMeasure(row as unknown as CatalogRow)),
    keys: found.map((row) => sort.map((part, i) => (part.type === 'text' ? String(row[`k${i}`]) : Number(row[`k${i}`])))),
    totalCount: Number(rows[0]?.['total'] ?? 0),
  };
}

/** How many measures have each value of a dimension (values with none are absent). */
export type CatalogFacets = Record<FacetDimension, Map<string, number>>;

/** The value (or values: a measure has several years and may have regions of several levels) a facet counts a row under. */
const FACET_VALUES: Record<FacetDimension, { column: string; many: boolean }> = {
  department: { column: 'department', many: false },
  level: { column: 'level', many: false },
  category: { column: 'category', many: false },
  year: { column: 'years', many: true },
  regionLevel: { column: 'region_levels', many: true },
};

/**
 * One statement counting the filtered measures by every facet dimension, for each region:
 * `source` (FROM … WHERE) yields the rows the regions select that meet the query's common
 * conditions, and `scopeCode` the region each row is counted for. Each facet counts with every condition of the filter except its own dimension's,
 * so its count for a value is the totalCount of the filter with that dimension set to the value.
 */
function facetStatement(query: CatalogQuery, scopeCode: string, source: string): string {
  const holds = (dimension: FacetDimension) => query.dimensions[dimension] ?? 'true';
  const others = (dimension: FacetDimension) =>
    FACET_DIMENSIONS.filter((d) => d !== dimension)
      .map((d) => `b.on_${d}`)
      .join(' AND ');
  const counts = FACET_DIMENSIONS.map((dimension) => {
    const { column, many } = FACET_VALUES[dimension];
    const value = many ? 'v.value' : `b.${column}`;
    return `SELECT b.scope_code, '${dimension}' AS dimension, ${value}::text AS value, count(*) AS count
              FROM base b${many ? ` CROSS JOIN unnest(b.${column}) AS v(value)` : ''}
             WHERE ${others(dimension)}
             GROUP BY b.scope_code, ${value}`;
  });
  return `WITH base AS MATERIALIZED (
            SELECT ${scopeCode} AS scope_code, c.department, c.level, c.category, c.years, ${REGION_LEVELS_OF_ROW} AS region_levels,
                   ${FACET_DIMENSIONS.map((d) => `${holds(d)} AS on_${d}`).join(', ')}
              ${source}
          )
          ${counts.join(' UNION ALL ')}`;
}

interface FacetRow {
  scope_code: string;
  dimension: FacetDimension;
  value: string;
  count: string;
}

function toFacets(rows: FacetRow[]): CatalogFacets {
  const facets = Object.fromEntries(FACET_DIMENSIONS.map((d) => [d, new Map<string, number>()])) as CatalogFacets;
  for (const row of rows) facets[row.dimension].set(row.value, Number(row.count));
  return facets;
}

export interface CatalogPage {
  rows: PolicyMeasure[];
  /** The sort key of each row, for its cursor. */
  keys: SortKey[];
  totalCount: number;
}

/** Reads of the catalog. Lists for many regions share one statement per request. */
export class CatalogRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: LoaderRegistry,
  ) {}

  byId(id: string): Promise<PolicyMeasure | null> {
    return this.loaders
      .get<string, PolicyMeasure | null>('catalog.byId', async (ids) => {
        const rows: CatalogRow[] = await this.dataSource.query(
          `SELECT ${CATALOG_COLUMNS} FROM catalog_measures c WHERE c.id = ANY($1::text[])`,
          [ids],
        );
        return byKey(ids, rows.map(toPolicyMeasure), (m) => m.id);
      })
      .load(id);
  }

  /**
   * A page of measures matching the filter within a region (null: the whole province), after the
   * window's cursor, with `window.limit + 1` rows at most (the extra one says a next page exists)
   * and the count of every match. Calls with the same filter and window for different regions are
   * batched into one statement.
   */
  search(regionCode: string | null, filter: CatalogFilter, window: PageWindow): Promise<CatalogPage> {
    const batchKey = `catalog.search:${JSON.stringify([filter, window])}`;
    return this.loaders
      .get<string, CatalogPage>(batchKey, async (codes) => {
        const pages = new Map<string, CatalogPage>();
        const regional = codes.filter((code) => code !== WHOLE_PROVINCE);
        // Two statements at most, so each can use its index: the region_scope GIN index for
        // regions, the (level_rank, id) index for the whole province.
        if (regional.length < codes.length) pages.set(WHOLE_PROVINCE, await this.searchProvince(filter, window));
        if (regional.length > 0) {
          const params: unknown[] = regionParams(regional);
          const { where, sort } = buildCatalogQuery(filter, params);
          const inRegion = `${catalogRegionCondition(filter.scope ?? 'WITHIN', 'p.code', 'p.applies')} AND ${where.join(' AND ')}`;
          const after = window.after ? ` AND ${keysetCondition(sort, window.after, params)}` : '';
          params.push(window.limit + 1);
          const limit = `$${params.length}`;
          const rows: Record<string, unknown>[] = await this.dataSource.query(
            // Each region's count and its page's rows in the page's order; a region with an empty
            // page still has one row, carrying its count.
            `SELECT p.code AS scope_code, t.total, m.*
               FROM unnest($1::text[], $2::text[]) AS p(code, applies)
               CROSS JOIN LATERAL (SELECT count(*) AS total FROM catalog_measures c WHERE ${inRegion}) t
               LEFT JOIN LATERAL (
                 SELECT ${CATALOG_COLUMNS}, ${sort.map((_, i) => `page.k${i}`).join(', ')}
                   FROM (${pageOfIds(`${inRegion}${after}`, sort, limit)}) page
                   JOIN catalog_measures c ON c.id = page.id
               ) m ON true
              ORDER BY p.code, ${sort.map((_, i) => `m.k${i}`).join(', ')}`,
            params,
          );
          for (const code of regional)
            pages.set(
              code,
              toPage(
                rows.filter((r) => r['scope_code'] === code),
                sort,
              ),
            );
        }
        return codes.map((code) => pages.get(code)!);
      })
      .load(scopeKey(regionCode, filter));
  }

  private async searchProvince(filter: CatalogFilter, window: PageWindow): Promise<CatalogPage> {
    const params: unknown[] = [];
    const { where, sort } = buildCatalogQuery(filter, params);
    const after = window.after ? ` AND ${keysetCondition(sort, window.after, params)}` : '';
    params.push(window.limit + 1);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${CATALOG_COLUMNS}, ${sort.map((_, i) => `page.k${i}`).join(', ')}, t.total
         FROM (SELECT count(*) AS total FROM catalog_measures c WHERE ${where.join(' AND ')}) t
         LEFT JOIN (${pageOfIds(`${where.join(' AND ')}${after}`, sort, `$${params.length}`)}) page ON true
         LEFT JOIN catalog_measures c ON c.id = page.id
        ORDER BY ${sort.map((_, i) => `page.k${i}`).join(', ')}`,
      params,
    );
    return toPage(rows, sort);
  }

  /**
   * The facets of the measures matching the filter within a region (null: the whole province).
   * Calls with the same filter for different regions are batched into one statement.
   */
  facets(regionCode: string | null, filter: CatalogFilter): Promise<CatalogFacets> {
    return this.loaders
      .get<string, CatalogFacets>(`catalog.facets:${JSON.stringify(filter)}`, async (codes) => {
        const facets = new Map<string, CatalogFacets>();
        const regional = codes.filter((code) => code !== WHOLE_PROVINCE);
        // As for pages: the whole province in its own statement, every region in another.
        if (regional.length < codes.length) {
          const params: unknown[] = [];
          const query = buildCatalogQuery(filter, params, { counting: true });
          const rows = await this.dataSource.query(
            facetStatement(query, `'${WHOLE_PROVINCE}'`, `FROM catalog_measures c WHERE ${query.common.join(' AND ')}`),
            params,
          );
          facets.set(WHOLE_PROVINCE, toFacets(rows));
        }
        if (regional.length > 0) {
          const params: unknown[] = regionParams(regional);
          const query = buildCatalogQuery(filter, params, { counting: true });
          const inRegion = catalogRegionCondition(filter.scope ?? 'WITHIN', 'p.code', 'p.applies');
          const rows: FacetRow[] = await this.dataSource.query(
            facetStatement(
              query,
              'p.code',
              `FROM unnest($1::text[], $2::text[]) AS p(code, applies)
               JOIN catalog_measures c ON ${inRegion} AND ${query.common.join(' AND ')}`,
            ),
            params,
          );
          for (const code of regional) facets.set(code, toFacets(rows.filter((row) => row.scope_code === code)));
        }
        return codes.map((code) => facets.get(code)!);
      })
      .load(scopeKey(regionCode, filter));
  }

  async changesAfter(
    seq: number,
    limit: number,
  ): Promise<{ seq: string; measure_id: string; department: string; version: number; kind: string; changed_at: Date }[]> {
    return this.dataSource.query(
      `SELECT seq, measure_id, department, version, kind, changed_at FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [seq, limit],
    );
  }
}
