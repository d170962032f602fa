import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { countMaintenanceSessions, MAINTENANCE_SESSION, waitForMaintenance } from './database-sessions';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('dev_sessions');
});
afterAll(async () => {
  await database?.drop();
});

async function session(applicationName: string): Promise<Client> {
  const client = new Client({ connectionString: database.url, application_name: applicationName });
  await client.connect();
  return client;
}

describe('npm start stopping its embedded PostgreSQL', () => {
  it('waits while a backup command has a session open, says so, and goes on once it has ended', async () => {
    const restore = await session(MAINTENANCE_SESSION);
    const service = await session('education'); // a service's session is no reason to wait
    expect(await countMaintenanceSessions(database.url)).toBe(1); // npm start reusing this server warns
    const log: string[] = [];
    let done = false;
    const waiting = waitForMaintenance(database.url, { log: (m) => log.push(m), pollMs: 50, reportEveryMs: 200 }).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    expect(log[0]).toMatch(
      /^Waiting for npm run db:backup, db:restore or db:drill \(1 session\(s\)\) to finish before stopping PostgreSQL; Ctrl-C again/,
    );
    expect(log.some((line) => line.startsWith('Still waiting for the backup command (1 session(s)'))).toBe(true);

    await restore.end();
    await waiting;
    expect(log.at(-1)).toMatch(/^The backup command has finished \(after \d+ s\)\.$/);
    await service.end();
  });

  it('does not wait when no backup command runs, nor when the server cannot be reached', async () => {
    const log: string[] = [];
    await waitForMaintenance(database.url, { log: (m) => log.push(m) });
    await waitForMaintenance('postgres://nobody@127.0.0.1:1/none', { log: (m) => log.push(m) });
    expect(log).toEqual([]);
    expect(await countMaintenanceSessions(database.url)).toBe(0);
    expect(await countMaintenanceSessions('postgres://nobody@127.0.0.1:1/none')).toBe(0);
  });
});
