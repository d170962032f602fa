import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, withDatabase } from '@hkp/persistence';

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  /** Terminates the database's connections and drops it; safe to call twice. */
  drop(): Promise<void>;
}

/** The server every test file shares: tools/test/global-setup.js sets it for the Jest run. */
export function testServerUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run through Jest so tools/test/global-setup.js starts PostgreSQL, or set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).',
    );
  }
  return url;
}

function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'test';
  const suffix = `${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  // PostgreSQL truncates identifiers at 63 bytes; keep the unique suffix intact.
  return `t_${clean.slice(0, 60 - suffix.length - 3)}_${suffix}`;
}

/**
 * Creates a fresh, uniquely named database (UTF-8 ctype, as the services create theirs) on the
 * server of TEST_DATABASE_URL, so test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = uniqueName(prefix);
  const url = withDatabase(serverUrl, name);
  await ensureDatabase(url);
  let dropped: Promise<void> | undefined;
  return {
    url,
    drop: () => {
      dropped ??= dropDatabase(serverUrl, name);
      return dropped;
    },
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const ident = `"${name.replace(/"/g, '""')}"`;
    for (let attempt = 1; ; attempt += 1) {
      // No new connections, then end the ones a test left open (pools of stopped services).
      await admin.query(`ALTER DATABASE ${ident} WITH ALLOW_CONNECTIONS false`).catch(() => undefined);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${ident}`);
        return;
      } catch (error) {
        // 55006: a terminated backend had not exited yet.
        if ((error as { code?: string }).code !== '55006' || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
}
