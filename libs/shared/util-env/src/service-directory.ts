import { DEPARTMENTS, envPrefixOf, type DepartmentName } from '@hkp/departments';
import { getEnvOptionalStr, getEnvPort } from './env-readers';

export type ServiceName = 'gateway' | DepartmentName;

/** Every service of the federation and the port it takes unless `<NAME>_PORT` moves it. */
export const SERVICE_PORTS: Readonly<Record<ServiceName, number>> = {
  gateway: 4000,
  ...(Object.fromEntries(DEPARTMENTS.map((d) => [d.name, d.port])) as Record<DepartmentName, number>),
};

/**
 * Where another service's GraphQL endpoint is: `<NAME>_URL` (containers, other hosts), else
 * its port on this machine (`<NAME>_PORT`, or the default). Read on every call so a running
 * process follows changes.
 */
export function serviceGraphqlUrl(name: Exclude<ServiceName, 'gateway'>, env: Record<string, string | undefined> = process.env): string {
  const prefix = envPrefixOf(name);
  return getEnvOptionalStr(`${prefix}_URL`, env) ?? `http://127.0.0.1:${getEnvPort(`${prefix}_PORT`, SERVICE_PORTS[name], env)}/graphql`;
}
