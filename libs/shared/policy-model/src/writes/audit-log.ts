import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_PAGE, checkPageSize, notFoundError, userInputError } from '@hkp/subgraph-kit';
import type { AuditAction } from '../graphql/measure-audit.type';
import type { FieldChanges } from './measure-diff';

/** One entry of the audit log: who wrote what to which measure, and the version it made. */
export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  scopes: string[];
  action: AuditAction;
  measureId: string;
  version: number;
  changes: FieldChanges;
}

export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'scopes'> & { scopes: Iterable<string> };

/** Appends an entry in the caller's transaction, so it exists exactly when the write it records does. */
export async function appendAuditEntry(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.query(`INSERT INTO audit_log (actor, scopes, action, measure_id, version, changes) VALUES ($1, $2, $3, $4, $5, $6)`, [
    entry.actor,
    [...entry.scopes].sort(),
    entry.action,
    entry.measureId,
    entry.version,
    JSON.stringify(entry.changes),
  ]);
}

/**
 * The entries of one measure, oldest first: `first` of them (subgraph-kit's AUDIT_PAGE) after the entry
 * id `after`. BAD_USER_INPUT for a bad page, NOT_FOUND for a measure this schema does not have.
 */
export async function readAuditTrail(
  db: DataSource | EntityManager,
  measureId: string,
  options: { first?: number | null; after?: string | null } = {},
): Promise<AuditRecord[]> {
  const first = checkPageSize(options.first, AUDIT_PAGE);
  if (options.after != null && !/^\d{1,18}$/.test(options.after))
    throw userInputError('"after" must be the id of an audit entry.', 'after');
  const [exists] = (await db.query(`SELECT 1 FROM measures WHERE id = $1`, [measureId])) as unknown[];
  if (!exists) throw notFoundError(`No measure "${measureId}" in this department.`);
  const rows = (await db.query(
    `SELECT id, at, actor, scopes, action, measure_id, version, changes FROM audit_log
      WHERE measure_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [measureId, options.after ?? '0', first],
  )) as {
    id: string;
    at: Date;
    actor: string;
    scopes: string[];
    action: AuditAction;
    measure_id: string;
    version: number;
    changes: FieldChanges;
  }[];
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actor: r.actor,
    scopes: r.scopes,
    action: r.action,
    measureId: r.measure_id,
    version: r.version,
    changes: r.changes,
  }));
}
