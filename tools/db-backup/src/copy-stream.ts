import type { Readable, Writable } from 'node:stream';
import type { Client } from 'pg';

/**
 * COPY over node-postgres without pg-copy-streams (not a dependency of this repository): pg hands
 * an object with `submit` the connection and routes the COPY messages to it, which is how
 * pg-copy-streams works too. Both directions respect back-pressure.
 */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

abstract class CopySubmittable {
  protected connection: PgConnection | undefined;
  private error: Error | undefined;
  readonly done: Promise<void>;
  private settle!: (error?: Error) => void;

  constructor(private readonly text: string) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = (error) => (error ? reject(error) : resolve())));
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  protected fail(error: Error): void {
    this.error ??= error;
  }

  handleError(error: Error): void {
    this.fail(error);
    this.stopSending();
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }

  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('this statement is not a COPY FROM');
  }

  handleCopyData(_message: { chunk: Buffer }): void {
    // A COPY FROM receives nothing.
  }

  protected stopSending(): void {
    // Only COPY FROM sends.
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
}

class CopyOut extends CopySubmittable {
  constructor(
    text: string,
    private readonly sink: Writable,
  ) {
    super(text);
    sink.on('error', (error: Error) => this.fail(error));
  }

  private paused = false;

  override handleCopyData(message: { chunk: Buffer }): void {
    if (this.sink.write(message.chunk) || this.paused) return;
    // The file is behind: stop reading the socket until it caught up (messages already read still arrive).
    const socket = this.connection!.stream;
    this.paused = true;
    socket.pause();
    this.sink.once('drain', () => this.resume());
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.connection!.stream.resume();
  }

  override handleReadyForQuery(): void {
    // The COPY ended within data already read: the caller ends the file, and a stream that is ended
    // never emits 'drain', so the socket must not wait for it to read the next query's answer.
    this.resume();
    super.handleReadyForQuery();
  }
}

class CopyIn extends CopySubmittable {
  constructor(
    text: string,
    private readonly source: Readable,
  ) {
    super(text);
  }

  override handleCopyInResponse(connection: PgConnection): void {
    const socket = connection.stream;
    this.source.on('data', (chunk: Buffer) => {
      connection.sendCopyFromChunk(chunk);
      if (socket.writableNeedDrain && !this.source.isPaused()) {
        this.source.pause();
        socket.once('drain', () => this.source.resume());
      }
    });
    this.source.once('end', () => connection.endCopyFrom());
    this.source.once('error', (error: Error) => {
      this.fail(error);
      connection.sendCopyFail(`reading the data failed: ${error.message}`);
    });
  }

  protected override stopSending(): void {
    // The server refused a row: it ignores whatever else is sent, so stop reading the file.
    this.source.removeAllListeners('data');
    this.source.destroy();
  }
}

/** Runs `COPY … TO STDOUT` and writes what the server sends into `sink` (which the caller ends). */
export async function copyOut(client: Client, sql: string, sink: Writable): Promise<void> {
  const copy = new CopyOut(sql, sink);
  await (client.query as unknown as (submittable: CopyOut) => unknown)(copy);
  await copy.done;
}

/** Runs `COPY … FROM STDIN` with the bytes of `source`. */
export async function copyIn(client: Client, sql: string, source: Readable): Promise<void> {
  const copy = new CopyIn(sql, source);
  await (client.query as unknown as (submittable: CopyIn) => unknown)(copy);
  await copy.done;
}
