import pino, { type Logger } from 'pino';
import { getEnvEnum } from '@hkp/util-env';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** JSON logs, one line per event, with the service name on every line. */
export function createLogger(service: string): Logger {
  return pino({
    name: service,
    level: getEnvEnum('LOG_LEVEL', LEVELS, 'info'),
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
