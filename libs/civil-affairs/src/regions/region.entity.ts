import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RegionLevelName } from '@hkp/region-data';

export { REGION_LEVELS, type RegionLevelName } from '@hkp/region-data';

@Entity({ name: 'regions' })
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Index()
  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;

  @Column({ type: 'text' })
  level: RegionLevelName;

  @Column({ type: 'text' })
  name: string;

  /** The name's search key (regionNameKey): what `regions(name:)` matches. */
  @Column({ name: 'name_key', type: 'text' })
  nameKey: string;

  /** The name in pinyin with tone marks, for display (regionPinyinOf): Fóshān Shì. */
  @Column({ type: 'text' })
  pinyin: string;

  /** Toneless pinyin run together, matched by typed pinyin: foshanshi. */
  @Column({ name: 'pinyin_key', type: 'text' })
  pinyinKey: string;

  /** The syllables' first letters, matched by typed initials: fss. */
  @Column({ name: 'pinyin_initials', type: 'text' })
  pinyinInitials: string;

  /** 珠三角 / 粤东 / 粤西 / 粤北; null for the province itself. */
  @Column({ type: 'text', nullable: true })
  area: string | null;

  /** Province first, parent last: lets one indexed query find everything below a region. */
  @Column({ name: 'ancestor_codes', type: 'varchar', length: 12, array: true })
  ancestorCodes: string[];
}
