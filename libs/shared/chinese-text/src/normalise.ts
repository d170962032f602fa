import { correctKnownMisprints } from './correct-misprints';
import { stripScrapingNoise } from './strip-scraping-noise';
import { toSimplified } from './to-simplified';

/**
 * The version of the search keys normaliseForSearch and the pinyin module (pinyin.ts) make. Keys
 * are stored (regions.name_key and the regions' pinyin columns, the catalog's search columns), so
 * bump it whenever a change to this function, to toSimplified's tables, to stripScrapingNoise, to
 * KNOWN_MISPRINTS, to the pinyin keys, to PINYIN_OVERRIDES or to the pinyin-pro release can give a
 * stored text another key: the region seed's checksum includes it and catalog rows record it, so
 * the next start rebuilds the keys an older version stored (docs/data.md, "Derived keys and their
 * versions").
 *
 * 2: pinyin and initials of region names and measure titles (issue #12).
 */
export const SEARCH_KEY_VERSION = 2;

/**
 * A text as the graph shows it (`title`, `points`): scraping noise stripped, Simplified, known
 * misprints (百县干镇) corrected. Published wording is kept apart, as `originalTitle` and quotes.
 */
export function toDisplayText(text: string): string {
  return correctKnownMisprints(toSimplified(stripScrapingNoise(text)));
}

/**
 * The search key of a text. Both indexed text and users' queries go through it, so that 教育行動方案 and
 * 教育行动方案, or ＧＤＰ and gdp, meet. Not for display: line breaks and full-width punctuation are lost.
 */
export function normaliseForSearch(text: string): string {
  return toDisplayText(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
