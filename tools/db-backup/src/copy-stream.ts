import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Runs `COPY … TO STDOUT` and writes what the server sends into `sink` (which the caller ends). */
export async function copyOut(client: Client, sql: string, sink: Writable): Promise<void> {
  await pipeline(client.query(copyTo(sql)), sink, { end: false });
}

/** Runs `COPY … FROM STDIN` with the bytes of `source`; a row the server refuses rejects it. */
export async function copyIn(client: Client, sql: string, source: Readable): Promise<void> {
  await pipeline(source, client.query(copyFrom(sql)));
}
