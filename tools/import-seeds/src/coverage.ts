// Coverage: every item the structural reader finds in a seed (seed-structure.ts) is either quoted by a curated
// record of that seed or listed, with a reason, in data/curation/skipped-items.json. Where the reader reads a
// fact reliably it is also cross-checked against the curated value:
//   - a listed document (●《X》, 印發《X》, 《X》 alone) is the originalTitle of a measure, and when bullets are
//     published under it (or under a heading), some measure of that title lists exactly those bullets as points;
//   - a goal of 目标任务 is a milestone with that goal and year;
//   - a meeting of 重要会议一览 is a meeting with that summary, date and title.
// Texts are compared after stripScrapingNoise on both sides, so quotes keep their noise as FORMAT.md requires.
import { stripScrapingNoise } from '@hkp/chinese-text';
import { z } from 'zod';
import type { NamedCurationFile } from './curation-schema';
import { readSeedStructure, type SeedItem } from './seed-structure';
import { listQuotes } from './verify-quotes';

export const SKIPPED_ITEMS_FILE = 'data/curation/skipped-items.json';

const skippedItemSchema = z.strictObject({
  document: z.string().min(1),
  kind: z.enum(['DOCUMENT', 'BULLET', 'HEADING', 'GOAL', 'MEETING']),
  /** The item as the reader reports it (noise stripped); a quote with its noise is accepted too. */
  text: z.string().min(1),
  reason: z.string().trim().min(10, 'say why the item is not in the data (at least 10 characters)'),
});
export const skippedItemsSchema = z.strictObject({ items: z.array(skippedItemSchema) });
export type SkippedItem = z.infer<typeof skippedItemSchema>;

export interface CoverageResult {
  readonly errors: string[];
  readonly items: number;
  readonly quoted: number;
  readonly skipped: number;
  /** Per seed: items found, quoted, skipped. */
  readonly bySeed: ReadonlyMap<string, { items: number; quoted: number; skipped: number }>;
}

/** Parses skipped-items.json (null: the file does not exist, which is an empty list). */
export function parseSkippedItems(json: unknown): { ok: true; items: SkippedItem[] } | { ok: false; errors: string[] } {
  if (json === null) return { ok: true, items: [] };
  const parsed = skippedItemsSchema.safeParse(json);
  if (parsed.success) return { ok: true, items: parsed.data.items };
  return { ok: false, errors: parsed.error.issues.map((i) => `${SKIPPED_ITEMS_FILE}: ${i.path.join('.')}: ${i.message}`) };
}

const clean = (text: string): string => stripScrapingNoise(text);
const short = (text: string): string => ([...text].length > 60 ? `${[...text].slice(0, 60).join('')}…` : text);
const KIND_NAMES: Record<SeedItem['kind'], string> = {
  DOCUMENT: 'document title',
  BULLET: 'bullet',
  HEADING: 'heading',
  GOAL: 'goal',
  MEETING: 'meeting',
};
/** How an error names an item: seed, line, kind and text. */
const label = (item: SeedItem): string => `data/seeds/${item.document}.txt:${item.line}: ${KIND_NAMES[item.kind]} "${short(item.text)}"`;

interface CuratedSeed {
  /** Every quoted field, noise stripped, with the record that quotes it. */
  quotes: { owner: string; text: string }[];
  measures: { id: string; originalTitle: string; points: string[] }[];
  milestones: { owner: string; year: number; goal: string }[];
  meetings: { owner: string; date: string; title: string; summary: string }[];
}

function collect(files: readonly NamedCurationFile[], document: string): CuratedSeed {
  const seed: CuratedSeed = { quotes: [], measures: [], milestones: [], meetings: [] };
  for (const { fileName, content } of files) {
    if (content.document !== document) continue;
    for (const q of listQuotes(content)) seed.quotes.push({ owner: `${fileName}: ${q.owner}`, text: clean(q.text) });
    for (const m of content.measures) seed.measures.push({ id: m.id, originalTitle: clean(m.originalTitle), points: m.points.map(clean) });
    (content.milestones ?? []).forEach((x, i) =>
      seed.milestones.push({ owner: `${fileName}: milestones[${i}]`, year: x.year, goal: clean(x.goal) }),
    );
    (content.meetings ?? []).forEach((x, i) =>
      seed.meetings.push({ owner: `${fileName}: meetings[${i}]`, date: x.date, title: clean(x.title), summary: clean(x.summary) }),
    );
  }
  return seed;
}

