import { Client } from 'pg';
import { ConfigError } from '@hkp/util-env';

/** Connection URL of the same server with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

const CREATE_OPTIONS = `TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * Refuses a database where search in Chinese cannot work: a non-UTF-8 encoding cannot hold the text, and
 * under a `C`/`POSIX` ctype pg_trgm treats Chinese characters as non-word characters, so trigram search
 * silently finds nothing.
 */
export async function assertSearchableDatabase(client: Client): Promise<void> {
  const { rows } = await client.query<{ name: string; encoding: string; ctype: string }>(
    `SELECT datname AS name, pg_encoding_to_char(encoding) AS encoding, datctype AS ctype FROM pg_database WHERE datname = current_database()`,
  );
  const [{ name, encoding, ctype }] = rows;
  const remedy = `Create it with CREATE DATABASE ${quoteIdent(name)} ${CREATE_OPTIONS}, or name a database that does not exist yet in DATABASE_URL and the service creates it so.`;
  if (encoding !== 'UTF8') {
    throw new ConfigError(`Database "${name}" has encoding ${encoding}; the policy texts are Chinese and need UTF8. ${remedy}`);
  }
  if (ctype === 'C' || ctype === 'POSIX') {
    throw new ConfigError(
      `Database "${name}" has LC_CTYPE ${ctype}: trigram search cannot see Chinese characters there, so search in Chinese would find nothing. ${remedy}`,
    );
  }
}

/**
 * Makes sure the database of `url` exists and can search Chinese (see assertSearchableDatabase). The
 * database itself is tried first, so a user who may reach only their own database works; only a missing
 * one is created, from the maintenance database (UTF-8, `C.UTF-8` ctype).
 */
export async function ensureDatabase(url: string, maintenanceDatabase = 'postgres'): Promise<void> {
  let client: Client;
  try {
    client = await connect(url);
  } catch (error) {
    // 3D000: no such database. Create it, then check it as any other.
    if (sqlState(error) !== '3D000') throw error;
    await createDatabase(withDatabase(url, maintenanceDatabase), databaseName(url));
    client = await connect(url);
  }
  try {
    await assertSearchableDatabase(client);
  } finally {
    await client.end();
  }
}

/** A connected client; a failed connection is closed before its error is thrown. */
async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function createDatabase(maintenanceUrl: string, name: string): Promise<void> {
  let admin: Client;
  try {
    admin = await connect(maintenanceUrl);
  } catch (error) {
    throw new ConfigError(
      `Database "${name}" does not exist, and it cannot be created through the "${databaseName(maintenanceUrl)}" database (${(error as Error).message}). Create it with CREATE DATABASE ${quoteIdent(name)} ${CREATE_OPTIONS}.`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} ${CREATE_OPTIONS}`);
  } catch (error) {
    // Another service created it a moment ago, which is what we wanted: 42P04 when its creation had
    // committed, 23505 (pg_database's unique name) when both were creating it at once.
    if (sqlState(error) !== '42P04' && sqlState(error) !== '23505') throw error;
  } finally {
    await admin.end();
  }
}

/** True when a PostgreSQL server answers at this URL. */
export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
