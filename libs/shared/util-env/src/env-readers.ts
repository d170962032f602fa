import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

function raw(name: string, env: Env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads a string variable; `fallback` undefined means the variable is required. */
export function getEnvStr(name: string, fallback?: string, env: Env = process.env): string {
  const value = raw(name, env) ?? fallback;
  if (value === undefined) throw new ConfigError(`${name} is required but not set.`);
  return value;
}

export function getEnvOptionalStr(name: string, env: Env = process.env): string | undefined {
  return raw(name, env);
}

export function getEnvNum(name: string, fallback: number, env: Env = process.env, range: { min?: number; max?: number } = {}): number {
  const value = raw(name, env);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigError(`${name} must be a number, got "${value}".`);
  if (range.min !== undefined && parsed < range.min) throw new ConfigError(`${name} must be at least ${range.min}, got ${parsed}.`);
  if (range.max !== undefined && parsed > range.max) throw new ConfigError(`${name} must be at most ${range.max}, got ${parsed}.`);
  return parsed;
}

export function getEnvPort(name: string, fallback: number, env: Env = process.env): number {
  const port = getEnvNum(name, fallback, env, { min: 0, max: 65535 });
  if (!Number.isInteger(port)) throw new ConfigError(`${name} must be a whole port number, got ${port}.`);
  return port;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export function getEnvBool(name: string, fallback: boolean, env: Env = process.env): boolean {
  const value = raw(name, env)?.toLowerCase();
  if (value === undefined) return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}".`);
}

export function getEnvEnum<T extends string>(name: string, allowed: readonly T[], fallback: T, env: Env = process.env): T {
  const value = raw(name, env);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}

export function isProduction(env: Env = process.env): boolean {
  return raw('NODE_ENV', env) === 'production';
}
