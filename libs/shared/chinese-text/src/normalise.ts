import { correctKnownMisprints } from './correct-misprints';
import { stripScrapingNoise } from './strip-scraping-noise';
import { toSimplified } from './to-simplified';

/**
 * The search key of a text. Both indexed text and users' queries go through it, so that 教育行動方案 and
 * 教育行动方案, or ＧＤＰ and gdp, meet. Not for display: line breaks and full-width punctuation are lost.
 */
export function normaliseForSearch(text: string): string {
  return correctKnownMisprints(toSimplified(stripScrapingNoise(text)))
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
