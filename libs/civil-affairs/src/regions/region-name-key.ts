import { normaliseForSearch, pinyinKeysOf, pinyinQueryKey, placeNamePinyin } from '@hkp/chinese-text';

/**
 * The key a region's name is searched by, and the key a `regions(name:)` argument is turned into: both sides
 * go through the shared search normalisation, so 南海區 finds 南海区 and 乾務鎮 finds 乾务镇 (whose stored
 * name is not what Traditional → Simplified of it gives).
 */
export function regionNameKey(name: string): string {
  return normaliseForSearch(name);
}

/** A region name's pinyin: for display, and the keys typed pinyin is matched against. */
export interface RegionPinyin {
  /** With tone marks, as served (Region.pinyin): Fóshān Shì. */
  pinyin: string;
  /** Toneless syllables run together: foshanshi. */
  pinyinKey: string;
  /** First letters of the syllables: fss. */
  pinyinInitials: string;
}

/** The pinyin of an official name, place-name readings and curated overrides applied (大埔县 → Dàbù Xiàn, dabuxian, dbx). */
export function regionPinyinOf(name: string): RegionPinyin {
  const keys = pinyinKeysOf(name, { placeName: true });
  // Queries are matched without spaces ("fo shan" → foshan), so the keys have none either.
  return { pinyin: placeNamePinyin(name), pinyinKey: keys.full.replace(/ /g, ''), pinyinInitials: keys.initials.replace(/ /g, '') };
}

/**
 * What a name search is matched against the pinyin keys as, from its name key: letters only
 * ("Fo Shan" → foshan, "DQX" → dqx); null when the search is not pinyin (佛山, 440600).
 */
export function regionPinyinQuery(nameKey: string): string | null {
  return pinyinQueryKey(nameKey);
}
