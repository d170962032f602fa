import { Client } from 'pg';
import { ensureDatabase, withDatabase } from '@hkp/persistence';
import { DEPARTMENTS } from '@hkp/departments';
import { auditDelivery, type DeliveryAudit, type MeasureVersion } from './exactly-once';

/** A database of this run alone, so its migration tables start empty. */
export async function freshDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = withDatabase(serverUrl, name);
  await ensureDatabase(url);
  return {
    url,
    drop: async () => {
      const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export interface MigrationFigures {
  schema: string;
  expected: number;
  rows: number;
  duplicates: number;
}

/** Rows of each schema's migrations table against the migrations its service ships. */
export async function migrationFigures(url: string, expected: Record<string, number>): Promise<MigrationFigures[]> {
  return withClient(url, async (client) => {
    const figures: MigrationFigures[] = [];
    for (const [schema, count] of Object.entries(expected)) {
      const { rows } = await client.query<{ rows: string; names: string }>(
        `SELECT count(*) AS rows, count(DISTINCT name) AS names FROM ${quote(schema)}.migrations`,
      );
      const total = Number(rows[0]!.rows);
      figures.push({ schema, expected: count, rows: total, duplicates: total - Number(rows[0]!.names) });
    }
    return figures;
  });
}

/**
 * Watches PostgreSQL's advisory locks while replicas start together: which of the keys given
 * (`migrate:<schema>` …) some session waited for while another held it. That is the lock doing
 * its work: the second replica of a service waits for the first to finish migrating.
 */
export function watchAdvisoryLocks(url: string, keys: readonly string[]) {
  const waited = new Set<string>();
  let samples = 0;
  let maxWaiting = 0;
  let stopped = false;
  const run = withClient(url, async (client) => {
    const { rows } = await client.query<{ key: string; hash: number }>(`SELECT key, hashtext(key) AS hash FROM unnest($1::text[]) AS key`, [
      keys,
    ]);
    const byHash = new Map(rows.map((r) => [BigInt(r.hash), r.key]));
    while (!stopped) {
      const { rows: locks } = await client.query<{ classid: string; objid: string; granted: boolean }>(
        `SELECT classid::text, objid::text, granted FROM pg_locks
          WHERE locktype = 'advisory' AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      samples += 1;
      const waiting = locks.filter((l) => !l.granted);
      maxWaiting = Math.max(maxWaiting, waiting.length);
      for (const lock of waiting) {
        const key = BigInt.asIntN(64, (BigInt(lock.classid) << 32n) | BigInt(lock.objid));
        const name = byHash.get(key);
        if (name) waited.add(name);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await run;
      return { samples, maxWaiting, waited: [...waited].sort() };
    },
  };
}

/** Outbox rows written twice for one measure version (a seed or a write applied twice). */
export async function duplicateOutboxRows(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const result: Record<string, number> = {};
    for (const d of DEPARTMENTS) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${quote(d.databaseSchema)}.measure_events GROUP BY measure_id, version HAVING count(*) > 1) AS twice`,
      );
      result[d.name] = Number(rows[0]!.n);
    }
    return result;
  });
}

export interface CatalogFigures {
  department: string;
  audit: DeliveryAudit;
  /** Measures whose version in the catalog differs from the department's own table. */
  versionMismatches: number;
  cursor: string;
  latestSeq: string;
}

/** Each department's feed against the catalog's applies (catalog_changes) and rows, and the catalog's position in it. */
export async function catalogFigures(url: string, programmeSchema: string): Promise<CatalogFigures[]> {
  return withClient(url, async (client) => {
    const figures: CatalogFigures[] = [];
    for (const d of DEPARTMENTS) {
      const schema = quote(d.databaseSchema);
      const published = await client.query<{ measureId: string; version: number }>(
        `SELECT measure_id AS "measureId", version FROM ${schema}.measure_events`,
      );
      const applied = await client.query<{ measureId: string; version: number }>(
        `SELECT measure_id AS "measureId", version FROM ${quote(programmeSchema)}.catalog_changes WHERE department = $1`,
        [d.code],
      );
      const mismatches = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.measures m
           FULL JOIN (SELECT id, version FROM ${quote(programmeSchema)}.catalog_measures WHERE department = $1) c ON c.id = m.id
          WHERE m.version IS DISTINCT FROM c.version`,
        [d.code],
      );
      const cursor = await client.query<{ last_seq: string }>(
        `SELECT last_seq::text FROM ${quote(programmeSchema)}.catalog_feed_cursors WHERE source = $1`,
        [d.name],
      );
      const latest = await client.query<{ seq: string }>(`SELECT COALESCE(max(seq), 0)::text AS seq FROM ${schema}.measure_events`);
      figures.push({
        department: d.name,
        audit: auditDelivery(published.rows as MeasureVersion[], applied.rows as MeasureVersion[]),
        versionMismatches: Number(mismatches.rows[0]!.n),
        cursor: cursor.rows[0]?.last_seq ?? '0',
        latestSeq: latest.rows[0]!.seq,
      });
    }
    return figures;
  });
}

export interface WriteRecord {
  version: number | null;
  title: string | null;
  audit: string[];
  keys: number;
}

/** What the department's tables hold for one measure: its version and title, its audit actions, its idempotency key rows. */
export async function writeRecords(
  url: string,
  measures: readonly { department: string; id: string }[],
): Promise<Map<string, WriteRecord>> {
  return withClient(url, async (client) => {
    const records = new Map<string, WriteRecord>();
    for (const m of measures) {
      const schema = quote(DEPARTMENTS.find((d) => d.name === m.department)!.databaseSchema);
      const row = await client.query<{ version: number; title: string }>(`SELECT version, title FROM ${schema}.measures WHERE id = $1`, [
        m.id,
      ]);
      const audit = await client.query<{ action: string }>(`SELECT action FROM ${schema}.audit_log WHERE measure_id = $1 ORDER BY id`, [
        m.id,
      ]);
      const keys = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.idempotency_keys WHERE measure_id = $1`, [m.id]);
      records.set(m.id, {
        version: row.rows[0]?.version ?? null,
        title: row.rows[0]?.title ?? null,
        audit: audit.rows.map((r) => r.action),
        keys: Number(keys.rows[0]!.n),
      });
    }
    return records;
  });
}

/** Measures whose title starts with `prefix`, per department schema (the writer's, to find any made twice). */
export async function measuresTitled(url: string, prefix: string): Promise<number> {
  return withClient(url, async (client) => {
    let total = 0;
    for (const d of DEPARTMENTS) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${quote(d.databaseSchema)}.measures WHERE title LIKE $1`,
        [`${prefix}%`],
      );
      total += Number(rows[0]!.n);
    }
    return total;
  });
}
