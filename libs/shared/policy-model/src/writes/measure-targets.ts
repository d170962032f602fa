import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toDisplayText } from '@hkp/chinese-text';
import { notFoundError } from '@hkp/subgraph-kit';
import { TargetEntity, TargetObservationEntity } from '../entities/measure.entity';
import type { SnapshotObservation } from '../measure-snapshot';
import type { ObservationInputData, TargetInputData } from './measure-validation';

/** Ids longer than this name nothing we store; they are answered NOT_FOUND without a query. */
const MAX_ID_LENGTH = 300;

/**
 * Target rows in input order. An input id names a target to keep (it must be in `own`, the
 * measure's current target ids; checkPatchAgainstStored refuses others); new targets of a new
 * measure are `<measure>:t1`, `:t2` …, and new targets of an existing one get a random suffix, so
 * they never take the id (and observations) of a target removed earlier.
 */
export function targetRows(measureId: string, targets: readonly TargetInputData[], own: ReadonlySet<string>): TargetEntity[] {
  return targets.map((t, position) =>
    Object.assign(new TargetEntity(), {
      id: t.id && own.has(t.id) ? t.id : own.size === 0 ? `${measureId}:t${position + 1}` : `${measureId}:t-${randomUUID().slice(0, 8)}`,
      measureId,
      position,
      indicator: toDisplayText(t.indicator),
      value: t.value,
      unit: t.unit,
      year: t.year ?? null,
      comparator: t.comparator ?? 'EXACTLY',
      baselineValue: t.baseline?.value ?? null,
      baselineYear: t.baseline?.year ?? null,
      regionCode: t.regionCode ?? null,
      excerpt: t.excerpt ?? '',
    }),
  );
}

/** Makes `next` the measure's targets: kept ids keep their observations; the others (and theirs) go. */
export async function replaceTargets(manager: EntityManager, measureId: string, next: readonly TargetEntity[]): Promise<void> {
  await manager.query(`DELETE FROM targets WHERE measure_id = $1 AND NOT (id = ANY($2::text[]))`, [measureId, next.map((t) => t.id)]);
  if (next.length > 0) await manager.getRepository(TargetEntity).upsert([...next], ['id']);
}

/** The target, or NOT_FOUND. */
export async function findTarget(manager: EntityManager, targetId: string): Promise<TargetEntity> {
  const target =
    typeof targetId === 'string' && targetId.length <= MAX_ID_LENGTH
      ? await manager.getRepository(TargetEntity).findOneBy({ id: targetId })
      : null;
  if (!target) throw notFoundError(`No target "${targetId}" among this department's measures.`);
  return target;
}

export interface RecordedObservation extends SnapshotObservation {
  targetId: string;
}

/** Stores a measured value of a target in the caller's transaction. */
export async function addObservation(
  manager: EntityManager,
  target: TargetEntity,
  data: ObservationInputData,
  recordedBy: string,
): Promise<RecordedObservation> {
  const recordedAt = new Date();
  const observation: RecordedObservation = {
    id: randomUUID(),
    targetId: target.id,
    value: data.value,
    observedOn: data.observedOn,
    note: data.note ?? null,
    source: data.source ?? null,
    recordedAt: recordedAt.toISOString(),
  };
  await manager.getRepository(TargetObservationEntity).insert({
    id: observation.id,
    targetId: target.id,
    measureId: target.measureId,
    value: observation.value,
    observedOn: observation.observedOn,
    note: observation.note,
    source: observation.source,
    recordedBy,
    recordedAt,
  });
  return observation;
}
