import { stripScrapingNoise, toDisplayText } from '@hkp/chinese-text';
import { checksumOf } from '@hkp/persistence';
import type { MeasureEntity, TargetEntity } from '../entities/measure.entity';
import { API_CONTENT_HASH_PREFIX } from '../measure-seed';
import { writerView } from './measure-diff';
import { validationError, type DetailsShape, type FieldProblem, type TargetInputData } from './measure-validation';
import { stableStringify } from './stable-json';

/**
 * What a validated write input makes of a measure's columns: the title and points normalised, the
 * common fields, the department's own fields, the content hash; and the rules of an update that
 * need the stored measure.
 */

/** A validated create or update input (on an update every field may be left out). */
export type MeasureInputData = {
  title?: string;
  level?: string;
  issuer?: string;
  responsibleBody?: string;
  category?: string;
  periodStart?: number | null;
  periodEnd?: number | null;
  publishedOn?: string | null;
  regionCodes?: string[];
  points?: string[] | null;
  targets?: TargetInputData[] | null;
  source?: { document: string; excerpt?: string | null } | null;
} & Record<string, unknown>;

/** The stored title (scraping noise removed) and the display title; BAD_USER_INPUT if nothing is left. */
export function normaliseTitle(title: string): { title: string; originalTitle: string } {
  const originalTitle = stripScrapingNoise(title).trim();
  if (!originalTitle) {
    throw validationError([
      { path: 'input.title', message: 'title has no text left once scraping noise (pinyin glosses, HTML residue) is removed.' },
    ]);
  }
  return { originalTitle, title: toDisplayText(originalTitle) };
}

/**
 * The common columns (all but title, targets and details) from an input; on an update (`current`
 * given) only those the input names. A measure without a source is marked as entered by `actor`.
 */
export function commonFields(data: MeasureInputData, actor: string, current?: MeasureEntity): Partial<MeasureEntity> {
  const fields: Partial<MeasureEntity> = {};
  const given = (key: keyof MeasureInputData) => data[key] !== undefined || !current;
  if (given('level')) fields.level = data.level as string;
  if (given('issuer')) fields.issuer = data.issuer as string;
  if (given('responsibleBody')) fields.responsibleBody = data.responsibleBody as string;
  if (given('category')) fields.category = data.category as string;
  if (given('periodStart')) fields.periodStart = data.periodStart ?? null;
  if (given('periodEnd')) fields.periodEnd = data.periodEnd ?? null;
  if (given('publishedOn')) fields.publishedOn = data.publishedOn ?? null;
  if (given('regionCodes')) fields.regionCodes = data.regionCodes as string[];
  if (given('points')) {
    const points = (data.points ?? []).map((p) => stripScrapingNoise(p));
    fields.points = points;
    fields.pointsNormalised = points.map(toDisplayText);
  }
  if (given('source')) {
    fields.source = data.source
      ? { document: data.source.document, documentTitle: data.source.document, excerpt: data.source.excerpt ?? '' }
      : { document: 'api', documentTitle: `Entered through the API by ${actor}`, excerpt: '' };
  }
  return fields;
}

/** The department's own fields the input gives (the keys of its shape), for its `toDetails`. */
export function ownFieldsOf(shape: DetailsShape, data: MeasureInputData): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(shape)
      .filter((key) => data[key] !== undefined)
      .map((key) => [key, data[key]]),
  );
}

/** Marks the measure as the department's own edit (`api:` prefix), which a later seed import leaves alone. */
export function contentHashOf(measure: MeasureEntity, targets: readonly TargetEntity[]): string {
  return `${API_CONTENT_HASH_PREFIX}${checksumOf(stableStringify(writerView(measure, targets)))}`;
}

/**
 * Rules of an update that need the stored measure: the period with the stored bound, and target
 * ids that must be the measure's own. BAD_USER_INPUT with every problem.
 */
export function checkPatchAgainstStored(patch: MeasureInputData, current: MeasureEntity, currentTargets: readonly TargetEntity[]): void {
  const problems: FieldProblem[] = [];
  const start = patch.periodStart !== undefined ? patch.periodStart : current.periodStart;
  const end = patch.periodEnd !== undefined ? patch.periodEnd : current.periodEnd;
  if (start != null && end != null && end < start) {
    const path = patch.periodEnd !== undefined ? 'input.periodEnd' : 'input.periodStart';
    problems.push({ path, message: `periodEnd (${end}) must not be before periodStart (${start}); the other bound is the stored one.` });
  }
  const own = new Set(currentTargets.map((t) => t.id));
  (patch.targets ?? []).forEach((target, index) => {
    if (target.id && !own.has(target.id)) {
      problems.push({
        path: `input.targets.${index}.id`,
        message: `"${target.id}" is not a target of measure ${current.id}; leave id out for a new target.`,
      });
    }
  });
  if (problems.length > 0) throw validationError(problems);
}
