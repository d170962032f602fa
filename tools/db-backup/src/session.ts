import { Client } from 'pg';

/**
 * The application_name of every connection these commands open (pg_stat_activity shows it): `npm
 * start` waits for sessions of this name before it stops its embedded PostgreSQL.
 */
export const SESSION_NAME = 'db-backup';

/** SQLSTATEs of a session the server ended: terminated (57P01), crash of another backend (57P02), shutting down (57P03). */
const ENDED_BY_SERVER = new Set(['57P01', '57P02', '57P03']);

/**
 * A connected client named SESSION_NAME. The server ending an idle session emits an error event,
 * which would otherwise kill the process before the command can say what is left to do; the next
 * query then fails instead, and the command reports it.
 */
export async function connectSession(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: SESSION_NAME });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Whether an error means the server ended the session (stopped, restarted or terminated it). */
export function isSessionEnded(error: unknown): boolean {
  const code =
    (error as { code?: string; driverError?: { code?: string } } | null)?.code ??
    (error as { driverError?: { code?: string } })?.driverError?.code;
  return (
    (code !== undefined && ENDED_BY_SERVER.has(code)) ||
    /Connection terminated|terminating connection|Client was closed|Connection is closed/i.test(String((error as Error)?.message ?? error))
  );
}

/** An error's message, with what a session the server ended most likely means. */
export function explainError(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (!isSessionEnded(error)) return message;
  return `${message} (PostgreSQL ended this command's session: the server was stopped, restarted or the session terminated. With the embedded PostgreSQL, keep npm start running until the command is done: npm start waits for it before stopping PostgreSQL.)`;
}
