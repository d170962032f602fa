import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { ErrorCode } from '@hkp/subgraph-kit';
import { MEASURE_CATEGORIES, MeasureLevel, TargetComparator } from '../graphql/measure-enums';

/**
 * Validation of the write inputs (zod). Every rule answers with the input path it concerns and a
 * message a person can act on; all problems of an input are reported at once, and nothing is
 * written when there is any.
 */

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;
export const MAX_TITLE = 300;
export const MAX_REGIONS = 50;
export const MAX_POINTS = 100;
export const MAX_TARGETS = 100;
export const MAX_POINT_LENGTH = 2000;
export const MAX_IDEMPOTENCY_KEY = 200;

export interface FieldProblem {
  /** Where in the request, e.g. `input.targets.0.value`. */
  path: string;
  message: string;
}

/** BAD_USER_INPUT with every problem: `extensions.fields` lists `{ path, message }`. */
export function validationError(problems: FieldProblem[]): GraphQLError {
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.message.replace(/\.$/, '')}`);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more, see extensions.fields)` : '';
  const lead =
    problems.length === 1 ? 'The input has a problem, nothing was saved' : `The input has ${problems.length} problems, nothing was saved`;
  return new GraphQLError(`${lead}: ${shown.join('; ')}${more}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields: problems },
  });
}

function problemsOf(error: z.ZodError, root: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Parses `value` with `schema`, or throws BAD_USER_INPUT with the problems under `root` (e.g. `input`). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(problemsOf(result.error, root));
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const describe = (input: unknown): string => (typeof input === 'string' ? JSON.stringify(input) : String(input));

/** A value the field needs: `null` is answered with how to keep the current value (updates). */
function missing(label: string, input: unknown): string | undefined {
  if (input === undefined) return `${label} is required.`;
  if (input === null) return `${label} cannot be null (on an update, leave it out to keep the current value).`;
  return undefined;
}

export function text(label: string, max: number, options: { min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: (issue) => missing(label, issue.input) ?? `${label} must be text.` })
    .trim()
    .min(min, { error: min === 1 ? `${label} must not be empty.` : `${label} must have at least ${min} characters.` })
    .max(max, { error: (issue) => `${label} may have at most ${max} characters (it has ${(issue.input as string).length}).` });
}

export function finiteNumber(label: string) {
  return z.number({
    error: (issue) => missing(label, issue.input) ?? `${label} must be a finite number, got ${describe(issue.input)}.`,
  });
}

export function year(label: string) {
  return z
    .number({ error: (issue) => missing(label, issue.input) ?? `${label} must be a year such as 2025.` })
    .int({ error: (issue) => `${label} must be a whole year such as 2025, got ${describe(issue.input)}.` })
    .min(MIN_YEAR, { error: (issue) => `${label} must be a year from ${MIN_YEAR} to ${MAX_YEAR}, got ${describe(issue.input)}.` })
    .max(MAX_YEAR, { error: (issue) => `${label} must be a year from ${MIN_YEAR} to ${MAX_YEAR}, got ${describe(issue.input)}.` });
}

export function count(label: string, max: number) {
  return z
    .number({ error: (issue) => missing(label, issue.input) ?? `${label} must be a whole number.` })
    .int({ error: (issue) => `${label} must be a whole number, got ${describe(issue.input)}.` })
    .min(0, { error: `${label} cannot be negative.` })
    .max(max, { error: `${label} may be at most ${max}.` });
}

const GUANGDONG_CODE = /^44(\d{4}|\d{7}|\d{10})$/;

export function regionCode(label: string) {
  return z
    .string({ error: (issue) => missing(label, issue.input) ?? `${label} must be a division code as text, e.g. "440600".` })
    .trim()
    .regex(GUANGDONG_CODE, {
      error: (issue) =>
        `${describe(issue.input)} is not a Guangdong division code: use 6 digits for the province, a city or a county (440000, 440600, 440604), 9 for a town, 12 for a village, all starting with 44.`,
    });
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function isCalendarDate(value: string): boolean {
  const match = PARTIAL_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const yearNumber = Number(y);
  if (yearNumber < MIN_YEAR || yearNumber > MAX_YEAR) return false;
  if (m === undefined) return true;
  const month = Number(m);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  const date = new Date(Date.UTC(yearNumber, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** YYYY, YYYY-MM or YYYY-MM-DD, a real date in 1990–2100. */
export function partialDate(label: string) {
  return z
    .string({ error: (issue) => missing(label, issue.input) ?? `${label} must be a date as text: YYYY, YYYY-MM or YYYY-MM-DD.` })
    .trim()
    .refine(isCalendarDate, {
      error: (issue) =>
        `${label} must be YYYY, YYYY-MM or YYYY-MM-DD, a real date from ${MIN_YEAR} to ${MAX_YEAR}; got ${describe(issue.input)}.`,
    });
}

function textList(label: string, itemLabel: string, options: { maxItems: number; maxLength: number }) {
  return z
    .array(text(itemLabel, options.maxLength), { error: (issue) => missing(label, issue.input) ?? `${label} must be a list.` })
    .max(options.maxItems, {
      error: (issue) => `${label} may have at most ${options.maxItems} entries (it has ${(issue.input as unknown[]).length}).`,
    });
}

/** A list of short names (stages, instruments, beneficiaries …) for departments' own fields. */
export function nameList(label: string, options: { maxItems?: number; maxLength?: number } = {}) {
  return textList(label, `each of ${label}`, { maxItems: options.maxItems ?? 50, maxLength: options.maxLength ?? 100 }).refine(
    (names) => new Set(names).size === names.length,
    { error: `${label} lists a name twice.` },
  );
}

// ---------------------------------------------------------------------------------------------
// Measure inputs

const LEVELS = Object.values(MeasureLevel) as [MeasureLevel, ...MeasureLevel[]];
const COMPARATORS = Object.values(TargetComparator) as [TargetComparator, ...TargetComparator[]];

const levelSchema = z.enum(LEVELS, {
  error: (issue) => missing('level', issue.input) ?? `level must be one of ${LEVELS.join(', ')}.`,
});

const categorySchema = z.enum(MEASURE_CATEGORIES, {
  error: (issue) =>
    missing('category', issue.input) ??
    `category ${describe(issue.input)} is not one of the project's themes: ${MEASURE_CATEGORIES.join(', ')}.`,
});

