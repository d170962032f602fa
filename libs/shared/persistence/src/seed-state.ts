import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export function checksumOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Loads a shipped data set once per version of its content: the checksum of what was loaded is
 * kept in the schema's `seed_state` table, so a restart with the same data does nothing and a
 * changed data file is loaded again (the loader upserts, so nothing is duplicated). Runs in one
 * transaction under a lock: replicas starting together load once, and a failed load leaves
 * nothing half-written.
 */
export async function loadSeedOnce(
  dataSource: DataSource,
  dataset: string,
  checksum: string,
  load: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  const schema = dataSource.driver.schema ?? 'public';
  const table = `"${schema.replace(/"/g, '""')}".seed_state`;
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`seed:${schema}:${dataset}`]);
    await manager.query(
      `CREATE TABLE IF NOT EXISTS ${table} (dataset text PRIMARY KEY, checksum text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows: { checksum: string }[] = await manager.query(`SELECT checksum FROM ${table} WHERE dataset = $1`, [dataset]);
    if (rows[0]?.checksum === checksum) return false;
    await load(manager);
    await manager.query(
      `INSERT INTO ${table} (dataset, checksum) VALUES ($1, $2) ON CONFLICT (dataset) DO UPDATE SET checksum = EXCLUDED.checksum, loaded_at = now()`,
      [dataset, checksum],
    );
    return true;
  });
}

/** Splits rows into chunks small enough for one multi-row INSERT (PostgreSQL allows 65535 parameters). */
export function chunk<T>(rows: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
