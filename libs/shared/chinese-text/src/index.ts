export { stripScrapingNoise, stripPinyinAnnotations, repairMojibake, isPinyinSyllable } from './strip-scraping-noise';
export type { MojibakeRepair } from './strip-scraping-noise';
export { toSimplified } from './to-simplified';
export { toDisplayText, normaliseForSearch, SEARCH_KEY_VERSION } from './normalise';
export { correctKnownMisprints, KNOWN_MISPRINTS } from './correct-misprints';