export const targetInputSchema = z.object({
  id: z.string().trim().min(1).max(200).nullish(),
  indicator: text('indicator', 200),
  value: finiteNumber('value'),
  unit: text('unit', 20),
  year: year('year').nullish(),
  comparator: z.enum(COMPARATORS, { error: `comparator must be one of ${COMPARATORS.join(', ')}.` }).nullish(),
  baseline: z
    .object(
      { value: finiteNumber('baseline value'), year: year('baseline year').nullish() },
      { error: (issue) => (issue.input === null ? undefined : 'baseline must be { value, year }.') },
    )
    .nullish(),
  regionCode: regionCode('regionCode').nullish(),
  excerpt: z
    .string()
    .trim()
    .max(MAX_POINT_LENGTH, { error: `excerpt may have at most ${MAX_POINT_LENGTH} characters.` })
    .nullish(),
});
export type TargetInputData = z.infer<typeof targetInputSchema>;

const targetsSchema = z
  .array(targetInputSchema, { error: (issue) => missing('targets', issue.input) ?? 'targets must be a list.' })
  .max(MAX_TARGETS, {
    error: (issue) => `A measure may have at most ${MAX_TARGETS} targets (this one has ${(issue.input as unknown[]).length}).`,
  })
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((target, index) => {
      if (!target.id) return;
      if (seen.has(target.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Target id "${target.id}" is given twice.` });
      seen.add(target.id);
    });
  });

const regionCodesSchema = z
  .array(regionCode('each region code'), {
    error: (issue) => missing('regionCodes', issue.input) ?? 'regionCodes must be a list of division codes.',
  })
  .min(1, { error: 'regionCodes must name at least one region (440000 for a province-wide measure).' })
  .max(MAX_REGIONS, {
    error: (issue) =>
      `A measure may name at most ${MAX_REGIONS} regions (this one names ${(issue.input as unknown[]).length}); use a higher region instead.`,
  })
  .superRefine((codes, ctx) => {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path: [index], message: `Region ${code} is listed twice.` });
      seen.add(code);
    });
  });

const sourceSchema = z.object(
  {
    document: text('source.document', 500),
    excerpt: z.string().trim().max(5000, { error: 'source.excerpt may have at most 5000 characters.' }).nullish(),
  },
  { error: (issue) => (issue.input === null ? undefined : 'source must be { document, excerpt }.') },
);

/** The fields every department's measure has, as a create requires them. */
function commonShape() {
  return {
    title: text('title', MAX_TITLE),
    level: levelSchema,
    issuer: text('issuer', 200),
    responsibleBody: text('responsibleBody', 200),
    category: categorySchema,
    periodStart: year('periodStart').nullish(),
    periodEnd: year('periodEnd').nullish(),
    publishedOn: partialDate('publishedOn').nullish(),
    regionCodes: regionCodesSchema,
    points: textList('points', 'each point', { maxItems: MAX_POINTS, maxLength: MAX_POINT_LENGTH }).nullish(),
    targets: targetsSchema.nullish(),
    source: sourceSchema.nullish(),
  };
}

export type DetailsShape = Record<string, z.ZodType>;

function periodRule(value: { periodStart?: number | null; periodEnd?: number | null }, ctx: z.RefinementCtx): void {
  if (value.periodStart != null && value.periodEnd != null && value.periodEnd < value.periodStart) {
    ctx.addIssue({
      code: 'custom',
      path: ['periodEnd'],
      message: `periodEnd (${value.periodEnd}) must not be before periodStart (${value.periodStart}).`,
    });
  }
}

/** The create input of a department: the common fields plus its own (`detailsShape`, all optional). */
export function createInputSchema(detailsShape: DetailsShape) {
  return z.object({ ...commonShape(), ...detailsShape }).superRefine(periodRule);
}

/**
 * The update input: every field optional (left out = unchanged). Fields that may be empty take
 * null to clear them; the period rule is checked again against the stored values by the command.
 */
export function updateInputSchema(detailsShape: DetailsShape) {
  const shape = Object.fromEntries(Object.entries({ ...commonShape(), ...detailsShape }).map(([key, schema]) => [key, schema.optional()]));
  return z.object(shape).superRefine((value, ctx) => {
    if (Object.values(value).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Nothing to update: give at least one field to change.' });
    }
  });
}

export const observationInputSchema = z.object({
  value: finiteNumber('value'),
  observedOn: partialDate('observedOn'),
  note: z.string().trim().max(1000, { error: 'note may have at most 1000 characters.' }).nullish(),
  source: z.string().trim().max(500, { error: 'source may have at most 500 characters.' }).nullish(),
});
export type ObservationInputData = z.infer<typeof observationInputSchema>;

export const expectedVersionSchema = z
  .number({ error: 'expectedVersion is required: the version you last read.' })
  .int({ error: 'expectedVersion must be a whole number: the version you last read.' })
  .min(1, { error: 'expectedVersion must be at least 1: the version you last read.' });

export const idempotencyKeySchema = z
  .string({ error: 'idempotencyKey must be text.' })
  .min(1, { error: 'idempotencyKey must not be empty; leave it out if you do not need one.' })
  .max(MAX_IDEMPOTENCY_KEY, { error: `idempotencyKey may have at most ${MAX_IDEMPOTENCY_KEY} characters (a UUID is a good key).` })
  .regex(/^[\x21-\x7e]+$/, { error: 'idempotencyKey may only contain printable ASCII characters without spaces (a UUID is a good key).' });
