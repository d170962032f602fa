import { In, type DataSource, type Repository } from 'typeorm';
import { byKey, groupByKey, type LoaderRegistry, type SortKey, type SortKeyShape } from '@hkp/subgraph-kit';
import { RegionEntity } from './region.entity';
import { regionPinyinQuery } from './region-name-key';
import { toRegion } from './region.mapper';
import type { Region } from './region.type';

export interface RegionQuery {
  level?: string | null;
  parentCode?: string | null;
  area?: string | null;
  withinCode?: string | null;
  /**
   * Matched as a substring of the names' search keys, so it must be a key itself (regionNameKey);
   * when it is pinyin (letters only), also of the names' pinyin and initials.
   */
  nameKey?: string | null;
  limit: number;
  /** The sort key of the last region of the previous page (see regionSortShape). */
  after: SortKey | null;
}

/** Regions sort by code; a name search by [exact match first (0, else 1), name length, code]. */
export const regionSortShape = (nameSearch: boolean): SortKeyShape => (nameSearch ? ['number', 'number', 'string'] : ['string']);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Whether a region's name is the one searched for, as the sort key's first part says in SQL. */
function isExact(region: RegionEntity, nameKey: string, pinyin: string | null): boolean {
  return region.nameKey === nameKey || (pinyin !== null && (region.pinyinKey === pinyin || region.pinyinInitials === pinyin));
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

  async list(query: RegionQuery): Promise<{ rows: Region[]; keys: SortKey[]; totalCount: number }> {
    const qb = this.repo.createQueryBuilder('r');
    if (query.level) qb.andWhere('r.level = :level', { level: query.level });
    if (query.parentCode) qb.andWhere('r.parent_code = :parentCode', { parentCode: query.parentCode });
    if (query.area) qb.andWhere('r.area = :area', { area: query.area });
    if (query.withinCode) qb.andWhere('r.ancestor_codes @> ARRAY[:within]::varchar[]', { within: query.withinCode });
    // A name in pinyin (foshan, "fo shan") or its initials (fss) also matches the stored pinyin keys.
    const pinyin = query.nameKey ? regionPinyinQuery(query.nameKey) : null;
    if (query.nameKey) {
      const matches = [
        `r.name_key LIKE :name ESCAPE '\\'`,
        ...(pinyin ? ['r.pinyin_key LIKE :pinyin', 'r.pinyin_initials LIKE :pinyin'] : []),
      ];
      qb.andWhere(`(${matches.join(' OR ')})`, { name: `%${escapeLike(query.nameKey)}%`, pinyin: `%${pinyin}%` });
    }
    // Exact names first (in characters, pinyin or initials), then shorter (closer) matches, then
    // code order: stable pages. The sort key is ascending in every part, so a cursor continues
    // with one row comparison.
    const exact = '(CASE WHEN r.name_key = :exact OR r.pinyin_key = :exactPinyin OR r.pinyin_initials = :exactPinyin THEN 0 ELSE 1 END)';
    const key = query.nameKey ? [exact, 'length(r.name)', 'r.code'] : ['r.code'];
    const page = qb.clone();
    if (query.nameKey) page.setParameters({ exact: query.nameKey, exactPinyin: pinyin });
    key.forEach((expression, i) => (i === 0 ? page.orderBy(expression, 'ASC') : page.addOrderBy(expression, 'ASC')));
    if (query.after) {
      const after = query.after.map((_, i) => `:after_${i}`);
      page.andWhere(`(${key.join(', ')}) > (${after.join(', ')})`, Object.fromEntries(query.after.map((v, i) => [`after_${i}`, v])));
    }
    const [entities, totalCount] = await Promise.all([page.limit(query.limit).getMany(), qb.getCount()]);
    // The same key in JavaScript: PostgreSQL's length() counts characters, as spreading a string does.
    const keys = entities.map((r): SortKey =>
      query.nameKey ? [isExact(r, query.nameKey, pinyin) ? 0 : 1, [...r.name].length, r.code] : [r.code],
    );
    return { rows: entities.map(toRegion), keys, totalCount };
  }
}
