import type { EntityManager } from 'typeorm';
import { checksumOf } from '@hkp/persistence';
import { idempotencyKeySchema, parseInput } from './measure-validation';
import { stableStringify } from './stable-json';
import { conflictError } from './write-access';

/**
 * Idempotency keys of creates. A key is the caller's (actor, key): the first create with it makes
 * the measure; a retry with the same input is answered with that measure and writes nothing; the
 * same key with another input is refused (CONFLICT). Keys live in `idempotency_keys`, written in
 * the create's transaction, so a create that fails leaves its key free.
 */

export interface IdempotencyClaim {
  actor: string;
  key: string;
  /** requestHashOf(the validated input). */
  requestHash: string;
}

/** The key as given (null when none), or BAD_USER_INPUT at `idempotencyKey`. */
export function parseIdempotencyKey(value: unknown): string | null {
  return value === undefined || value === null ? null : parseInput(idempotencyKeySchema, value, 'idempotencyKey');
}

/** The same input always hashes the same, whatever its key order or null members. */
export function requestHashOf(input: unknown): string {
  return checksumOf(stableStringify(input));
}

/**
 * Claims the key for the create about to make `measureId`, in the caller's transaction. Resolves
 * to null when the key is new (go on creating), or to the id of the measure an earlier create with
 * the same input made; throws CONFLICT when that create had another input. The primary key
 * (actor, key) decides: a concurrent retry waits here until the first commits (then finds its
 * row) or rolls back (then claims the key itself).
 */
export async function claimIdempotencyKey(manager: EntityManager, claim: IdempotencyClaim, measureId: string): Promise<string | null> {
  const claimed = (await manager.query(
    `INSERT INTO idempotency_keys (actor, key, request_hash, measure_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (actor, key) DO NOTHING RETURNING measure_id`,
    [claim.actor, claim.key, claim.requestHash, measureId],
  )) as unknown[];
  if (claimed.length > 0) return null;

  const [earlier] = (await manager.query(`SELECT request_hash, measure_id FROM idempotency_keys WHERE actor = $1 AND key = $2`, [
    claim.actor,
    claim.key,
  ])) as { request_hash: string; measure_id: string }[];
  if (!earlier) throw new Error(`idempotency key "${claim.key}" conflicted but cannot be read`);
  if (earlier.request_hash !== claim.requestHash) {
    throw conflictError(
      `The idempotencyKey "${claim.key}" was already used for a different create (it made measure ${earlier.measure_id}). Retry with exactly the same input, or use a new key for a new measure.`,
      { measureId: earlier.measure_id },
    );
  }
  return earlier.measure_id;
}

function isKeyRace(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === '23505' && (e.constraint ?? e.driverError?.constraint) === 'idempotency_keys_pkey';
}

/**
 * Runs a keyed create, and once more if its key row appeared between ON CONFLICT's check and the
 * insert (a unique violation on the key): the second attempt finds the row and replays.
 */
export async function retryOnKeyRace<T>(key: string | null, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (key === null || !isKeyRace(error)) throw error;
    return attempt();
  }
}
