import { In, type DataSource } from 'typeorm';
import { byKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { MeasureEntity } from './entities/measure.entity';
import { readMeasureFeed, type MeasureFeedRead } from './measure-feed';
import { regionPrefix, regionScope, regionScopeSql, type RegionScopeName } from './region-scope';

/** A department's reads of its own measures; per-row lookups are DataLoader batches. */
export class MeasureStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: LoaderRegistry,
  ) {}

  byId(id: string): Promise<MeasureEntity | null> {
    return this.loaders
      .get<string, MeasureEntity | null>('measure.byId', async (ids) => {
        const rows = await this.dataSource.getRepository(MeasureEntity).findBy({ id: In([...ids]) });
        return byKey(ids, rows, (m) => m.id);
      })
      .load(id);
  }

  /**
   * The first `limit` measures (by id) a region selects under a scope (see RegionScope), for many
   * regions in one statement (one batch per page size and scope).
   */
  touchingRegion(code: string, limit: number, scope: RegionScopeName = 'WITHIN'): Promise<MeasureEntity[]> {
    return this.loaders
      .get<string, MeasureEntity[]>(`measure.byRegion:${scope}:${limit}`, async (codes) => {
        const rows: (Record<string, unknown> & { matched_code: string })[] = await this.dataSource.query(
          `SELECT m.id, p.code AS matched_code
             FROM unnest($1::text[], $2::text[], $3::text[]) AS p(code, prefix, applies)
             CROSS JOIN LATERAL (
               SELECT m.id FROM measures m
                WHERE m.archived_at IS NULL
                  AND ${regionScopeSql(scope, 'm.region_codes', { code: 'p.code', prefix: 'p.prefix', applies: 'p.applies' })}
                ORDER BY m.id
                LIMIT $4) m
            ORDER BY m.id`,
          [codes, codes.map(regionPrefix), codes.map((c) => regionScope(c).join(',')), limit],
        );
        const measures = await Promise.all(rows.map((row) => this.byId(row['id'] as string)));
        return codes.map((c) => measures.filter((m, i): m is MeasureEntity => m !== null && rows[i]?.matched_code === c));
      })
      .load(code);
  }

  /** A page of measures by id, after the id `afterId`, with the count of all that match; `limit` rows at most. */
  async list(options: {
    regionCode?: string | null;
    scope?: RegionScopeName;
    limit: number;
    afterId: string | null;
  }): Promise<{ rows: MeasureEntity[]; totalCount: number }> {
    const qb = this.dataSource.getRepository(MeasureEntity).createQueryBuilder('m').where('m.archived_at IS NULL');
    if (options.regionCode) {
      qb.andWhere(regionScopeSql(options.scope ?? 'WITHIN', 'm.region_codes', { code: ':code', prefix: ':prefix', applies: ':applies' }), {
        code: options.regionCode,
        prefix: regionPrefix(options.regionCode),
        applies: regionScope(options.regionCode).join(','),
      });
    }
    const page = qb.clone().orderBy('m.id', 'ASC').limit(options.limit);
    // Keyset: the rows after the last one seen, wherever rows were added or archived before it.
    if (options.afterId !== null) page.andWhere('m.id > :afterId', { afterId: options.afterId });
    // The count on its own: the same two statements for any page, so its cost does not depend on its size.
    const [rows, totalCount] = await Promise.all([page.getMany(), qb.getCount()]);
    return { rows, totalCount };
  }

  /** The outbox after `seq`, oldest first, with the feed's id and latest seq: what the catalog has not seen yet. */
  feed(seq: number, limit: number): Promise<MeasureFeedRead> {
    return readMeasureFeed(this.dataSource, seq, limit);
  }
}
