import { jsonStringify, Logger, type LogLevel, type LogWriter } from '@graphql-hive/logger';

type Env = Record<string, string | undefined>;
type Attributes = Parameters<LogWriter['write']>[1];

/** pino's numbers, so gateway and subgraph lines sort and filter alike. */
const PINO_LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/**
 * Hive's log lines in the shape the subgraphs write with pino: one JSON object a line, numeric
 * level, ISO time, the service's name. One format for every service, whatever reads the logs.
 */
export class PinoShapedWriter implements LogWriter {
  constructor(private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  write(level: LogLevel, attrs: Attributes, msg: string | null | undefined): void {
    const fields = attrs && !Array.isArray(attrs) ? attrs : attrs ? { attrs } : {};
    // The line's own fields last: an attribute named `level` or `time` cannot replace them.
    this.out(
      jsonStringify({ ...fields, level: PINO_LEVELS[level], time: new Date().toISOString(), service: 'gateway', ...(msg ? { msg } : {}) }),
    );
  }
}

/** LOG_LEVEL as the subgraphs read it (pino's names): `silent` turns logging off, `fatal` logs errors. */
export function gatewayLogLevel(env: Env = process.env): LogLevel | false {
  const level = (env['LOG_LEVEL'] ?? 'info').toLowerCase();
  if (level === 'silent') return false;
  if (level === 'fatal') return 'error';
  return level in PINO_LEVELS ? (level as LogLevel) : 'info';
}

/**
 * A logger at LOG_LEVEL read as the subgraphs read it. Hive's Logger also reads LOG_LEVEL itself and
 * throws on pino's names (`silent`, `fatal`) even when given a level, so it is built while the
 * variable is out of its sight.
 */
export function createGatewayLogger(env: Env = process.env, writer: LogWriter = new PinoShapedWriter()): Logger {
  const level = gatewayLogLevel(env);
  const saved = process.env['LOG_LEVEL'];
  delete process.env['LOG_LEVEL'];
  try {
    return new Logger({ level, writers: [writer] });
  } finally {
    if (saved !== undefined) process.env['LOG_LEVEL'] = saved;
  }
}

let shared: Logger | undefined;

/** The gateway's one logger: the runtime, every feature and the process itself write through it. */
export function gatewayLogger(): Logger {
  shared ??= createGatewayLogger();
  return shared;
}
