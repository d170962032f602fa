import type { EntityManager } from 'typeorm';
import { TargetEntity, TargetObservationEntity, type MeasureEntity } from './entities/measure.entity';
import { toSnapshot, type MeasureSnapshot } from './measure-snapshot';
import { toMeasureChangedEvent } from './events/measure-changed-codec';

/**
 * Appends a change to the outbox in the caller's transaction, as a MeasureChanged event validated
 * against its schema (events/measure-changed.ts) and stamped with its schema version. The
 * transaction-scoped lock makes `seq` allocation and commit happen in the same order for all
 * writers of this schema, so the feed never shows seq 7 before seq 6 has committed.
 */
export async function appendMeasureEvent(
  manager: EntityManager,
  measure: MeasureEntity,
  kind: 'UPSERT' | 'ARCHIVE',
): Promise<MeasureSnapshot> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':measure_events'))`);
  const snapshot = await loadSnapshot(manager, measure);
  const [{ next }] = (await manager.query(`SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM measure_events`)) as { next: string }[];
  const event = toMeasureChangedEvent({ seq: String(next), measureId: measure.id, version: measure.version, kind }, snapshot);
  await manager.query(`INSERT INTO measure_events (seq, measure_id, version, kind, snapshot) VALUES ($1, $2, $3, $4, $5)`, [
    event.seq,
    event.measureId,
    event.version,
    event.kind,
    JSON.stringify(event.snapshot),
  ]);
  return snapshot;
}

/** The measure as the feed carries it: with its targets and their observations. */
export async function loadSnapshot(manager: EntityManager, measure: MeasureEntity): Promise<MeasureSnapshot> {
  const targets = await manager.getRepository(TargetEntity).find({ where: { measureId: measure.id } });
  const observations =
    targets.length > 0 ? await manager.getRepository(TargetObservationEntity).find({ where: { measureId: measure.id } }) : [];
  return toSnapshot(measure, targets, observations);
}
