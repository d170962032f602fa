import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from 'pg';
import { SESSION_NAME } from './session';

const run = promisify(execFile);

export type BackupFormat = 'copy' | 'pg_dump';

export interface ServerVersion {
  /** `18.1`, as `SHOW server_version` prints it. */
  text: string;
  /** `180001`, as `SHOW server_version_num` prints it. */
  num: number;
}

export interface ClientTools {
  /** `pg_dump (PostgreSQL) 15.20 (Debian …)`. */
  version: string;
  major: number;
}

export async function serverVersion(client: Client): Promise<ServerVersion> {
  const { rows } = await client.query<{ text: string; num: string }>(
    `SELECT current_setting('server_version') AS text, current_setting('server_version_num') AS num`,
  );
  return { text: rows[0]!.text, num: Number(rows[0]!.num) };
}

/** The major version of a PostgreSQL client program on PATH, or undefined when there is none. */
export async function clientToolVersion(program: 'pg_dump' | 'pg_restore' | 'psql'): Promise<ClientTools | undefined> {
  try {
    const { stdout } = await run(program, ['--version']);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? { version: stdout.trim(), major: Number(match[1]) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client tools that can back up and restore this server: pg_dump, pg_restore and psql of a
 * major version at least the server's (pg_dump refuses a newer server), all three present.
 */
export async function matchingClientTools(server: ServerVersion): Promise<ClientTools | undefined> {
  const serverMajor = Math.floor(server.num / 10000);
  const tools = await Promise.all([clientToolVersion('pg_dump'), clientToolVersion('pg_restore'), clientToolVersion('psql')]);
  if (tools.some((t) => t === undefined || t.major < serverMajor)) return undefined;
  return tools[0];
}

/** `auto` takes pg_dump when matching tools are on PATH, else the project's own COPY format. */
export async function chooseFormat(
  requested: BackupFormat | 'auto',
  server: ServerVersion,
): Promise<{ format: BackupFormat; tools?: ClientTools; reason: string }> {
  const tools = await matchingClientTools(server);
  const serverMajor = Math.floor(server.num / 10000);
  if (requested === 'copy') return { format: 'copy', reason: 'asked for --format copy' };
  if (tools) return { format: 'pg_dump', tools, reason: `${tools.version} can read PostgreSQL ${server.text}` };
  const found = await clientToolVersion('pg_dump');
  const why = found
    ? `${found.version} is older than the server (PostgreSQL ${server.text}), which it refuses`
    : 'no pg_dump, pg_restore and psql on PATH';
  if (requested === 'pg_dump') throw new Error(`--format pg_dump needs client tools of PostgreSQL ${serverMajor} or newer: ${why}.`);
  return { format: 'copy', reason: `${why}; using the COPY format` };
}

/** libpq's settings for a URL, with the password in the environment rather than on a command line. */
export function libpqEnvironment(url: string): { connection: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    connection: parsed.toString(),
    env: { ...process.env, PGAPPNAME: SESSION_NAME, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/** Runs a client program; a failure carries its standard error. */
export function runTool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${program} failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`)),
    );
  });
}

/** Text, a stream (pg_restore's output), or text known only once what came before has ended. */
export type ScriptPart = string | NodeJS.ReadableStream | (() => Promise<string>);

/** Writes each part in turn to a program's standard input. */
async function feed(stdin: NodeJS.WritableStream, parts: ScriptPart[]): Promise<void> {
  for (const item of parts) {
    const part = typeof item === 'function' ? await item() : item;
    if (typeof part === 'string') {
      if (!stdin.write(part)) await new Promise((resolve) => stdin.once('drain', resolve));
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      part.once('end', resolve);
      part.once('error', reject);
      part.pipe(stdin, { end: false });
    });
  }
  stdin.end();
}

/**
 * Runs a SQL script through psql in ONE transaction that stops at the first error (nothing of it
 * is then committed). The script is streamed, so a large pg_restore output never sits in memory.
 */
export async function runPsqlScript(url: string, parts: ScriptPart[]): Promise<void> {
  const { connection, env } = libpqEnvironment(url);
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', '-', connection], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined); // psql stopped at an error: its exit says why
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  // A part that fails (pg_restore did) must not let psql commit what it received: end with an error.
  const fed = await feed(child.stdin, parts).then(
    () => undefined,
    (error: Error) => {
      child.kill('SIGTERM');
      return error;
    },
  );
  const code = await exited;
  if (fed) throw new Error(`${fed.message}; nothing was changed.`);
  if (code !== 0) throw new Error(`psql failed (exit code ${code}); nothing was changed: ${stderr.trim()}`);
}

/** pg_restore's SQL for a custom-format archive, as a stream (its failure is reported by `done`). */
export function pgRestoreScript(archive: string): { script: NodeJS.ReadableStream; done: Promise<void> } {
  const child = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore failed (exit code ${code}): ${stderr.trim()}`))));
  });
  return { script: child.stdout, done };
}
