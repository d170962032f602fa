import type { DataSource } from 'typeorm';
import { byKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { buildCatalogQuery, type CatalogFilter } from './catalog-query';
import { CATALOG_COLUMNS, toPolicyMeasure, type CatalogRow } from './catalog-row';
import type { PolicyMeasure } from './policy-measure.type';

export interface CatalogPage {
  rows: PolicyMeasure[];
  totalCount: number;
}

/** Reads of the catalog. Lists for many regions share one statement per request. */
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource, private readonly loaders: LoaderRegistry) {}

  byId(id: string): Promise<PolicyMeasure | null> {
    return this.loaders
      .get<string, PolicyMeasure | null>('catalog.byId', async (ids) => {
        const rows: CatalogRow[] = await this.dataSource.query(`SELECT ${CATALOG_COLUMNS} FROM catalog_measures c WHERE c.id = ANY($1::text[])`, [ids]);
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
        const params: unknown[] = [codes.map((c) => (c === '' ? null : c))];
        const { where, orderBy } = buildCatalogQuery(filter, params);
        params.push(limit, offset);
        const rows: (CatalogRow & { scope_code: string | null; total: string })[] = await this.dataSource.query(
          `SELECT p.code AS scope_code, m.*
             FROM unnest($1::text[]) AS p(code)
             CROSS JOIN LATERAL (
               SELECT ${CATALOG_COLUMNS}, count(*) OVER () AS total
                 FROM catalog_measures c
                WHERE (p.code IS NULL OR c.region_scope @> ARRAY[p.code]) AND ${where.join(' AND ')}
                ORDER BY ${orderBy}
                LIMIT $${params.length - 1} OFFSET $${params.length}
             ) m`,
          params,
        );
        return codes.map((code) => {
          const mine = rows.filter((r) => (r.scope_code ?? '') === code);
          return { rows: mine.map(toPolicyMeasure), totalCount: mine.length > 0 ? Number(mine[0]!.total) : -1 };
        });
      })
      .load(regionCode ?? '')
      .then(async (page) => {
        if (page.totalCount >= 0) return page;
        // No row in the window: from the start of a non-empty window, nothing matches at all.
        if (offset === 0 && limit > 0) return { rows: [], totalCount: 0 };
        return { rows: [], totalCount: await this.count(regionCode, filter) };
      });
  }

  /**
   * Only needed for a page past the end (or `first: 0`), where the windowed count has no row to
   * ride on. Batched like search: many regions with an empty page still cost one statement.
   */
  private count(regionCode: string | null, filter: CatalogFilter): Promise<number> {
    return this.loaders
      .get<string, number>(`catalog.count:${JSON.stringify(filter)}`, async (codes) => {
        const params: unknown[] = [codes.map((c) => (c === '' ? null : c))];
        const { where } = buildCatalogQuery(filter, params);
        const rows: { scope_code: string | null; total: string }[] = await this.dataSource.query(
          `SELECT p.code AS scope_code,
                  (SELECT count(*) FROM catalog_measures c
                    WHERE (p.code IS NULL OR c.region_scope @> ARRAY[p.code]) AND ${where.join(' AND ')}) AS total
             FROM unnest($1::text[]) AS p(code)`,
          params,
        );
        return codes.map((code) => Number(rows.find((r) => (r.scope_code ?? '') === code)?.total ?? 0));
      })
      .load(regionCode ?? '');
  }

  async changesAfter(seq: number, limit: number): Promise<{ seq: string; measure_id: string; department: string; version: number; kind: string; changed_at: Date }[]> {
    return this.dataSource.query(
      `SELECT seq, measure_id, department, version, kind, changed_at FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [seq, limit],
    );
  }
}
