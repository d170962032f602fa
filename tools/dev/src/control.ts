import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';

/** Where a running `npm start` takes commands (`npm start -- --restart education`). */
export function controlSocketPath(root: string): string {
  return join(root, '.data', 'dev-launcher.sock');
}

/** Answers one command line; the reply is sent back and the connection closed. */
export type CommandHandler = (command: string) => Promise<string>;

/**
 * Listens on a Unix socket for one-line commands. A socket left by a launcher that was killed is
 * replaced; one that answers belongs to another launcher of this checkout, which keeps it.
 */
export async function listenForCommands(path: string, handle: CommandHandler): Promise<Server | 'taken'> {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) {
    if (await answers(path)) return 'taken';
    unlinkSync(path);
  }
  const server = createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    const onData = (chunk: string) => {
      input += chunk;
      const end = input.indexOf('\n');
      if (end === -1) return;
      // One command per connection: anything the client sends after the first line is ignored.
      socket.off('data', onData);
      socket.resume(); // without a data listener, keep reading so the connection can end
      handle(input.slice(0, end).trim()).then(
        (reply) => socket.end(`${reply}\n`),
        (error: unknown) => socket.end(`${String(error)}\n`),
      );
    };
    socket.on('data', onData);
    socket.on('error', () => undefined); // the client went away: nothing to answer
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.unref(); // never what keeps the launcher alive
  return server;
}

/** Sends one command to the running launcher and resolves with its reply. */
export function sendCommand(path: string, command: string, timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer after ${timeoutMs / 1000} s`)));
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => resolve(reply.trim()));
    socket.on('error', reject);
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
