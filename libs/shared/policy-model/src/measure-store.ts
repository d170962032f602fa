import { In, type DataSource } from 'typeorm';
import { byKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { MeasureEntity } from './entities/measure.entity';
import { readMeasureFeed, type MeasureFeedRead } from './measure-feed';
import { regionPrefix } from './region-scope';

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
   * The first `limit` measures (by id) touching each region or anything below it, for many regions
   * in one statement (one batch per page size).
   */
  touchingRegion(code: string, limit: number): Promise<MeasureEntity[]> {
    return this.loaders
      .get<string, MeasureEntity[]>(`measure.byRegion:${limit}`, async (codes) => {
        const prefixes = codes.map(regionPrefix);
        const rows: (Record<string, unknown> & { matched_prefix: string })[] = await this.dataSource.query(
          `SELECT m.id, p.prefix AS matched_prefix
             FROM unnest($1::text[]) AS p(prefix)
             CROSS JOIN LATERAL (
               SELECT m.id FROM measures m
                WHERE m.archived_at IS NULL
                  AND EXISTS (SELECT 1 FROM unnest(m.region_codes) c WHERE c LIKE p.prefix || '%')
                ORDER BY m.id
                LIMIT $2) m
            ORDER BY m.id`,
          [prefixes, limit],
        );
        const measures = await Promise.all(rows.map((row) => this.byId(row['id'] as string)));
        return prefixes.map((prefix) => measures.filter((m, i): m is MeasureEntity => m !== null && rows[i]?.matched_prefix === prefix));
      })
      .load(code);
  }

  async list(options: {
    regionCode?: string | null;
    limit: number;
    offset: number;
  }): Promise<{ rows: MeasureEntity[]; totalCount: number }> {
    const qb = this.dataSource.getRepository(MeasureEntity).createQueryBuilder('m').where('m.archived_at IS NULL');
    if (options.regionCode) {
      qb.andWhere(`EXISTS (SELECT 1 FROM unnest(m.region_codes) c WHERE c LIKE :prefix)`, {
        prefix: `${regionPrefix(options.regionCode)}%`,
      });
    }
    const [rows, totalCount] = await qb.orderBy('m.id', 'ASC').take(options.limit).skip(options.offset).getManyAndCount();
    return { rows, totalCount };
  }

  /** The outbox after `seq`, oldest first, with the feed's id and latest seq: what the catalog has not seen yet. */
  feed(seq: number, limit: number): Promise<MeasureFeedRead> {
    return readMeasureFeed(this.dataSource, seq, limit);
  }
}
