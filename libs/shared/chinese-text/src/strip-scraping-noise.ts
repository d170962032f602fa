// Removes what the scrapers added to the seed articles, so that only the published text remains:
// pinyin glosses after characters, recoverable GBK mojibake, HTML residue, page chrome and spacing.

export interface MojibakeRepair {
  /** Kept as is in front of the run; only set where the run alone could be repaired in two ways. */
  readonly before: string;
  /** What the scraper left for the lost first byte: `?`, sometimes followed by a stray pinyin tail like `qū)`. */
  readonly marker: string;
  /** The rest of the run: the original's GBK bytes decoded one byte out of step (unmappable pairs dropped). */
  readonly shifted: string;
  /** Left of the character's pinyin gloss after the run, removed with it. */
  readonly after?: string;
  /** The published text. */
  readonly original: string;
  /** Seed document and line where the run was found, for review. */
  readonly seenIn: string;
}

// Reviewed by hand. The shifted part is checked mechanically in the spec (re-encode `original` as GBK, drop
// the first byte, decode); the lost first byte is chosen from context, which is why only runs seen and
// understood are listed and anything else is dropped rather than guessed.
export const MOJIBAKE_REPAIRS: readonly MojibakeRepair[] = [
  { before: '', marker: '?qū)', shifted: '崿F', original: '實現', seenIn: '001_62ec94c333414f9e:14' },
  { before: '', marker: '?qū)', shifted: '嵤┥鷳B', original: '實施生態', seenIn: '001_62ec94c333414f9e:83' },
  { before: '', marker: '?qū)', shifted: 'θ懈哔|', original: '對全市高質', seenIn: '001_62ec94c333414f9e:100' },
  { before: '', marker: '?qū)', shifted: '嵤┣|', original: '實施千億', seenIn: '001_62ec94c333414f9e:110' },
  { before: '', marker: '?jié)', shifted: '摿Π濉?', original: '潛力板。', seenIn: '001_62ec94c333414f9e:123' },
  { before: '', marker: '?', shifted: '!翱h', original: '。“縣', seenIn: '002_fed1315bd0a98c07:20' },
  { before: '', marker: '?', shifted: '!敝靷フf', original: '。”朱偉說', seenIn: '002_fed1315bd0a98c07:20,42' },
  { before: '', marker: '?', shifted: '!敝靷ケ硎?', original: '。”朱偉表示', seenIn: '002_fed1315bd0a98c07:46' },
  { before: '', marker: '?', shifted: '!耙\uE036屵@', original: '。“要讓這', seenIn: '002_fed1315bd0a98c07:42' },
  { before: '', marker: '?', shifted: '!?', original: '。”', seenIn: '002_fed1315bd0a98c07:36' },
  // `??h` is 海縣 in one place and 。縣 in another: the preceding character decides.
  { before: '沿', marker: '?', shifted: '?h', original: '海縣', seenIn: '002_fed1315bd0a98c07:40' },
  { before: '建設', marker: '?', shifted: '?h', original: '。縣', seenIn: '002_fed1315bd0a98c07:42' },
  // The whole character is gone, its gloss cut to `?bào)`; 《西江日報》 and that gloss leave no doubt.
  { before: '西江日', marker: '?qǐng)', shifted: '?', after: 'bào)', original: '報', seenIn: '003_0eff2f5ab5a49e07:1' },
  { before: '', marker: '?yōu)', shifted: '闈摿Π?', original: '為潛力板', seenIn: '003_0eff2f5ab5a49e07:2' },
  { before: '', marker: '?jié)', shifted: '撃?', original: '潛能', seenIn: '003_0eff2f5ab5a49e07:4' },
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const REPAIR_BY_GARBLED = new Map(MOJIBAKE_REPAIRS.map((r) => [r.before + r.marker + r.shifted + (r.after ?? ''), r.before + r.original]));

// Longest first, so a run is never cut short by a shorter entry that is its prefix.
const REPAIR_PATTERN = new RegExp(
  [...REPAIR_BY_GARBLED.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|'),
  'g',
);

/** Replaces the reviewed mojibake runs by the published text. */
export function repairMojibake(text: string): string {
  return text.replace(REPAIR_PATTERN, (garbled) => REPAIR_BY_GARBLED.get(garbled) ?? garbled);
}

const INITIAL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?';
const FINAL =
  '(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve|vn|a|o|e|i|u|v)';
const SYLLABLE = new RegExp(`^${INITIAL}${FINAL}$`);

/** True for one lower-case pinyin syllable, with or without tone marks (`xiāng`, `huì`, `lü`, `de`). */
export function isPinyinSyllable(candidate: string): boolean {
  if (candidate !== candidate.toLowerCase()) return false;
  const decomposed = candidate.normalize('NFD');
  // ü decomposes to u + diaeresis; keep it apart from u so that `lüe` is still a syllable.
  const base = decomposed.replace(/u\u0308/g, 'v').replace(/\p{M}/gu, '');
  return /^[a-z]{1,6}$/.test(base) && SYLLABLE.test(base);
}

// A Han character followed by one syllable in ASCII or full-width brackets; the scraper sometimes left a
// space inside (`會(huì )`).
const PINYIN_GLOSS = /(\p{Script=Han})[(（]\s?([^\s()（）]{1,8})\s?[)）]/gu;

/** Removes pinyin glosses (`鄉(xiāng)` → `鄉`) and leaves real brackets such as `(市、區)` or `(2022—2025年)`. */
export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_GLOSS, (whole: string, han: string, gloss: string) => (isPinyinSyllable(gloss) ? han : whole));
}

// What is left of an unrepaired run: the lost-byte marker, a U+FFFD. The shifted characters themselves are
// ordinary code points and cannot be told apart from text, so they stay.
const LOST_BYTE_MARKER = /\?([^\s()（）?]{1,8})\)/gu;

function dropUnrecoverable(text: string): string {
  return text.replace(LOST_BYTE_MARKER, (whole: string, tail: string) => (isPinyinSyllable(tail) ? '' : whole)).replace(/\uFFFD/g, '');
}

// Tags and tag tails cut off by the scraper (`?/span>` after a repaired run, `/p>`).
const HTML_RESIDUE = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>|(?<![<\w])\/(?:span|p|div|a|b|i|em|strong|font|br)>/g;

// Whole lines that are page chrome, not article text.
const JUNK_LINES: readonly RegExp[] = [
  /^首[页頁]\s*>/, // breadcrumb navigation
  /^【打印】/, // print / font size toolbar
  /^已有\d+人[发發]表了[评評][论論]$/, // comment counter
  /^(?:[^|。，,]{1,40}\|){3,}[^|。，,]*$/, // SEO spam: a bare list of pipe-separated keywords
];

const isJunkLine = (line: string): boolean => JUNK_LINES.some((pattern) => pattern.test(line));

/**
 * The published text of a scraped passage: reviewed mojibake repaired, pinyin glosses, lost-byte markers,
 * U+FFFD, HTML residue and page-chrome lines removed, whitespace collapsed (one space inside a line,
 * no empty lines). Script and punctuation are left as published.
 */
export function stripScrapingNoise(text: string): string {
  const cleaned = dropUnrecoverable(stripPinyinAnnotations(repairMojibake(text.replace(/\r\n?/g, '\n')))).replace(HTML_RESIDUE, '');
  return cleaned
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && !isJunkLine(line))
    .join('\n');
}
