// Known misprints of the scraped pages that are certain from context, corrected in the normalised text
// (titles, points, search keys) only. Quotes stay as published: `originalTitle` and excerpts keep them.
//
// 千 and 干 differ by one stroke; the sites the seeds come from (and OCR) confuse them. In the project's
// own name 百县千镇万村 the reading is never in doubt, so 干 there is corrected, in either script
// (湛江's plan is published as 《关于湛江市全面推进“百縣干鎮萬村…”…》, seed 001 line 113). Nothing
// outside the name is touched: 干 is an ordinary character (苦干实干, 干部).

// Search keys are stored: adding or changing an entry here changes keys, so bump SEARCH_KEY_VERSION
// (normalise.ts) with it.

interface Misprint {
  readonly pattern: RegExp;
  readonly replacement: string;
  /** Where it was seen, for review. */
  readonly seenIn: string;
}

export const KNOWN_MISPRINTS: readonly Misprint[] = [
  // 百县干镇 / 百縣干鎮 → 百县千镇 / 百縣千鎮
  { pattern: /百([县縣])干([镇鎮])/g, replacement: '百$1千$2', seenIn: '001_62ec94c333414f9e:113' },
  // the same slip in the name's second half on its own: 干镇万村 → 千镇万村
  { pattern: /干([镇鎮])([万萬])村/g, replacement: '千$1$2村', seenIn: 'by analogy with the line above' },
];

/** The text with the known misprints corrected; anything else is returned unchanged. */
export function correctKnownMisprints(text: string): string {
  return KNOWN_MISPRINTS.reduce((out, { pattern, replacement }) => out.replace(pattern, replacement), text);
}
