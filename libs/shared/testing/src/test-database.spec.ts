import { Client } from 'pg';
import { createTestDatabase, testServerUrl } from './test-database';

async function exists(name: string): Promise<boolean> {
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return Boolean(rowCount);
  } finally {
    await admin.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a fresh UTF-8 database per call and drops it even while a client is still connected', async () => {
    const one = await createTestDatabase('Testing Lib!');
    const two = await createTestDatabase('Testing Lib!');
    expect(one.url).not.toBe(two.url);
    const name = decodeURIComponent(new URL(one.url).pathname.slice(1));
    expect(name).toMatch(/^t_testing_lib_[a-z0-9_]+$/);
    expect(name.length).toBeLessThanOrEqual(63);

    const client = new Client({ connectionString: one.url });
    client.on('error', () => undefined); // the drop terminates this connection
    await client.connect();
    const { rows } = await client.query<{ encoding: string; ctype: string }>(
      `SELECT pg_encoding_to_char(encoding) AS encoding, datctype AS ctype FROM pg_database WHERE datname = current_database()`,
    );
    expect(rows[0]).toEqual({ encoding: 'UTF8', ctype: 'C.UTF-8' });

    await one.drop();
    await one.drop(); // twice is harmless
    await two.drop();
    expect(await exists(name)).toBe(false);
    await client.end().catch(() => undefined);
  });

  it('explains how to get a database when TEST_DATABASE_URL is unset', async () => {
    const saved = process.env['TEST_DATABASE_URL'];
    delete process.env['TEST_DATABASE_URL'];
    try {
      await expect(createTestDatabase('x')).rejects.toThrow(
        /run through Jest so tools\/test\/global-setup\.js starts PostgreSQL, or set TEST_DATABASE_URL/,
      );
    } finally {
      process.env['TEST_DATABASE_URL'] = saved;
    }
  });
});
