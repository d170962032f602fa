// Which measures have a period and a publication date, and why the others have none: every measure
// without one must be listed in data/curation/date-gaps.json with a reason, and a measure whose own
// quotes state its years must have a period that says them.
import { z } from 'zod';
import { stripScrapingNoise, toSimplified } from '@hkp/chinese-text';
import type { NamedCurationFile } from './curation-schema';

export const DATE_GAPS_FILE = 'data/curation/date-gaps.json';

const gapSchema = z.strictObject({
  field: z.enum(['period', 'publishedOn']),
  reason: z.string().trim().min(10),
  measures: z.array(z.string()).min(1),
});
export const dateGapsSchema = z.strictObject({ gaps: z.array(gapSchema) });
export type DateGap = z.infer<typeof gapSchema>;

export type DateGapsResult = { ok: true; gaps: DateGap[] } | { ok: false; errors: string[] };

export function parseDateGaps(json: unknown): DateGapsResult {
  const result = dateGapsSchema.safeParse(json ?? { gaps: [] });
  if (result.success) return { ok: true, gaps: result.data.gaps };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${DATE_GAPS_FILE}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
  };
}

export interface DateCoverage {
  readonly errors: string[];
  /** Measures in all, with a period, with publishedOn. */
  readonly total: number;
  readonly withPeriod: number;
  readonly withPublishedOn: number;
  /** The reasons of the gaps and how many measures each explains. */
  readonly gaps: { field: DateGap['field']; reason: string; count: number }[];
}

/** `(2023—2027年)`, `2022-2025年`: a span of years in a title or quote. */
const YEAR_SPAN = /((?:19|20)\d{2})\s*[—–\-－~至到]\s*((?:19|20)\d{2})\s*年/;
/** Any `YYYY年` in the text. */
const YEAR = /((?:19|20)\d{2})\s*年/;

/**
 * The checks: a measure whose title states a span of years has exactly that period; one whose quotes
 * state a year has a period; one without a period or publishedOn is listed in date-gaps.json under that
 * field, once, with a reason; a listed measure is a known measure that does lack the value.
 */
export function checkDateCoverage(files: readonly NamedCurationFile[], gaps: readonly DateGap[]): DateCoverage {
  const errors: string[] = [];
  const measures = files.flatMap((f) => f.content.measures.map((m) => ({ fileName: f.fileName, m })));
  const listed = new Map<string, DateGap>();
  const known = new Set(measures.map(({ m }) => m.id));
  for (const gap of gaps) {
    for (const id of gap.measures) {
      const key = `${gap.field}:${id}`;
      if (!known.has(id)) errors.push(`${DATE_GAPS_FILE}: ${gap.field}: ${id} is not a curated measure`);
      if (listed.has(key)) errors.push(`${DATE_GAPS_FILE}: ${gap.field}: ${id} is listed twice`);
      listed.set(key, gap);
    }
  }
  let withPeriod = 0;
  let withPublishedOn = 0;
  for (const { fileName, m } of measures) {
    const at = `${fileName}: ${m.id}`;
    const title = toSimplified(stripScrapingNoise(m.originalTitle));
    const quotes = toSimplified(stripScrapingNoise([m.originalTitle, m.excerpt, ...m.points].join('\n')));
    const span = YEAR_SPAN.exec(title);
    if (span && (m.periodStart !== Number(span[1]) || m.periodEnd !== Number(span[2])))
      errors.push(`${at}: the title states ${span[1]}—${span[2]}, so periodStart/periodEnd must be ${span[1]} and ${span[2]}`);
    const hasPeriod = m.periodStart !== null || m.periodEnd !== null;
    const year = YEAR.exec(quotes);
    if (!hasPeriod && year) errors.push(`${at}: its quotes state the year ${year[1]}, but it has no period`);
    if (hasPeriod) {
      withPeriod += 1;
      if (listed.has(`period:${m.id}`)) errors.push(`${DATE_GAPS_FILE}: period: ${m.id} has a period now; take it off the list`);
    } else if (!listed.has(`period:${m.id}`))
      errors.push(`${at}: no period and no reason: give periodStart/periodEnd, or list it under "period" in ${DATE_GAPS_FILE}`);
    if (m.publishedOn !== null) {
      withPublishedOn += 1;
      if (listed.has(`publishedOn:${m.id}`))
        errors.push(`${DATE_GAPS_FILE}: publishedOn: ${m.id} has publishedOn now; take it off the list`);
    } else if (!listed.has(`publishedOn:${m.id}`))
      errors.push(`${at}: no publishedOn and no reason: give it, or list it under "publishedOn" in ${DATE_GAPS_FILE}`);
  }
  return {
    errors,
    total: measures.length,
    withPeriod,
    withPublishedOn,
    gaps: gaps.map((g) => ({ field: g.field, reason: g.reason, count: g.measures.length })),
  };
}

/** The import's report: counts, and each remaining gap with its reason. */
export function formatDateCoverage(c: DateCoverage): string {
  const lines = [
    `dates: period on ${c.withPeriod} of ${c.total} measures, publishedOn on ${c.withPublishedOn} of ${c.total}; the others, by reason (${DATE_GAPS_FILE}):`,
    ...c.gaps.map((g) => `  ${g.field} missing on ${g.count}: ${g.reason}`),
  ];
  return lines.join('\n');
}
