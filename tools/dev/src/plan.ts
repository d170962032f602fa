import { compiledEntry } from '@hkp/build';
import { envPrefixOf } from '@hkp/departments';
import { ConfigError, getEnvNum, getEnvOptionalStr, getEnvPort } from '@hkp/util-env';

type Env = Record<string, string | undefined>;

/** One process `npm start` runs: a subgraph or the gateway. */
export interface ServicePlan {
  name: string;
  port: number;
  /** The variable that moves the port, named in every port error. */
  portVariable: string;
  /** Compiled entry file (`npm run build` output), relative to the workspace root. */
  entry: string;
  /** Answers 200 once the service can take traffic. */
  readyUrl: string;
}

export interface DevOptions {
  /** Subgraph names to start (all when undefined). */
  only?: string[];
  /** Ask the running launcher to restart, stop or start a service, instead of starting anything. */
  control?: ControlRequest;
  help: boolean;
}

/** What `--restart`, `--stop` and `--start` ask of the running launcher. */
export const CONTROL_VERBS = ['restart', 'stop', 'start'] as const;
export type ControlVerb = (typeof CONTROL_VERBS)[number];

export interface ControlRequest {
  verb: ControlVerb;
  service: string;
}

export interface PortCheck {
  port: number;
  variable: string;
  what: string;
}

export const DEFAULT_GATEWAY_PORT = 4000;
export const USAGE = `Usage: npm start [-- --only <subgraph>[,<subgraph>...]]
       npm start -- --restart <service>   (restart one subgraph or the gateway of the npm start running in this checkout)
       npm start -- --stop <service>      (stop it and keep it stopped, e.g. while its schema is restored)
       npm start -- --start <service>     (start a service stopped with --stop)`;

/** Accepts `--only a,b`, `--only=a` and repeated `--only`; anything else is a mistake worth naming. */
export function parseArgs(argv: readonly string[]): DevOptions {
  const options: DevOptions = { help: false };
  const addOnly = (value: string | undefined) => {
    const names = (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) throw new ConfigError(`--only needs a subgraph name. ${USAGE}`);
    options.only = [...(options.only ?? []), ...names];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--only') addOnly(argv[++i]);
    else if (arg.startsWith('--only=')) addOnly(arg.slice('--only='.length));
    else {
      const verb = CONTROL_VERBS.find((v) => arg === `--${v}` || arg.startsWith(`--${v}=`));
      if (!verb) throw new ConfigError(`Unknown argument "${arg}". ${USAGE}`);
      const service = arg === `--${verb}` ? argv[++i] : arg.slice(`--${verb}=`.length);
      if (!service || service.startsWith('-')) throw new ConfigError(`--${verb} needs a service name. ${USAGE}`);
      if (options.control) throw new ConfigError(`Give one of --restart, --stop and --start at a time. ${USAGE}`);
      options.control = { verb, service };
    }
  }
  if (options.control && options.only)
    throw new ConfigError(`--${options.control.verb} talks to a running npm start; give --only to that one. ${USAGE}`);
  return options;
}

/** The subgraphs to run, in ALL_SUBGRAPHS order, each on `<NAME>_PORT` or its default port. */
export function planSubgraphs(
  modules: readonly { name: string; defaultPort: number }[],
  env: Env,
  only?: readonly string[],
): ServicePlan[] {
  const known = new Set(modules.map((m) => m.name));
  const unknown = (only ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigError(`Unknown subgraph ${unknown.map((n) => `"${n}"`).join(', ')}. Known: ${[...known].join(', ')}.`);
  }
  return modules
    .filter((m) => !only || only.includes(m.name))
    .map((m) => {
      const portVariable = `${envPrefixOf(m.name)}_PORT`;
      const port = getEnvPort(portVariable, m.defaultPort, env);
      return { name: m.name, port, portVariable, entry: compiledEntry(m.name), readyUrl: `http://127.0.0.1:${port}/health/ready` };
    });
}

/**
 * The gateway. Its /readiness is 200 only when every subgraph of the supergraph answers, so when
 * only some run (`--only`) we wait for its liveness (/healthcheck) instead.
 */
export function planGateway(env: Env, allSubgraphsRun: boolean): ServicePlan {
  const port = getEnvPort('GATEWAY_PORT', DEFAULT_GATEWAY_PORT, env);
  const path = allSubgraphsRun ? '/readiness' : '/healthcheck';
  return {
    name: 'gateway',
    port,
    portVariable: 'GATEWAY_PORT',
    entry: compiledEntry('gateway'),
    readyUrl: `http://127.0.0.1:${port}${path}`,
  };
}

/**
 * Every port to check before anything starts. Two services given the same port would pass the
 * free-port check and then collide, so that is reported here too.
 */
export function portChecks(services: readonly ServicePlan[], env: Env, embeddedPgPort: number): PortCheck[] {
  const checks: PortCheck[] = services.map((s) => ({
    port: s.port,
    variable: s.portVariable,
    what: s.name === 'gateway' ? 'the gateway' : `the ${s.name} subgraph`,
  }));
  if (!getEnvOptionalStr('DATABASE_URL', env)) {
    checks.push({
      port: getEnvPort('EMBEDDED_PG_PORT', embeddedPgPort, env),
      variable: 'EMBEDDED_PG_PORT',
      what: 'the embedded PostgreSQL',
    });
  }
  const seen = new Map<number, PortCheck>();
  for (const check of checks) {
    const earlier = seen.get(check.port);
    if (earlier && check.port !== 0) {
      throw new ConfigError(
        `Port ${check.port} is given to both ${earlier.what} (${earlier.variable}) and ${check.what} (${check.variable}). Choose another with ${check.variable}=<port>.`,
      );
    }
    seen.set(check.port, check);
  }
  return checks;
}

/**
 * `<NAME>_URL` for every subgraph, from the ports they are given (`EDUCATION_PORT=5002`), so the
 * services find each other wherever they listen: the gateway calls them, the catalog follows the
 * departments' feeds, departments nudge the catalog. A URL the user set wins.
 */
export function serviceUrls(env: Env, subgraphs: readonly ServicePlan[]): Env {
  const urls: Env = {};
  for (const s of subgraphs) {
    const variable = `${envPrefixOf(s.name)}_URL`;
    urls[variable] = getEnvOptionalStr(variable, env) ?? `http://127.0.0.1:${s.port}/graphql`;
  }
  return urls;
}

/** Each subgraph's environment: the shared database (no child starts a PostgreSQL of its own) and where the others are. */
export function subgraphEnv(env: Env, databaseUrl: string, allSubgraphs: readonly ServicePlan[]): Env {
  return { ...env, ...serviceUrls(env, allSubgraphs), DATABASE_URL: databaseUrl };
}

/** The gateway's environment: where every subgraph is, including those `--only` left out. */
export function gatewayEnv(env: Env, allSubgraphs: readonly ServicePlan[]): Env {
  return { ...env, ...serviceUrls(env, allSubgraphs) };
}

/**
 * How many subgraphs start at once. Start-up is mostly CPU (compile, schema build) with some
 * waiting on PostgreSQL (migrations, seeds), so one more than the cores: on 2 cores, 3 at a time
 * was fastest (1 at a time took about twice as long; all 6 at once gained nothing).
 */
export function startConcurrency(env: Env, cores: number): number {
  return Math.floor(getEnvNum('DEV_CONCURRENCY', cores + 1, env, { min: 1 }));
}
