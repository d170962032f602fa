import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { notFoundError } from '@hkp/subgraph-kit';
import { MeasureEntity } from '../entities/measure.entity';
import { conflictError } from './write-access';

/**
 * Optimistic concurrency of a measure: a change names the version it was made from, and only
 * that version is replaced. Every refusal is CONFLICT with `extensions.currentVersion` (and
 * `archived` for an archived measure), and nothing is written.
 */

export interface ChangeOf {
  id: string;
  /** The department whose schema this is: another department's id is NOT_FOUND. */
  department: string;
  /** The version the caller read, or null when any version will do (observations). */
  expectedVersion: number | null;
  /** What the change does, for the message: "changed", "archived again" … */
  verb: string;
}

/** Ids longer than this name nothing we store; they are answered NOT_FOUND without a query. */
const MAX_ID_LENGTH = 300;

/**
 * Locks the measure for the rest of the transaction (concurrent writers of it wait here) and
 * checks it may change: it exists in this department, is not archived, and is at the expected version.
 */
export async function lockMeasureForChange(manager: EntityManager, change: ChangeOf): Promise<MeasureEntity> {
  const { id, expectedVersion, verb } = change;
  const current =
    typeof id === 'string' && id.length <= MAX_ID_LENGTH
      ? await manager.getRepository(MeasureEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
  if (!current || current.department !== change.department) throw notFoundError(`No measure "${id}" in this department.`);
  if (current.archivedAt !== null) {
    throw conflictError(`Measure ${id} is archived (version ${current.version}) and cannot be ${verb}.`, {
      currentVersion: current.version,
      archived: true,
    });
  }
  if (expectedVersion !== null && current.version !== expectedVersion) {
    throw conflictError(
      `Measure ${id} is at version ${current.version}, not ${expectedVersion}: it changed since you read it. Read it again, reapply your change and send expectedVersion ${current.version}.`,
      { currentVersion: current.version },
    );
  }
  return current;
}

/**
 * Writes every column of `next` over the row if it is still at `expectedVersion`
 * (`UPDATE measures SET … WHERE id = $id AND version = $expected`, the columns from the entity's
 * metadata), else CONFLICT. With the lock above this never races; the version condition is what
 * makes the write safe on its own.
 */
export async function updateMeasureAtVersion(manager: EntityManager, next: MeasureEntity, expectedVersion: number): Promise<void> {
  const { id, ...columns } = next;
  // The cast: TypeORM's partial type recurses into the jsonb columns (details), which hold any JSON.
  const result = await manager.update(MeasureEntity, { id, version: expectedVersion }, columns as QueryDeepPartialEntity<MeasureEntity>);
  if (result.affected === 1) return;
  const row = await manager.findOne(MeasureEntity, { where: { id }, select: { id: true, version: true } });
  throw conflictError(`Measure ${id} changed while this write was prepared; read it again.`, { currentVersion: row?.version ?? null });
}
