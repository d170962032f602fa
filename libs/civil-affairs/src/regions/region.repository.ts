import { In, type DataSource, type Repository } from 'typeorm';
import { byKey, groupByKey, type LoaderRegistry } from '@hkp/subgraph-kit';
import { RegionEntity } from './region.entity';
import { toRegion } from './region.mapper';
import type { Region } from './region.type';

export interface RegionQuery {
  level?: string | null;
  parentCode?: string | null;
  area?: string | null;
  withinCode?: string | null;
  /** Matched as a substring of the names' search keys, so it must be a key itself (regionNameKey). */
  nameKey?: string | null;
  limit: number;
  offset: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Region reads; every per-row lookup goes through a DataLoader batch. */
export class RegionRepository {
  private readonly repo: Repository<RegionEntity>;

  constructor(
    dataSource: DataSource,
    private readonly loaders: LoaderRegistry,
  ) {
    this.repo = dataSource.getRepository(RegionEntity);
  }

  byCode(code: string): Promise<Region | null> {
    return this.loaders
      .get<string, Region | null>('region.byCode', async (codes) => {
        const rows = await this.repo.findBy({ code: In([...codes]) });
        return byKey(codes, rows.map(toRegion), (r) => r.code);
      })
      .load(code);
  }

  byCodes(codes: readonly string[]): Promise<(Region | null)[]> {
    return Promise.all(codes.map((code) => this.byCode(code)));
  }

  childrenOf(code: string): Promise<Region[]> {
    return this.loaders
      .get<string, Region[]>('region.children', async (codes) => {
        const rows = await this.repo.find({ where: { parentCode: In([...codes]) }, order: { code: 'ASC' } });
        return groupByKey(codes, rows.map(toRegion), (r) => r.parentCode as string);
      })
      .load(code);
  }

  async list(query: RegionQuery): Promise<{ rows: Region[]; totalCount: number }> {
    const qb = this.repo.createQueryBuilder('r');
    if (query.level) qb.andWhere('r.level = :level', { level: query.level });
    if (query.parentCode) qb.andWhere('r.parent_code = :parentCode', { parentCode: query.parentCode });
    if (query.area) qb.andWhere('r.area = :area', { area: query.area });
    if (query.withinCode) qb.andWhere('r.ancestor_codes @> ARRAY[:within]::varchar[]', { within: query.withinCode });
    if (query.nameKey) qb.andWhere(`r.name_key LIKE :name ESCAPE '\\'`, { name: `%${escapeLike(query.nameKey)}%` });
    // Exact names first, then shorter (closer) matches, then code order: stable pages.
    if (query.nameKey) {
      qb.orderBy('(r.name_key = :exact)', 'DESC')
        .setParameter('exact', query.nameKey)
        .addOrderBy('length(r.name)', 'ASC')
        .addOrderBy('r.code', 'ASC');
    } else {
      qb.orderBy('r.code', 'ASC');
    }
    const [entities, totalCount] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return { rows: entities.map(toRegion), totalCount };
  }
}
