// The whole import without I/O: parse, verify, cross-check, build. main.ts only reads and writes files.
import { buildArticle, parseArticles, verifyArticles } from './articles';
import { buildDataset, serialise } from './build-dataset';
import { checkDateCoverage, formatDateCoverage, parseDateGaps } from './date-coverage';
import { checkCoverage, formatCoverage, parseSkippedItems } from './coverage';
import { parseCurationFile, type NamedCurationFile } from './curation-schema';
import { findDuplicateIds, findMissingPeriods, findUnknownRegionCodes, parseRegionCodes } from './validate-references';
import { formatQuoteError, verifyQuotes } from './verify-quotes';

export const MEASURES_OUTPUT = 'data/generated/measures.json';
export const PROGRAMME_OUTPUT = 'data/generated/programme.json';

export interface ImportInput {
  /** Curation files as read: repository-relative name and parsed JSON. */
  readonly curationFiles: readonly { fileName: string; json: unknown }[];
  /** Seed texts by document id (file name without .txt). */
  readonly seeds: ReadonlyMap<string, string>;
  /** data/regions/guangdong.tsv, or null while it does not exist. */
  readonly regionsTsv: string | null;
  /** data/curation/skipped-items.json as parsed, or null while it does not exist (no item skipped). */
  readonly skippedItems?: unknown;
  /** data/curation/articles.json as parsed, or null while it does not exist (an error: every seed needs its article). */
  readonly articles?: unknown;
  /** data/curation/date-gaps.json as parsed, or null while it does not exist (no measure may lack a period or date). */
  readonly dateGaps?: unknown;
}

export interface ImportResult {
  readonly errors: string[];
  readonly warnings: string[];
  /** Repository-relative path → content; empty when there are errors. */
  readonly outputs: ReadonlyMap<string, string>;
  /** One line: how many published items the seeds have and how many are curated or skipped. */
  readonly coverage: string | null;
  /** How many measures have a period and publishedOn, and why the others have none. */
  readonly dates?: string | null;
}

export function importSeeds(input: ImportInput): ImportResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const files: NamedCurationFile[] = [];

  for (const { fileName, json } of input.curationFiles) {
    const parsed = parseCurationFile(fileName, json);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const seed = input.seeds.get(parsed.file.content.document);
    if (seed === undefined) {
      errors.push(`${fileName}: document "${parsed.file.content.document}" is not in data/seeds/`);
      continue;
    }
    errors.push(...verifyQuotes(parsed.file, seed).map(formatQuoteError));
    files.push(parsed.file);
  }

  const articles = parseArticles(input.articles ?? null);
  if (articles.ok) errors.push(...verifyArticles(articles.articles, input.seeds));
  else errors.push(...articles.errors);

  errors.push(...findDuplicateIds(files));
  errors.push(...findMissingPeriods(files));

  if (input.regionsTsv === null) {
    warnings.push('data/regions/guangdong.tsv does not exist yet: region codes were not checked.');
  } else {
    try {
      errors.push(...findUnknownRegionCodes(files, parseRegionCodes(input.regionsTsv)));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }

  // Coverage of the published items (seed-structure.ts): only on curation files that parsed.
  let coverage: string | null = null;
  const skipped = parseSkippedItems(input.skippedItems ?? null);
  if (!skipped.ok) {
    errors.push(...skipped.errors);
  } else {
    const result = checkCoverage(input.seeds, files, skipped.items);
    errors.push(...result.errors);
    coverage = formatCoverage(result);
  }

  let dates: string | null = null;
  const dateGaps = parseDateGaps(input.dateGaps ?? null);
  if (!dateGaps.ok) {
    errors.push(...dateGaps.errors);
  } else {
    const result = checkDateCoverage(files, dateGaps.gaps);
    errors.push(...result.errors);
    dates = formatDateCoverage(result);
  }

  if (errors.length > 0 || !articles.ok) return { errors, warnings, outputs: new Map(), coverage, dates };

  const dataset = buildDataset(files, input.seeds, articles.articles.map(buildArticle));
  return {
    errors,
    warnings,
    coverage,
    dates,
    outputs: new Map([
      [MEASURES_OUTPUT, serialise(dataset.measures)],
      [PROGRAMME_OUTPUT, serialise(dataset.programme)],
    ]),
  };
}
