import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { ConfigError } from '@hkp/util-env';
import { CONTROL_VERBS, type ControlRequest, type ControlVerb } from './plan';

/** Where a running `npm start` takes commands (`npm start -- --restart|--stop|--start education`). */
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

/** What a command needs of a service: its supervisor. */
export interface ControlledService {
  readonly isHeld: boolean;
  restart(): Promise<boolean>;
  hold(): Promise<void>;
  resume(): Promise<boolean>;
}

export interface CommandContext {
  services: ReadonlyMap<string, ControlledService>;
  isStopping: () => boolean;
  log: (message: string) => void;
}

/**
 * The launcher's answer to `<verb> <service>`. A reply that starts with the service's name means
 * done (or nothing to do); any other is a refusal that the asking command prints as an error.
 */
export async function answerCommand(command: string, { services, isStopping, log }: CommandContext): Promise<string> {
  const [verb, name, ...rest] = command.split(/\s+/);
  const service = name === undefined ? undefined : services.get(name);
  if (!CONTROL_VERBS.includes(verb as ControlVerb) || !service || rest.length > 0)
    return `Unknown command "${command}". Commands: ${CONTROL_VERBS.join(', ')} <service>; services: ${[...services.keys()].join(', ')}.`;
  if (isStopping()) return 'npm start is stopping.';
  const notReady = `but is not ready yet; see the npm start output.`;
  switch (verb as ControlVerb) {
    case 'restart': {
      log(`Restarting ${name} (asked by npm start -- --restart).`);
      return (await service.restart()) ? `${name} restarted and ready.` : `${name} restarted ${notReady}`;
    }
    case 'stop': {
      const until = `it stays stopped until npm start -- --start ${name}`;
      if (service.isHeld) return `${name} is already stopped; ${until}.`;
      log(`Stopping ${name} (asked by npm start -- --stop); ${until}.`);
      await service.hold();
      return `${name} stopped; ${until}.`;
    }
    case 'start': {
      if (!service.isHeld) return `${name} is already running.`;
      log(`Starting ${name} (asked by npm start -- --start).`);
      return (await service.resume()) ? `${name} started and ready.` : `${name} started ${notReady}`;
    }
  }
}

/** `npm start -- --restart|--stop|--start <service>`: asks the launcher listening on `path`; resolves with its reply. */
export async function requestCommand(path: string, { verb, service }: ControlRequest): Promise<string> {
  let reply: string;
  try {
    reply = await sendCommand(path, `${verb} ${service}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED')
      throw new ConfigError(`No npm start is running in this checkout (nothing answers on ${path}).`);
    throw error;
  }
  if (!reply.startsWith(`${service} `)) throw new ConfigError(reply);
  return reply;
}
