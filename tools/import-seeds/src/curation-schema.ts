// The curation file format of data/curation/FORMAT.md as a zod schema. Objects are strict so that a
// misspelt field fails the import instead of silently dropping a fact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPARTMENTS as MANIFEST } from '@hkp/departments';
import { DEPARTMENTS, MEASURE_CATEGORIES as CATEGORIES } from '@hkp/policy-model/dataset';
import type { CuratedDetailsByDepartment } from '@hkp/policy-model/fields';
import { workspaceRoot } from '@hkp/util-env';

export { CATEGORIES, DEPARTMENTS };

const text = z.string().trim().min(1);
/** Copied character for character from the seed; checked by verify-quotes, never cleaned by hand. */
const quote = z.string().min(1);
const year = z.number().int().min(1949).max(2100);
// Province/city/county codes have 6 digits; towns 9 and villages 12 (data/regions/guangdong.tsv).
const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'a division code of 6, 9 or 12 digits');
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');
const partialDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
const count = z.number().int().nonnegative();
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lowercase slug');

export const targetSchema = z.strictObject({
  indicator: text,
  value: z.number(),
  unit: text,
  year: year.nullable(),
  comparator: z.enum(['AT_LEAST', 'AT_MOST', 'EXACTLY', 'ABOUT']),
  baseline: z.strictObject({ value: z.number(), year: year.nullable() }).nullable(),
  regionCode: regionCode.nullable(),
  excerpt: quote,
});

const measureBase = {
  id: slug,
  responsibleBody: text,
  category: z.enum(CATEGORIES),
  level: z.enum(['PROVINCE', 'CITY', 'COUNTY']),
  issuer: text,
  originalTitle: quote,
  /** A Simplified Chinese title written by the curator, for a measure whose published title is not Chinese. */
  translatedTitle: z
    .string()
    .trim()
    .regex(/\p{Script=Han}/u, 'a Chinese title')
    .optional(),
  excerpt: quote,
  points: z.array(quote),
  periodStart: year.nullable(),
  periodEnd: year.nullable(),
  publishedOn: partialDate.nullable(),
  regionCodes: z.array(regionCode).min(1),
  targets: z.array(targetSchema),
};

/**
 * `details` of each department's measures, as its own fields declare them: the lib `@hkp/<name>`
 * of each manifest entry exports `measureFields`. Found through the workspace's path aliases,
 * so a new department needs no change here.
 */
function curatedDetailsOf(name: string): z.ZodType {
  const { compilerOptions } = JSON.parse(readFileSync(join(workspaceRoot(), 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const target = compilerOptions.paths[`@hkp/${name}`]?.[0];
  if (!target) throw new Error(`The department "${name}" has no lib @hkp/${name} in tsconfig.base.json.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a department's lib is found by its manifest name
  const lib = require(join(workspaceRoot(), target)) as { measureFields?: { curation: z.ZodType } };
  if (!lib.measureFields) throw new Error(`@hkp/${name} does not export measureFields (its own fields, defineMeasureFields).`);
  return lib.measureFields.curation;
}

const measureBaseSchema = z.strictObject(measureBase);

/** A curated measure: the common fields, its department, and that department's own details. */
export type Measure = {
  [C in keyof CuratedDetailsByDepartment]: z.infer<typeof measureBaseSchema> & { department: C; details: CuratedDetailsByDepartment[C] };
}[keyof CuratedDetailsByDepartment];

const departmentMeasures = MANIFEST.map((d) =>
  measureBaseSchema.extend({ department: z.literal(d.code), details: curatedDetailsOf(d.name) }),
);

export const measureSchema = (
  z.discriminatedUnion(
    'department',
    departmentMeasures as unknown as [(typeof departmentMeasures)[number]],
  ) as unknown as z.ZodType<Measure>
)
  .refine((m) => m.periodStart === null || m.periodEnd === null || m.periodStart <= m.periodEnd, {
    message: 'periodStart is after periodEnd',
    path: ['periodStart'],
  })
  .refine((m) => /\p{Script=Han}/u.test(m.originalTitle) || m.translatedTitle !== undefined, {
    message: 'the published title is not Chinese: give a Chinese translatedTitle (a Chinese page never prints it as the title)',
    path: ['translatedTitle'],
  })
  .refine((m) => m.translatedTitle === undefined || !/\p{Script=Han}/u.test(m.originalTitle), {
    message: 'translatedTitle is only for a measure whose published title is not Chinese',
    path: ['translatedTitle'],
  })
  .refine((m) => m.id.startsWith(`${m.department.toLowerCase().replace(/_/g, '-')}-`), {
    message: 'the id must start with the owning department (e.g. education-, civil-affairs-)',
    path: ['id'],
  });

export const milestoneSchema = z.strictObject({ year, goal: quote, excerpt: quote });

export const meetingSchema = z.strictObject({ date: isoDate, title: quote, summary: quote, regionCode });

/** `regionCode`: the region the figure describes (the province's 122 counties: 440000; Guangzhou's 48 work points: 440100). */
export const keyFigureSchema = z.strictObject({ regionCode, name: text, value: z.number(), unit: text, excerpt: quote });

export const inspectionRoundSchema = z.strictObject({
  id: slug,
  // FORMAT shows a date; null is accepted for rounds the document announces without a start (planned ones).
  startedOn: partialDate.nullable(),
  teams: count.nullable(),
  cities: count.nullable(),
  counties: count.nullable(),
  focus: text,
  excerpt: quote,
});

export const assistancePairingSchema = z.strictObject({
  id: slug,
  scheme: z.enum(['VERTICAL', 'COUNTERPART']),
  helpers: text,
  helpedRegionCodes: z.array(regionCode),
  units: count.nullable(),
  cadres: count.nullable(),
  periodStart: year.nullable(),
  periodEnd: year.nullable(),
  excerpt: quote,
});

export const curationFileSchema = z.strictObject({
  document: z.string().regex(/^[0-9A-Za-z_-]+$/, 'a seed file name without .txt'),
  measures: z.array(measureSchema),
  milestones: z.array(milestoneSchema).optional(),
  meetings: z.array(meetingSchema).optional(),
  keyFigures: z.array(keyFigureSchema).optional(),
  inspectionRounds: z.array(inspectionRoundSchema).optional(),
  assistancePairings: z.array(assistancePairingSchema).optional(),
});

export type Department = (typeof DEPARTMENTS)[number];
export type Target = z.infer<typeof targetSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type Meeting = z.infer<typeof meetingSchema>;
export type KeyFigure = z.infer<typeof keyFigureSchema>;
export type InspectionRound = z.infer<typeof inspectionRoundSchema>;
export type AssistancePairing = z.infer<typeof assistancePairingSchema>;
export type CurationFile = z.infer<typeof curationFileSchema>;

/** A curation file together with the name it was read from, for error messages. */
export interface NamedCurationFile {
  readonly fileName: string;
  readonly content: CurationFile;
}

export type ParseResult = { ok: true; file: NamedCurationFile } | { ok: false; errors: string[] };

/** Validates parsed JSON against the format; errors name the file and the path of each problem. */
export function parseCurationFile(fileName: string, json: unknown): ParseResult {
  const result = curationFileSchema.safeParse(json);
  if (result.success) return { ok: true, file: { fileName, content: result.data } };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${fileName}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
  };
}
