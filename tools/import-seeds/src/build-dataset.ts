// Turns validated curation files into the data set the subgraphs load. Pure and deterministic: the same
// files and seeds always give byte-identical JSON (fixed key order, sorted items, no timestamps).
import { stripScrapingNoise, toDisplayText } from '@hkp/chinese-text';
import type { GeneratedArticle, GeneratedMeasure } from '@hkp/policy-model/dataset';
import type { Measure, NamedCurationFile } from './curation-schema';

/** Quotes keep the script they were published in; only the scraping noise goes. */
const asPublished = (text: string): string => stripScrapingNoise(text);
/** What is shown and what curators write: noise stripped, Simplified, known misprints corrected. */
const display = toDisplayText;

export interface Source {
  document: string;
  /** The public id of the article (data/curation/articles.json). */
  article: string;
  excerpt: string;
}

export type { GeneratedMeasure, GeneratedTarget } from '@hkp/policy-model/dataset';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface GeneratedMilestone {
  id: string;
  year: number;
  goal: string;
  source: Source;
}

export interface GeneratedMeeting {
  id: string;
  date: string;
  title: string;
  summary: string;
  regionCode: string;
  source: Source;
}

export interface GeneratedKeyFigure {
  id: string;
  /** The region the figure describes. */
  regionCode: string;
  name: string;
  value: number;
  unit: string;
  source: Source;
}

export interface GeneratedInspectionRound {
  id: string;
  startedOn: string | null;
  teams: number | null;
  cities: number | null;
  counties: number | null;
  focus: string;
  source: Source;
}

export interface GeneratedAssistancePairing {
  id: string;
  scheme: 'VERTICAL' | 'COUNTERPART';
  helpers: string;
  helpedRegionCodes: string[];
  units: number | null;
  cadres: number | null;
  periodStart: number | null;
  periodEnd: number | null;
  source: Source;
}

export interface GeneratedProgramme {
  articles: GeneratedArticle[];
  milestones: GeneratedMilestone[];
  meetings: GeneratedMeeting[];
  keyFigures: GeneratedKeyFigure[];
  inspectionRounds: GeneratedInspectionRound[];
  assistancePairings: GeneratedAssistancePairing[];
}

export interface GeneratedDataset {
  measures: { measures: GeneratedMeasure[] };
  programme: GeneratedProgramme;
}

/** The first non-empty line of the seed once page chrome and noise are gone, Simplified. */
export function documentTitle(seedText: string): string {
  return display(asPublished(seedText).split('\n')[0] ?? '');
}

// Details are department-specific and written in any key order; sort keys so output does not depend on it.
// Quotes inside details (funding line excerpts) stay as published, every other string becomes display text.
function normaliseDetails(value: unknown, key?: string): JsonValue {
  if (typeof value === 'string') return key === 'excerpt' ? asPublished(value) : display(value);
  if (Array.isArray(value)) return value.map((v) => normaliseDetails(v));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, normaliseDetails(v, k)]));
  }
  return value as number | boolean | null;
}

