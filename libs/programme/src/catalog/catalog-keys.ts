import { normaliseForSearch, pinyinKeysOf, SEARCH_KEY_VERSION, type PinyinKeys, type PinyinOptions } from '@hkp/chinese-text';
import { regionNamesOf } from './region-names';

/**
 * The version of the level ranks the catalog stores (`level_rank`, the order lists are sorted by).
 * Bump it with any change to levelRankOf: a start then rebuilds every stored rank (see
 * catalog-key-rebuild.ts).
 */
export const LEVEL_RANK_VERSION = 1;

const LEVEL_RANK: Record<string, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2 };

/** Where a measure of a level sorts: the province's measures first, then cities', then counties'; any other level last. */
export function levelRankOf(level: string): number {
  return LEVEL_RANK[level] ?? 3;
}

/** The texts a measure is searched by. The catalog row keeps every one, so its keys can be derived again from the row. */
export interface SearchedText {
  title: string;
  originalTitle: string;
  /** As published (noise stripped); the normalisation makes them display text and more. */
  points: string[];
  responsibleBody: string;
  issuer: string;
  /** The indicators of the measure's targets. */
  indicators: string[];
  /** The codes of the regions the measure is for: their names are searched, in characters and pinyin. */
  regionCodes: string[];
  /**
   * The source's excerpt when the measure comes from an article in another language (the English
   * inspections summary): its words find the measure. Empty for Chinese sources, whose passages
   * the points already hold.
   */
  foreignExcerpt: string;
}

/** The foreign excerpt of a measure's source (SearchedText.foreignExcerpt). */
export function foreignExcerptOf(source: { excerpt: string; originalTitleLanguage?: string }): string {
  return (source.originalTitleLanguage ?? 'zh') === 'zh' ? '' : source.excerpt;
}

export interface SearchKeys {
  /** Both titles, normalised: a title hit ranks first. */
  title: string;
  /** Everything search looks at, normalised. */
  text: string;
}

/**
 * The search keys of a measure, derived once at write time so queries compare like with like: the
 * normalised texts, then the pinyin of the title (deqingxian …) and of the regions' names with
 * their initials (foshanshi fss). A query term matches as a substring, so "deqing" finds a measure
 * for 德庆县 and "dqx" one whose region it is; no pinyin is computed at query time.
 */
export function searchKeysOf(
  searched: SearchedText,
  normalise: (text: string) => string = normaliseForSearch,
  pinyin: (text: string, options?: PinyinOptions) => PinyinKeys = pinyinKeysOf,
): SearchKeys {
  const regionNames = regionNamesOf(searched.regionCodes);
  const titlePinyin = pinyin(searched.title).full;
  const regionPinyin = regionNames.flatMap((name) => {
    const keys = pinyin(name, { placeName: true });
    return [keys.full, keys.initials];
  });
  const texts = [
    searched.title,
    searched.originalTitle,
    ...searched.points,
    searched.responsibleBody,
    searched.issuer,
    ...searched.indicators,
    ...regionNames,
    searched.foreignExcerpt,
  ];
  return {
    title: [normalise(`${searched.title} ${searched.originalTitle}`), titlePinyin].filter(Boolean).join(' '),
    text: [normalise(texts.filter(Boolean).join(' \n ')), titlePinyin, ...regionPinyin].filter(Boolean).join(' \n '),
  };
}

/**
 * How the catalog derives the keys it stores, with the version of each kind. Stored rows record the
 * versions they were derived with; a rebuild brings rows with older versions to these. Tests pass
 * another derivation, as a newer release of the code would bring.
 */
export interface CatalogKeyDerivation {
  /** Of search_title and search_text: SEARCH_KEY_VERSION. */
  searchKeyVersion: number;
  normalise(text: string): string;
  /** Of level_rank: LEVEL_RANK_VERSION. */
  levelRankVersion: number;
  levelRank(level: string): number;
}

export const CURRENT_CATALOG_KEYS: CatalogKeyDerivation = {
  searchKeyVersion: SEARCH_KEY_VERSION,
  normalise: normaliseForSearch,
  levelRankVersion: LEVEL_RANK_VERSION,
  levelRank: levelRankOf,
};
