import { ConfigError, getEnvNum, getEnvOptionalStr } from '@hkp/util-env';
import { envPrefixOf } from '@hkp/departments';

type Env = Readonly<Record<string, string | undefined>>;

/** What the environment changes for one subgraph of the supergraph. */
export interface SubgraphOverride {
  /** `<NAME>_URL`: where the gateway calls it instead of the supergraph's URL (`http://education:4000/graphql` in containers). */
  url?: string;
  /** `<NAME>_TIMEOUT_MS`: its own SUBGRAPH_TIMEOUT_MS. */
  timeoutMs?: number;
}

const SUFFIXES = ['_URL', '_TIMEOUT_MS'] as const;

/** The variables a subgraph's override can be in (`*_URL`, `*_TIMEOUT_MS`), as set now. */
export function subgraphVariablesOf(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && SUFFIXES.some((suffix) => entry[0].endsWith(suffix)),
    ),
  );
}

function readUrl(variable: string, env: Env): string | undefined {
  const value = getEnvOptionalStr(variable, env);
  if (value === undefined) return undefined;
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError(`${variable} must be an http(s) URL such as http://education:4000/graphql, got "${value}".`);
  return value;
}

function readTimeout(variable: string, env: Env): number | undefined {
  return getEnvOptionalStr(variable, env) === undefined ? undefined : getEnvNum(variable, 0, env, { min: 100 });
}

/**
 * `<NAME>_URL` and `<NAME>_TIMEOUT_MS` of each subgraph named. A bad value is a ConfigError naming
 * its variable: thrown, or, when `onError` is given, passed to it and left out (the subgraph keeps
 * the supergraph's URL or SUBGRAPH_TIMEOUT_MS).
 */
export function readSubgraphOverrides(
  names: Iterable<string>,
  env: Env,
  onError?: (error: ConfigError) => void,
): Map<string, SubgraphOverride> {
  const attempt = <T>(read: () => T): T | undefined => {
    if (!onError) return read();
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      onError(error);
      return undefined;
    }
  };
  const overrides = new Map<string, SubgraphOverride>();
  for (const name of names) {
    const prefix = envPrefixOf(name);
    overrides.set(name, {
      url: attempt(() => readUrl(`${prefix}_URL`, env)),
      timeoutMs: attempt(() => readTimeout(`${prefix}_TIMEOUT_MS`, env)),
    });
  }
  return overrides;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * `<X>_URL` / `<X>_TIMEOUT_MS` variables whose X is not a subgraph's prefix but a letter or two
 * from one (EDUCATON_URL): typos the gateway would ignore in silence. Only such near misses, so
 * the environment's other URLs (DATABASE_URL, REDIS_URL, JWT_JWKS_URL) are never reported.
 */
export function misspelledSubgraphVariables(names: Iterable<string>, env: Env): { variable: string; meant: string }[] {
  const prefixes = [...new Set([...names].map(envPrefixOf))];
  const misspelled: { variable: string; meant: string }[] = [];
  for (const variable of Object.keys(subgraphVariablesOf(env))) {
    const suffix = SUFFIXES.find((s) => variable.endsWith(s))!;
    const prefix = variable.slice(0, -suffix.length);
    if (prefixes.includes(prefix)) continue;
    // One edit allowed per four letters, two at most: short names have too many neighbours.
    const near = prefixes.find((p) => editDistance(prefix, p) <= Math.min(2, Math.floor(p.length / 4)));
    if (near !== undefined) misspelled.push({ variable, meant: `${near}${suffix}` });
  }
  return misspelled;
}
