import type { z } from 'zod';
import {
  MEASURE_CHANGED_SCHEMA_VERSION,
  measureChangedEventSchema,
  type MeasureChangedEvent,
  type MeasureChangeKind,
  type MeasureSnapshot,
} from './measure-changed';

/** An event as a feed hands it over: the envelope, and the snapshot as JSON text or already parsed. */
export interface MeasureChangedWire {
  seq: string;
  measureId: string;
  version: number;
  kind: string;
  snapshot: unknown;
}

function describeIssues(error: z.ZodError, limit = 5): string {
  const issues = error.issues.slice(0, limit).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(event)'}: ${i.message}`);
  const more = error.issues.length > limit ? [`… and ${error.issues.length - limit} more`] : [];
  return [...issues, ...more].join('; ');
}

/** Paths present in `given` that `parsed` does not have: fields the schema does not declare (it drops them). */
export function undeclaredPaths(given: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(given) && Array.isArray(parsed)) {
    return given.flatMap((item, i) => undeclaredPaths(item, parsed[i], `${path}[${i}]`));
  }
  if (given === null || parsed === null || typeof given !== 'object' || typeof parsed !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const at = path ? `${path}.${key}` : key;
    if (value === undefined) continue; // JSON.stringify drops it too
    if (!(key in parsed)) out.push(at);
    else out.push(...undeclaredPaths(value, (parsed as Record<string, unknown>)[key], at));
  }
  return out;
}

/**
 * The event a writer appends, validated against the schema of this code's major version. A
 * snapshot that does not fit the schema, or carries a field the schema does not declare, is a
 * defect of the writing code, not of the user's input: it throws, and the write rolls back.
 */
export function toMeasureChangedEvent(
  envelope: { seq: string; measureId: string; version: number; kind: MeasureChangeKind },
  snapshot: MeasureSnapshot,
): MeasureChangedEvent {
  const given = { ...envelope, snapshot: { schemaVersion: MEASURE_CHANGED_SCHEMA_VERSION, ...snapshot } };
  const parsed = measureChangedEventSchema.safeParse(given);
  if (!parsed.success) {
    throw new Error(`The MeasureChanged event of ${envelope.measureId} does not fit its schema: ${describeIssues(parsed.error)}`);
  }
  const undeclared = undeclaredPaths(given, parsed.data);
  if (undeclared.length > 0) {
    throw new Error(
      `The MeasureChanged event of ${envelope.measureId} carries fields its schema does not declare (${undeclared.join(', ')}): add them to libs/shared/policy-model/src/events/measure-changed.ts.`,
    );
  }
  return parsed.data;
}

/** What a reader made of one event of a feed. */
export type MeasureChangedRead =
  | { ok: true; event: MeasureChangedEvent }
  /** Written by code of a newer major version than this reader knows: skipped, not guessed at. */
  | { ok: false; reason: 'newer-version'; schemaVersion: number; message: string }
  /** Not an event of a version this reader knows (bad JSON, a required field missing, a wrong type). */
  | { ok: false; reason: 'invalid'; message: string };

export type MeasureChangedSkipReason = Exclude<MeasureChangedRead, { ok: true }>['reason'];

/**
 * Reads one event as the catalog does, tolerantly: fields it does not know are ignored, missing
 * optional ones take their defaults, and an event without `schemaVersion` (written before events
 * were versioned) is version 1. An event of a newer major version, or one that does not fit the
 * schema of its version, is not read: the answer says why, and the caller decides (the catalog
 * skips it with a warning and counts it).
 */
export function readMeasureChanged(wire: MeasureChangedWire): MeasureChangedRead {
  let snapshot = wire.snapshot;
  if (typeof snapshot === 'string') {
    try {
      snapshot = JSON.parse(snapshot) as unknown;
    } catch (error) {
      return { ok: false, reason: 'invalid', message: `the snapshot is not JSON (${(error as Error).message})` };
    }
  }
  const declared = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof declared === 'number' && Number.isInteger(declared) && declared > MEASURE_CHANGED_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: 'newer-version',
      schemaVersion: declared,
      message: `the event is of schema version ${declared}, and this reader knows versions up to ${MEASURE_CHANGED_SCHEMA_VERSION}`,
    };
  }
  const parsed = measureChangedEventSchema.safeParse({ ...wire, snapshot });
  if (!parsed.success) return { ok: false, reason: 'invalid', message: describeIssues(parsed.error) };
  return { ok: true, event: parsed.data };
}
