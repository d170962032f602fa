import { Client } from 'pg';

/** The application_name of `npm run db:backup`, `db:restore` and `db:drill` (tools/db-backup/src/session.ts). */
export const MAINTENANCE_SESSION = 'db-backup';

export interface MaintenanceWait {
  log: (message: string) => void;
  pollMs?: number;
  /** How often a wait that goes on says so again. */
  reportEveryMs?: number;
}

/** Sessions of the backup commands on the server of `url`, in any database. */
async function maintenanceSessions(client: Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
    [MAINTENANCE_SESSION],
  );
  return rows[0]!.count;
}

/** How many sessions of the backup commands the server of `url` has; 0 when it cannot be reached. */
export async function countMaintenanceSessions(url: string): Promise<number> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await maintenanceSessions(client);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Resolves once no backup, restore or drill has a session on the server. Stopping PostgreSQL ends
 * every session with 57P01: a restore cut short keeps its schema as it was, but a drill is left
 * with its schemas dropped, so the launcher waits for them before stopping its embedded server.
 * A server that cannot be reached has nothing to wait for.
 */
export async function waitForMaintenance(url: string, { log, pollMs = 250, reportEveryMs = 15_000 }: MaintenanceWait): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined); // the server going away ends the wait below
  try {
    await client.connect();
  } catch {
    return;
  }
  try {
    const started = Date.now();
    let reportedAt: number | undefined;
    for (;;) {
      const count = await maintenanceSessions(client).catch(() => 0);
      if (count === 0) {
        if (reportedAt !== undefined) log(`The backup command has finished (after ${Math.round((Date.now() - started) / 1000)} s).`);
        return;
      }
      if (reportedAt === undefined || Date.now() - reportedAt >= reportEveryMs) {
        log(
          reportedAt === undefined
            ? `Waiting for npm run db:backup, db:restore or db:drill (${count} session(s)) to finish before stopping PostgreSQL; Ctrl-C again stops it now and cuts that command short.`
            : `Still waiting for the backup command (${count} session(s), ${Math.round((Date.now() - started) / 1000)} s).`,
        );
        reportedAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
