// A structural reader for the seed articles: it lists the items a seed publishes in a regular form, so the
// import can tell whether every one of them reached the curation (see coverage.ts). It reads the seed text
// line by line after the project's noise cleaning (`stripScrapingNoise`: pinyin glosses, reviewed mojibake,
// page chrome), keeps the seed's own line numbers, and never guesses: a line that fits no structure below is
// prose and yields no item.
//
// Structures read (each seen in the seeds; docs/data.md lists them per seed):
//   ●《X》                 a listed document; the ◎ lines after it are its bullets            (001)
//   印發《X》 / 印发《X》    a listed document published by the city of the line above         (001)
//   《X》 alone on a line   a listed document (总体指导文件)                                     (001)
//   ◎Y                     a bullet of the last listed document or heading                    (001)
//   a line directly followed by ◎ lines, that is no title: a heading (a city's line)           (001)
//   YYYY年 + next line      a goal of 目标任务 for that year                                    (001)
//   YYYY年M月D日 + next line a meeting of 重要会议一览: date, and the title before 召开/开班/举行 (001)
//   " - Y [n]"             an English bullet with its reference mark                          (000)
//   "N. Y"                 a numbered point                                                   (004)
//   《X》 inside a sentence a mentioned document (also newspapers and abbreviations)           (000–004)
// Lines starting with ● or ■ that are no title are bylines and captions; ①–④ lines are section headings:
// neither is an item.
import { stripScrapingNoise } from '@hkp/chinese-text';

export type SeedItemKind = 'DOCUMENT' | 'BULLET' | 'HEADING' | 'GOAL' | 'MEETING';

export interface SeedItem {
  readonly document: string;
  /** 1-based line of the seed file as stored (before cleaning). */
  readonly line: number;
  readonly kind: SeedItemKind;
  /** The item as published, noise stripped: a title without 《》, a bullet without its marker, a meeting line. */
  readonly text: string;
  /** DOCUMENT: listed as a document of its own (●《》, 印發《》, a line of its own), not only mentioned in a sentence. */
  readonly listed?: boolean;
  /** BULLET: the listed document title or heading the bullet is published under, if any. */
  readonly under?: string;
  /** GOAL: its year. */
  readonly year?: number;
  /** MEETING: its date (YYYY-MM-DD) and, where the line has 召开/开班/举行, the words before it. */
  readonly date?: string;
  readonly title?: string;
}

const LISTED_TITLE = /^●\s*《([^《》]+)》$/;
const ISSUED_TITLE = /^印[發发]《([^《》]+)》$/;
const LONE_TITLE = /^《([^《》]+)》$/;
const MENTIONED_TITLE = /《([^《》]+)》/g;
const BULLET = /^◎\s*(.+)$/;
const NUMBERED_POINT = /^(\d{1,2})\.\s*(\S.*)$/;
const YEAR_LINE = /^(\d{4})年$/;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const MEETING_VERB = /召[開开]|[開开]班|[舉举]行/;
// English bullets of 000: " - text [n]", all on one line.
const ENGLISH_BULLET = /(?:^|\s)- (.+?) \[\d+\](?=\s|$)/g;
const SECTION_NUMBER = /^[①-⑳]/;
const MARKER_LINE = /^[●■]/;

const pad = (n: string): string => n.padStart(2, '0');

/** The published items of one seed, in the order of the seed. */
export function readSeedStructure(document: string, seedText: string): SeedItem[] {
  const lines = seedText
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw) => stripScrapingNoise(raw));
  // Non-empty lines with their seed line number, so "the next line" skips the blank lines of 002 and 004.
  const rows = lines.map((text, i) => ({ text, line: i + 1 })).filter((r) => r.text !== '');
  const items: SeedItem[] = [];
  const add = (item: Omit<SeedItem, 'document'>): void => {
    items.push({ document, ...item });
  };
  let under: string | undefined;
  const consumed = new Set<number>(); // rows read as the second line of a goal or meeting

  rows.forEach((row, i) => {
    if (consumed.has(i)) return;
    const { text, line } = row;
    const next = rows[i + 1]?.text;

    const title = LISTED_TITLE.exec(text) ?? ISSUED_TITLE.exec(text) ?? LONE_TITLE.exec(text);
    if (title) {
      add({ line, kind: 'DOCUMENT', text: title[1], listed: true });
      under = title[1];
      return;
    }
    const bullet = BULLET.exec(text);
    if (bullet) {
      add({ line, kind: 'BULLET', text: bullet[1], ...(under === undefined ? {} : { under }) });
      addMentions(bullet[1], line);
      return;
    }
    const date = DATE_LINE.exec(text);
    if (date && next !== undefined) {
      consumed.add(i + 1);
      const verb = MEETING_VERB.exec(next);
      add({
        line: rows[i + 1].line,
        kind: 'MEETING',
        text: next,
        date: `${date[1]}-${pad(date[2])}-${pad(date[3])}`,
        ...(verb ? { title: next.slice(0, verb.index) } : {}),
      });
      addMentions(next, rows[i + 1].line);
      return;
    }
    const year = YEAR_LINE.exec(text);
    if (year && next !== undefined) {
      consumed.add(i + 1);
      add({ line: rows[i + 1].line, kind: 'GOAL', text: next, year: Number(year[1]) });
      return;
    }
    const point = NUMBERED_POINT.exec(text);
    if (point) {
      add({ line, kind: 'BULLET', text: point[2] });
      addMentions(point[2], line);
      return;
    }
    if (next !== undefined && BULLET.test(next) && !MARKER_LINE.test(text) && !SECTION_NUMBER.test(text)) {
      add({ line, kind: 'HEADING', text });
      under = text;
      addMentions(text, line);
      return;
    }
    under = undefined;
    for (const m of text.matchAll(ENGLISH_BULLET)) add({ line, kind: 'BULLET', text: m[1] });
    addMentions(text, line);
  });

  function addMentions(text: string, line: number): void {
    for (const m of text.matchAll(MENTIONED_TITLE)) add({ line, kind: 'DOCUMENT', text: m[1], listed: false });
  }

  // Every listed document is an item (several cities publish plans of the same name); a document that is only
  // mentioned is one item however often it is named, and none at all where it is also listed.
  const listedTitles = new Set(items.filter((x) => x.kind === 'DOCUMENT' && x.listed).map((x) => x.text));
  const mentioned = new Set<string>();
  const result = items.filter((x) => {
    if (x.kind !== 'DOCUMENT' || x.listed) return true;
    if (listedTitles.has(x.text) || mentioned.has(x.text)) return false;
    mentioned.add(x.text);
    return true;
  });
  return result;
}
