import { z } from 'zod';
import { TARGET_COMPARATORS, type MeasureSource } from '../measure-dataset';

/**
 * The MeasureChanged event: what a department's outbox (measure_events) holds for each committed
 * write, what its `<prefix>MeasureChanges` feed serves and what the command office's catalog
 * reads. This file is its one description: the writer validates every event against it before the
 * insert, the catalog reads every event through it, and `npm run schema:check` compares its JSON
 * Schema (schema/events/measure-changed.json) with the released one (docs/schema-changes.md).
 *
 * The envelope (seq, measureId, version, kind) travels as GraphQL fields of MeasureChange; the
 * snapshot travels as JSON (a jsonb column, a `snapshot: String` field) and carries the event's
 * `schemaVersion`. The version lives in the JSON rather than in a new GraphQL field or column
 * because that is the part of the contract that can grow without lockstep deploys: a catalog
 * asking an older department for a field it does not serve would fail validation.
 */

/**
 * The major version this code writes and the newest it reads. Changes that every reader and writer
 * of the same major can live with (an optional field added) keep it; a change that would break
 * either side needs a new major (readers skip events of a major they do not know) or an approval.
 */
export const MEASURE_CHANGED_SCHEMA_VERSION = 1;

/** The name the event's schema is checked and released under (schema/events/<name>.json). */
export const MEASURE_CHANGED_EVENT = 'measure-changed';

const dateTime = z.iso.datetime({ offset: true });

export const snapshotObservationSchema = z.object({
  id: z.string().min(1),
  value: z.number(),
  observedOn: z.string().describe('YYYY, YYYY-MM or YYYY-MM-DD: the period the value was measured for.'),
  note: z.string().nullable(),
  source: z.string().nullable(),
  recordedAt: dateTime,
});

export const snapshotTargetSchema = z.object({
  id: z.string().min(1),
  indicator: z.string(),
  value: z.number(),
  unit: z.string(),
  year: z.number().int().nullable(),
  comparator: z.enum(TARGET_COMPARATORS),
  baseline: z.object({ value: z.number(), year: z.number().int().nullable() }).nullable(),
  regionCode: z.string().nullable(),
  excerpt: z.string(),
  observations: z
    .array(snapshotObservationSchema)
    .optional()
    .default([])
    .describe('Measured values, oldest observation date first. Absent in events written before observations existed.'),
});

export const snapshotSourceSchema = z.object({
  document: z.string(),
  documentTitle: z.string(),
  excerpt: z.string(),
  article: z.string().optional(),
  originalTitleLanguage: z.string().optional(),
  titleIsTranslation: z.boolean().optional(),
});

// The dataset's source and the event's are one shape: a field added to one must be added to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sourceShapesAgree: Same<z.output<typeof snapshotSourceSchema>, MeasureSource> = true;
void sourceShapesAgree;

/** The measure as of the change: everything the catalog needs, nothing internal. */
export const measureSnapshotSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  department: z.string().min(1).describe('The department code (EDUCATION …); a feed speaks only for its own department.'),
  responsibleBody: z.string(),
  category: z.string(),
  // Not an enum: readers rank a level they do not know after the known ones, so a new level breaks none.
  level: z.string().min(1).describe('PROVINCE, CITY or COUNTY.'),
  issuer: z.string(),
  title: z.string(),
  originalTitle: z.string(),
  points: z.array(z.string()),
  pointsNormalised: z.array(z.string()),
  periodStart: z.number().int().nullable(),
  periodEnd: z.number().int().nullable(),
  publishedOn: z.string().nullable(),
  regionCodes: z.array(z.string()),
  targets: z.array(snapshotTargetSchema),
  source: snapshotSourceSchema,
  archived: z.boolean(),
  updatedAt: dateTime,
});

/** The snapshot as it is stored and served: with the event's schema version. */
export const measureChangedPayloadSchema = measureSnapshotSchema.extend({
  schemaVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .default(1)
    .describe('Major version of this event schema. Absent in events written before events were versioned: those are version 1.'),
});

export const MEASURE_CHANGE_KINDS = ['UPSERT', 'ARCHIVE'] as const;

export const measureChangedEventSchema = z
  .object({
    seq: z
      .string()
      .regex(/^[0-9]+$/, 'a decimal position')
      .describe('Position in the feed (a bigint, as a decimal string).'),
    measureId: z.string().min(1),
    version: z.number().int().positive(),
    kind: z.enum(MEASURE_CHANGE_KINDS),
    snapshot: measureChangedPayloadSchema.describe('Stored as jsonb; the feed serves it as a JSON string (MeasureChange.snapshot).'),
  })
  .meta({
    title: 'MeasureChanged',
    description:
      "One change of a department's measure, as its outbox holds it and its change feed serves it. Readers ignore fields they do not know and default missing optional ones.",
  });

// The wire forms: what a writer builds and a catalog row keeps (a target's observations may be absent).
export type MeasureSnapshot = z.input<typeof measureSnapshotSchema>;
export type SnapshotTarget = z.input<typeof snapshotTargetSchema>;
export type SnapshotObservation = z.input<typeof snapshotObservationSchema>;
export type MeasureChangeKind = (typeof MEASURE_CHANGE_KINDS)[number];
export type MeasureChangedEvent = z.output<typeof measureChangedEventSchema>;

/**
 * The event's JSON Schema as committed in schema/events/measure-changed.json: the wire form (what a
 * writer must send; defaulted fields are optional), with the major version as `x-schema-version`.
 */
export function measureChangedJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(measureChangedEventSchema, { io: 'input' }), 'x-schema-version': MEASURE_CHANGED_SCHEMA_VERSION };
}
