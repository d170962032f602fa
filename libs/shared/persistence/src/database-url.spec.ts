import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ConfigError } from '@hkp/util-env';
import { databaseName, ensureDatabase, withDatabase } from './database-url';

// The server of the Jest run (tools/test/global-setup.js). Plain pg rather than @hkp/testing, which
// itself builds on this library.
function serverUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through Jest (tools/test/global-setup.js sets it).');
  return url;
}

const created: string[] = [];

function uniqueName(label: string): string {
  const name = `t_dburl_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  created.push(name);
  return name;
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A throwaway database made as someone else might have made it. */
async function createDatabase(label: string, options: string): Promise<string> {
  const name = uniqueName(label);
  await onServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ${options}`));
  return withDatabase(serverUrl(), name);
}

afterAll(async () => {
  await onServer(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

describe('ensureDatabase', () => {
  it('refuses an existing database with a C ctype, saying why and how to create a good one', async () => {
    const url = await createDatabase('ctype_c', `ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    const refusal = ensureDatabase(url);
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(/LC_CTYPE C\b.*search in Chinese would find nothing/);
    await expect(refusal).rejects.toThrow(
      `CREATE DATABASE "${databaseName(url)}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
  });

  it('refuses an existing database whose encoding is not UTF8', async () => {
    const url = await createDatabase('latin1', `ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'`);
    const refusal = ensureDatabase(url);
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(
      /encoding LATIN1.*need UTF8.*ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'.*the service creates it/,
    );
  });

  it('creates a missing database with UTF8 and a C.UTF-8 ctype, and accepts it from then on', async () => {
    const url = withDatabase(serverUrl(), uniqueName('missing'));
    await ensureDatabase(url);
    await ensureDatabase(url);
    const { rows } = await onServer((client) =>
      client.query(`SELECT pg_encoding_to_char(encoding) AS encoding, datctype FROM pg_database WHERE datname = $1`, [databaseName(url)]),
    );
    expect(rows).toEqual([{ encoding: 'UTF8', datctype: 'C.UTF-8' }]);
  });

  it('creates a missing database once when several services start together', async () => {
    const url = withDatabase(serverUrl(), uniqueName('race'));
    await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
    await expect(ensureDatabase(url)).resolves.toBeUndefined();
  });

  it('checks an existing database through itself, without the maintenance database', async () => {
    const url = await createDatabase('own', `ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
    // As for a user who may reach only their own database: the maintenance database is out of reach.
    await expect(ensureDatabase(url, 'no_such_maintenance_database')).resolves.toBeUndefined();
  });

  it('says how to create a missing database when the maintenance database is out of reach', async () => {
    const url = withDatabase(serverUrl(), uniqueName('unreachable'));
    const refusal = ensureDatabase(url, 'no_such_maintenance_database');
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(new RegExp(`"${databaseName(url)}" does not exist.*CREATE DATABASE`));
  });
});
