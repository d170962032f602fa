export { stripScrapingNoise, stripPinyinAnnotations, repairMojibake, isPinyinSyllable } from './strip-scraping-noise';
export type { MojibakeRepair } from './strip-scraping-noise';
export { toSimplified } from './to-simplified';
export { toDisplayText, normaliseForSearch, SEARCH_KEY_VERSION } from './normalise';
export { correctKnownMisprints, KNOWN_MISPRINTS } from './correct-misprints';
export {
  pinyinKeysOf,
  pinyinQueryKey,
  pinyinSyllables,
  placeNamePinyin,
  tonelessSyllable,
  PINYIN_LIBRARY_VERSION,
  type PinyinKeys,
  type PinyinOptions,
} from './pinyin';
export { PINYIN_OVERRIDES, type PinyinOverride } from './pinyin-overrides';
