import type { Client } from 'pg';

export interface ColumnInfo {
  name: string;
  /** As `format_type` prints it (`text`, `bigint`, `timestamp with time zone`, `text[]` …). */
  type: string;
  notNull: boolean;
  /** The default expression, if any (`now()`, `nextval(…)`). */
  default: string | null;
}

export interface TableInfo {
  name: string;
  /** Columns COPY reads and writes (generated columns are left out: the server computes them). */
  columns: ColumnInfo[];
  primaryKey: string[];
}

export interface SequenceInfo {
  name: string;
  /** The column it numbers (`audit_log.id`), which restoring must not collide with. */
  table: string;
  column: string;
  lastValue: string;
  isCalled: boolean;
}

export interface TableFingerprint {
  rows: number;
  checksum: string;
}

/**
 * Session settings under which a row's text is the same on every server and every run: the
 * checksums compare these texts, and timestamps print in the session's time zone.
 */
export const STABLE_OUTPUT_SETTINGS = [
  `SET TimeZone = 'UTC'`,
  `SET DateStyle = 'ISO, YMD'`,
  `SET IntervalStyle = 'postgres'`,
  `SET extra_float_digits = 1`,
  `SET bytea_output = 'hex'`,
];

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

export async function applyStableOutput(client: Client): Promise<void> {
  for (const statement of STABLE_OUTPUT_SETTINGS) await client.query(statement);
}

export async function schemaExists(client: Client, schema: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
  return rows.length > 0;
}

/** The schema's tables, each after the tables its foreign keys reference (the order to load them in). */
export async function listTables(client: Client, schema: string): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND NOT c.relispartition ORDER BY c.relname`,
    [schema],
  );
  const { rows: columns } = await client.query<ColumnInfo & { table: number }>(
    `SELECT a.attrelid::int AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attrelid, a.attnum`,
    [tables.map((t) => t.oid)],
  );
  const { rows: keys } = await client.query<{ table: number; column: string }>(
    `SELECT i.indrelid::int AS "table", a.attname AS "column"
       FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indisprimary AND i.indrelid = ANY($1::oid[]) ORDER BY i.indrelid, k.position`,
    [tables.map((t) => t.oid)],
  );
  const { rows: references } = await client.query<{ from: number; to: number }>(
    `SELECT conrelid::int AS "from", confrelid::int AS "to" FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::oid[])`,
    [tables.map((t) => t.oid)],
  );
  const infos = new Map(
    tables.map((t) => [
      t.oid,
      {
        name: t.name,
        columns: columns.filter((c) => c.table === t.oid).map(({ table: _table, ...column }) => column),
        primaryKey: keys.filter((k) => k.table === t.oid).map((k) => k.column),
      },
    ]),
  );
  return dependencyOrder(
    tables.map((t) => t.oid),
    references,
  ).map((oid) => infos.get(oid)!);
}

/** Orders ids so that each comes after those it references; a cycle keeps name order for its members. */
export function dependencyOrder<T>(ids: T[], references: { from: T; to: T }[]): T[] {
  const ordered: T[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const visit = (id: T) => {
    if (state.has(id)) return; // done, or a cycle (its constraint is checked at commit either way)
    state.set(id, 'visiting');
    for (const r of references) if (r.from === id && r.to !== id && ids.includes(r.to)) visit(r.to);
    state.set(id, 'done');
    ordered.push(id);
  };
  for (const id of ids) visit(id);
  return ordered;
}

/** Sequences owned by a column of the schema (serial, bigserial and identity columns), with their values. */
export async function listSequences(client: Client, schema: string): Promise<SequenceInfo[]> {
  const { rows } = await client.query<{ name: string; table: string; column: string }>(
    `SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
       FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = $1 ORDER BY s.relname`,
    [schema],
  );
  const sequences: SequenceInfo[] = [];
  for (const row of rows) {
    const { rows: value } = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${qualified(schema, row.name)}`,
    );
    sequences.push({ ...row, lastValue: value[0]!.last_value, isCalled: value[0]!.is_called });
  }
  return sequences;
}

/**
 * The SQL that counts a table's rows and hashes their text. Rows are ordered by their own text in
 * the `C` collation, not by primary key: the order then depends on neither the server's collation
 * nor the key's type, and a table without a key is hashed the same way.
 */
export function fingerprintSql(schema: string, table: string): string {
  return `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS checksum
            FROM ${qualified(schema, table)} t`;
}

export async function fingerprintTable(client: Client, schema: string, table: string): Promise<TableFingerprint> {
  const { rows } = await client.query<TableFingerprint>(fingerprintSql(schema, table));
  return rows[0]!;
}

/** Every table's row count and checksum (call inside one snapshot for a consistent picture). */
export async function fingerprintSchema(client: Client, schema: string): Promise<Record<string, TableFingerprint>> {
  const result: Record<string, TableFingerprint> = {};
  for (const table of await listTables(client, schema)) result[table.name] = await fingerprintTable(client, schema, table.name);
  return result;
}

/** The migrations recorded in the schema's TypeORM table, oldest first (none when it has no such table). */
export async function appliedMigrations(client: Client, schema: string): Promise<string[]> {
  const { rows: present } = await client.query(`SELECT to_regclass($1) AS table`, [qualified(schema, 'migrations')]);
  if (!present[0]?.table) return [];
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${qualified(schema, 'migrations')} ORDER BY id`);
  return rows.map((r) => r.name);
}