function buildMeasure(m: Measure, document: string, docTitle: string, article: string): GeneratedMeasure {
  return {
    id: m.id,
    department: m.department,
    responsibleBody: display(m.responsibleBody),
    category: m.category,
    level: m.level,
    issuer: display(m.issuer),
    // A title published in another language is printed as the curator's translation, marked in the source.
    title: m.translatedTitle !== undefined ? display(m.translatedTitle) : display(m.originalTitle),
    originalTitle: asPublished(m.originalTitle),
    points: m.points.map(asPublished),
    pointsNormalised: m.points.map(display),
    periodStart: m.periodStart,
    periodEnd: m.periodEnd,
    publishedOn: m.publishedOn,
    regionCodes: [...m.regionCodes],
    targets: m.targets.map((t, i) => ({
      id: `${m.id}:t${i + 1}`,
      indicator: display(t.indicator),
      value: t.value,
      unit: display(t.unit),
      year: t.year,
      comparator: t.comparator,
      baseline: t.baseline === null ? null : { value: t.baseline.value, year: t.baseline.year },
      regionCode: t.regionCode,
      excerpt: asPublished(t.excerpt),
    })),
    details: normaliseDetails(m.details) as { [key: string]: JsonValue },
    source: {
      document,
      documentTitle: docTitle,
      excerpt: asPublished(m.excerpt),
      article,
      ...(m.translatedTitle !== undefined ? { originalTitleLanguage: 'en', titleIsTranslation: true } : {}),
    },
  };
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `data/curation/001-province.json` → `001-province`: unique per file, so ids made from it are too. */
export const fileBaseName = (fileName: string): string => fileName.replace(/^.*[\\/]/, '').replace(/\.json$/, '');

// Items without curated ids get `${file}:${kind}:${n}`; sorting by (key, file, n) keeps file order within a key.
interface Ranked<T> {
  key: string | number;
  file: string;
  n: number;
  item: T;
}
function sortRanked<T>(items: Ranked<T>[]): T[] {
  return items
    .sort((a, b) =>
      a.key !== b.key
        ? typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : byCodeUnits(String(a.key), String(b.key))
        : a.file !== b.file
          ? byCodeUnits(a.file, b.file)
          : a.n - b.n,
    )
    .map((r) => r.item);
}

/**
 * Builds both generated files. Expects files that passed schema, quote and reference checks, and the text
 * of every seed they name (keyed by document id).
 */
export function buildDataset(
  files: readonly NamedCurationFile[],
  seeds: ReadonlyMap<string, string>,
  articles: readonly GeneratedArticle[],
): GeneratedDataset {
  const articleOfSeed = new Map(articles.map((a) => [a.seed, a.id]));
  const measures: GeneratedMeasure[] = [];
  const milestones: Ranked<GeneratedMilestone>[] = [];
  const meetings: Ranked<GeneratedMeeting>[] = [];
  const keyFigures: Ranked<GeneratedKeyFigure>[] = [];
  const inspectionRounds: GeneratedInspectionRound[] = [];
  const assistancePairings: GeneratedAssistancePairing[] = [];

  for (const { fileName, content } of files) {
    const { document } = content;
    const seed = seeds.get(document);
    if (seed === undefined) throw new Error(`${fileName}: no seed text for document ${document}`);
    const article = articleOfSeed.get(document);
    if (article === undefined) throw new Error(`${fileName}: no article for document ${document}`);
    const docTitle = documentTitle(seed);
    const file = fileBaseName(fileName);
    const source = (excerpt: string): Source => ({ document, article, excerpt: asPublished(excerpt) });

    for (const m of content.measures) measures.push(buildMeasure(m, document, docTitle, article));

    (content.milestones ?? []).forEach((x, i) =>
      milestones.push({
        key: x.year,
        file,
        n: i,
        item: { id: `${file}:milestone:${i + 1}`, year: x.year, goal: display(x.goal), source: source(x.excerpt) },
      }),
    );
    (content.meetings ?? []).forEach((x, i) =>
      meetings.push({
        key: x.date,
        file,
        n: i,
        item: {
          id: `${file}:meeting:${i + 1}`,
          date: x.date,
          title: display(x.title),
          summary: display(x.summary),
          regionCode: x.regionCode,
          source: source(x.summary),
        },
      }),
    );
    (content.keyFigures ?? []).forEach((x, i) =>
      keyFigures.push({
        key: '',
        file,
        n: i,
        item: {
          id: `${file}:key-figure:${i + 1}`,
          regionCode: x.regionCode,
          name: display(x.name),
          value: x.value,
          unit: display(x.unit),
          source: source(x.excerpt),
        },
      }),
    );
    for (const x of content.inspectionRounds ?? []) {
      inspectionRounds.push({
        id: x.id,
        startedOn: x.startedOn,
        teams: x.teams,
        cities: x.cities,
        counties: x.counties,
        focus: display(x.focus),
        source: source(x.excerpt),
      });
    }
    for (const x of content.assistancePairings ?? []) {
      assistancePairings.push({
        id: x.id,
        scheme: x.scheme,
        helpers: display(x.helpers),
        helpedRegionCodes: [...x.helpedRegionCodes],
        units: x.units,
        cadres: x.cadres,
        periodStart: x.periodStart,
        periodEnd: x.periodEnd,
        source: source(x.excerpt),
      });
    }
  }

  return {
    measures: { measures: measures.sort((a, b) => byCodeUnits(a.id, b.id)) },
    programme: {
      articles: [...articles].sort((a, b) => byCodeUnits(a.id, b.id)),
      milestones: sortRanked(milestones),
      meetings: sortRanked(meetings),
      keyFigures: sortRanked(keyFigures),
      inspectionRounds: inspectionRounds.sort((a, b) => byCodeUnits(a.id, b.id)),
      assistancePairings: assistancePairings.sort((a, b) => byCodeUnits(a.id, b.id)),
    },
  };
}

/** 2-space JSON with a trailing newline, as committed. */
export function serialise(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
