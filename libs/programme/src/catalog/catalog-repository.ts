import type { DataSource } from 'typeorm';
import { regionScope } from '@hkp/policy-model';
import { byKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { buildCatalogQuery, catalogRegionCondition, type CatalogFilter } from './catalog-query';
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
 * The ids of one page with the total of all matches, counted over narrow rows (id and sort keys):
 * counting over whole rows (points, targets, provenance) spilled the province's window to disk.
 * The page's whole rows are joined afterwards. `last` is the index of the OFFSET parameter.
 */
function pageOfIds(where: string, orderBy: string, last: number): string {
  return `SELECT c.id, count(*) OVER () AS total
            FROM catalog_measures c
           WHERE ${where}
           ORDER BY ${orderBy}
           LIMIT $${last - 1} OFFSET $${last}`;
}

/** A page of rows carrying the windowed total; -1 when the window holds no row to carry it. */
function toPage(rows: (CatalogRow & { total: string })[]): CatalogPage {
  return { rows: rows.map(toPolicyMeasure), totalCount: rows.length > 0 ? Number(rows[0]!.total) : -1 };
}

export interface CatalogPage {
  rows: PolicyMeasure[];
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
   * A page of measures matching the filter within a region (null: the whole province). Calls
   * with the same filter and window for different regions are batched into one statement.
   */
  search(regionCode: string | null, filter: CatalogFilter, limit: number, offset: number): Promise<CatalogPage> {
    const batchKey = `catalog.search:${JSON.stringify([filter, limit, offset])}`;
    return this.loaders
      .get<string, CatalogPage>(batchKey, async (codes) => {
        const pages = new Map<string, CatalogPage>();
        const regional = codes.filter((code) => code !== WHOLE_PROVINCE);
        // Two statements at most, so each can use its index: the region_scope GIN index for
        // regions, the (level_rank, id) index for the whole province.
        if (regional.length < codes.length) pages.set(WHOLE_PROVINCE, await this.searchProvince(filter, limit, offset));
        if (regional.length > 0) {
          const params: unknown[] = regionParams(regional);
          const { where, orderBy } = buildCatalogQuery(filter, params);
          const inRegion = catalogRegionCondition(filter.scope ?? 'WITHIN', 'p.code', 'p.applies');
          params.push(limit, offset);
          const rows: (CatalogRow & { scope_code: string; total: string })[] = await this.dataSource.query(
            // Each region's rows in the page's order: numbered inside, ordered outside.
            `SELECT p.code AS scope_code, m.*
               FROM unnest($1::text[], $2::text[]) AS p(code, applies)
               CROSS JOIN LATERAL (
                 SELECT ${CATALOG_COLUMNS}, page.total, row_number() OVER (ORDER BY ${orderBy}) AS position
                   FROM (${pageOfIds(`${inRegion} AND ${where.join(' AND ')}`, orderBy, params.length)}) page
                   JOIN catalog_measures c ON c.id = page.id
               ) m
              ORDER BY p.code, m.position`,
            params,
          );
          for (const code of regional) pages.set(code, toPage(rows.filter((r) => r.scope_code === code)));
        }
        return codes.map((code) => pages.get(code)!);
      })
      .load(scopeKey(regionCode, filter))
      .then(async (page) => {
        if (page.totalCount >= 0) return page;
        // No row in the window: from the start of a non-empty window, nothing matches at all.
        if (offset === 0 && limit > 0) return { rows: [], totalCount: 0 };
        return { rows: [], totalCount: await this.count(regionCode, filter) };
      });
  }

  private async searchProvince(filter: CatalogFilter, limit: number, offset: number): Promise<CatalogPage> {
    const params: unknown[] = [];
    const { where, orderBy } = buildCatalogQuery(filter, params);
    params.push(limit, offset);
    const rows: (CatalogRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${CATALOG_COLUMNS}, page.total
         FROM (${pageOfIds(where.join(' AND '), orderBy, params.length)}) page
         JOIN catalog_measures c ON c.id = page.id
        ORDER BY ${orderBy}`,
      params,
    );
    return toPage(rows);
  }

  /**
   * Only needed for a page past the end (or `first: 0`), where the windowed count has no row to
   * ride on. Batched like search: many regions with an empty page still cost one statement.
   */
  private count(regionCode: string | null, filter: CatalogFilter): Promise<number> {
    return this.loaders
      .get<string, number>(`catalog.count:${JSON.stringify(filter)}`, async (codes) => {
        const params: unknown[] = regionParams(codes.map((c) => (c === WHOLE_PROVINCE ? null : c)));
        const { where } = buildCatalogQuery(filter, params);
        const inRegion = catalogRegionCondition(filter.scope ?? 'WITHIN', 'p.code', 'p.applies');
        const rows: { scope_code: string | null; total: string }[] = await this.dataSource.query(
          `SELECT p.code AS scope_code,
                  (SELECT count(*) FROM catalog_measures c
                    WHERE (p.code IS NULL OR ${inRegion}) AND ${where.join(' AND ')}) AS total
             FROM unnest($1::text[], $2::text[]) AS p(code, applies)`,
          params,
        );
        return codes.map((code) => Number(rows.find((r) => (r.scope_code ?? WHOLE_PROVINCE) === code)?.total ?? 0));
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
