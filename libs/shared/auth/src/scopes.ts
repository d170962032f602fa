import { DEPARTMENT_NAMES, writeScopeOf, type DepartmentName } from '@hkp/departments';

/** The services whose data a partner may change (every department), each guarded by its own write scope. */
export const WRITABLE_SERVICES: readonly DepartmentName[] = DEPARTMENT_NAMES;
export type WritableService = DepartmentName;

/** Every scope a token may carry for this API (OAuth style, `scope: "education:write admin"`). */
export const SCOPES = [...WRITABLE_SERVICES.map((service) => writeScopeOf(service)), 'admin' as const];
export type Scope = (typeof SCOPES)[number];

export const ADMIN_SCOPE = 'admin' satisfies Scope;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** `education` → `education:write`, the scope its mutations require. */
export function writeScopeFor(serviceName: string): Scope {
  if (!(WRITABLE_SERVICES as readonly string[]).includes(serviceName)) {
    throw new Error(`No write scope for "${serviceName}"; services with one: ${WRITABLE_SERVICES.join(', ')}.`);
  }
  return writeScopeOf(serviceName as WritableService);
}

/** The scopes one claim lists: a space-separated string or an array of strings. */
export function scopesListedIn(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * The scopes a verified token grants: `scope` (space-separated) and/or `scp` (array, or a string
 * as some identity providers send it). `admin` grants every scope, here in one place so the
 * gateway and the subgraphs agree.
 */
export function scopesFromClaims(payload: Readonly<Record<string, unknown>>): string[] {
  const scopes = new Set([...scopesListedIn(payload['scope']), ...scopesListedIn(payload['scp'])].map((s) => s.trim()).filter(Boolean));
  if (scopes.has(ADMIN_SCOPE)) for (const scope of SCOPES) scopes.add(scope);
  return [...scopes];
}
