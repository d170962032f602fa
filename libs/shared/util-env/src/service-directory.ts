import { getEnvOptionalStr, getEnvPort } from './env-readers';

/** Every service of the federation and the port it takes unless `<NAME>_PORT` moves it. */
export const SERVICE_PORTS = {
  gateway: 4000,
  programme: 4001,
  education: 4002,
  health: 4003,
  transport: 4004,
  finance: 4005,
  'civil-affairs': 4006,
} as const;
export type ServiceName = keyof typeof SERVICE_PORTS;

/** `civil-affairs` → `CIVIL_AFFAIRS`, the prefix of a service's own variables. */
export function serviceEnvPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * Where another service's GraphQL endpoint is: `<NAME>_URL` (containers, other hosts), else
 * its port on this machine (`<NAME>_PORT`, or the default). Read on every call so a running
 * process follows changes.
 */
export function serviceGraphqlUrl(name: Exclude<ServiceName, 'gateway'>, env: Record<string, string | undefined> = process.env): string {
  const prefix = serviceEnvPrefix(name);
  return getEnvOptionalStr(`${prefix}_URL`, env) ?? `http://127.0.0.1:${getEnvPort(`${prefix}_PORT`, SERVICE_PORTS[name], env)}/graphql`;
}