/** Checks one seed's items against the curation of that seed; returns the errors and which items count as quoted. */
function checkItem(item: SeedItem, bullets: readonly SeedItem[], curated: CuratedSeed): { quoted: boolean; errors: string[] } {
  const errors: string[] = [];
  const name = label(item);
  switch (item.kind) {
    case 'GOAL': {
      const found = curated.milestones.filter((m) => m.goal === item.text);
      for (const m of found) if (m.year !== item.year) errors.push(`${name} is for ${item.year}, but ${m.owner} says year ${m.year}`);
      return { quoted: found.length > 0, errors };
    }
    case 'MEETING': {
      const found = curated.meetings.filter((m) => m.summary === item.text);
      for (const m of found) {
        if (m.date !== item.date) errors.push(`${name} is dated ${item.date}, but ${m.owner} says ${m.date}`);
        if (item.title !== undefined && m.title !== item.title)
          errors.push(`${name} is titled "${item.title}", but ${m.owner} says "${m.title}"`);
      }
      return { quoted: found.length > 0, errors };
    }
    case 'DOCUMENT':
    case 'HEADING': {
      const titled = curated.measures.filter((m) => m.originalTitle === item.text);
      if (bullets.length > 0 && titled.length > 0) {
        const expected = bullets.map((b) => b.text);
        const same = titled.some((m) => m.points.length === expected.length && m.points.every((p, i) => p === expected[i]));
        if (!same) {
          errors.push(
            `${name} publishes ${expected.length} bullet(s) (lines ${bullets.map((b) => b.line).join(', ')}), ` +
              `but the points of ${titled.map((m) => `${m.id} (${m.points.length})`).join(', ')} are not those bullets in order`,
          );
        }
      }
      if (item.kind === 'DOCUMENT' && item.listed) return { quoted: titled.length > 0, errors };
      if (item.kind === 'DOCUMENT') {
        const bracketed = `《${item.text}》`;
        return { quoted: titled.length > 0 || curated.quotes.some((q) => q.text.includes(bracketed)), errors };
      }
      return { quoted: titled.length > 0 || curated.quotes.some((q) => q.text.includes(item.text)), errors };
    }
    case 'BULLET':
      return { quoted: curated.quotes.some((q) => q.text.includes(item.text)), errors };
  }
}

const howToFix = (item: SeedItem): string => {
  switch (item.kind) {
    case 'GOAL':
      return 'add it as a milestone';
    case 'MEETING':
      return 'add it as a meeting';
    case 'DOCUMENT':
      return item.listed ? 'give a measure this originalTitle' : 'quote it with its 《》';
    default:
      return 'quote it in a curated record';
  }
};

export function checkCoverage(
  seeds: ReadonlyMap<string, string>,
  files: readonly NamedCurationFile[],
  skipped: readonly SkippedItem[],
): CoverageResult {
  const errors: string[] = [];
  const bySeed = new Map<string, { items: number; quoted: number; skipped: number }>();
  const usedSkips = new Set<number>();
  const skipTexts = skipped.map((s) => clean(s.text));

  for (const document of [...seeds.keys()].sort()) {
    const items = readSeedStructure(document, seeds.get(document) ?? '');
    const curated = collect(files, document);
    const counts = { items: items.length, quoted: 0, skipped: 0 };
    for (const item of items) {
      const bullets =
        item.kind === 'DOCUMENT' || item.kind === 'HEADING'
          ? items.filter((b) => b.kind === 'BULLET' && b.under === item.text && b.line > item.line && isDirectlyUnder(items, item, b))
          : [];
      const result = checkItem(item, bullets, curated);
      errors.push(...result.errors);
      const skipIndex = skipped.findIndex(
        (s, i) => !usedSkips.has(i) && s.document === document && s.kind === item.kind && skipTexts[i] === item.text,
      );
      if (skipIndex >= 0) usedSkips.add(skipIndex);
      const name = label(item);
      if (result.quoted && skipIndex >= 0) {
        errors.push(`${name} is in the curation and also in ${SKIPPED_ITEMS_FILE}: remove it from the skip list`);
      } else if (result.quoted) {
        counts.quoted += 1;
      } else if (skipIndex >= 0) {
        counts.skipped += 1;
      } else {
        errors.push(
          `${name} is neither curated nor skipped: ${howToFix(item)}, or list it with a reason in ${SKIPPED_ITEMS_FILE} (text: ${item.text})`,
        );
      }
    }
    bySeed.set(document, counts);
  }

  skipped.forEach((s, i) => {
    if (!usedSkips.has(i))
      errors.push(
        `${SKIPPED_ITEMS_FILE}: items[${i}] (${s.document}, ${s.kind}) "${short(s.text)}" is an item the reader does not find: remove or correct it`,
      );
  });
  const sum = (key: 'items' | 'quoted' | 'skipped'): number => [...bySeed.values()].reduce((n, c) => n + c[key], 0);
  return { errors, items: sum('items'), quoted: sum('quoted'), skipped: sum('skipped'), bySeed };
}

/** b is one of the bullets that follow `head` with no other title or heading in between. */
function isDirectlyUnder(items: readonly SeedItem[], head: SeedItem, b: SeedItem): boolean {
  return !items.some((x) => (x.kind === 'HEADING' || (x.kind === 'DOCUMENT' && x.listed)) && x.line > head.line && x.line < b.line);
}

export function formatCoverage(c: CoverageResult): string {
  const seeds = [...c.bySeed].map(([doc, n]) => `${doc.slice(0, 3)} ${n.quoted}+${n.skipped}/${n.items}`).join(', ');
  return `seed coverage: ${c.items} published items, ${c.quoted} curated, ${c.skipped} skipped with a reason (${seeds})`;
}
