import { compiledEntry, nodeArgs } from '@hkp/build';
import { envPrefixOf } from '@hkp/departments';
import { SERVICE_PORTS } from '@hkp/util-env';
import { freePort, httpOk, startProcess, waitUntil, type RunningProcess } from '@hkp/processes';
import type { BalancedService } from './haproxy';

export const READY_TIMEOUT_MS = 240_000;

/** One process of a service: `education-1`, on its own port, restartable on that port. */
export class Replica {
  process: RunningProcess | undefined;
  constructor(
    readonly service: string,
    readonly index: number,
    readonly port: number,
    /** The replica's environment, given its port. */
    private readonly env: (port: number) => Record<string, string | undefined>,
    private readonly root: string,
    private readonly logDir: string,
  ) {}

  get name(): string {
    return `${this.service}-${this.index}`;
  }

  get readyUrl(): string {
    return this.service === 'gateway' ? `http://127.0.0.1:${this.port}/readiness` : `http://127.0.0.1:${this.port}/health/ready`;
  }

  get graphqlUrl(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  start(): RunningProcess {
    this.process = startProcess({
      name: this.name,
      command: process.execPath,
      args: nodeArgs(compiledEntry(this.service)),
      cwd: this.root,
      env: this.env(this.port),
      logDir: this.logDir,
      appendLog: true,
    });
    return this.process;
  }

  async ready(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await waitUntil(this.readyUrl, () => httpOk(this.readyUrl), { timeoutMs, process: this.process, intervalMs: 200 });
  }

  /** Starts the replica and waits until it is ready; throws with its last log lines when it is not. */
  async startReadyOrThrow(): Promise<void> {
    this.start();
    await this.ready();
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }
}

export interface ServiceReplicas {
  name: string;
  /** The balancer's port for this service. */
  port: number;
  url: string;
  replicas: Replica[];
}

export interface TopologyOptions {
  root: string;
  logDir: string;
  subgraphs: readonly string[];
  /** Replicas per service; a service not named gets `defaultReplicas`. */
  replicas: Record<string, number>;
  defaultReplicas: number;
  databaseUrl: string;
  /** Shared by every process (the services verify tokens the run signs). */
  env: Record<string, string>;
  /** The gateways' settings, read at each (re)start: the run changes them between checks. */
  gatewayEnv: () => Record<string, string>;
}

/**
 * The services' environment, as `npm start` runs them (development defaults), with nothing from
 * the caller's shell pointing a service elsewhere.
 */
function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1' };
  delete env['NODE_ENV'];
  for (const name of Object.keys(SERVICE_PORTS)) {
    delete env[`${envPrefixOf(name)}_URL`];
    delete env[`${envPrefixOf(name)}_PORT`];
  }
  for (const name of ['DATABASE_URL', 'SUPERGRAPH_PATH', 'REDIS_URL', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY', 'JWT_JWKS_URL', 'JWT_SECRET'])
    delete env[name];
  return env;
}

export class Topology {
  readonly gateway: ServiceReplicas;
  readonly subgraphs: ServiceReplicas[];

  private constructor(gateway: ServiceReplicas, subgraphs: ServiceReplicas[]) {
    this.gateway = gateway;
    this.subgraphs = subgraphs;
  }

  /** Picks every port now, so a replica restarts where the balancer expects it. */
  static async plan(options: TopologyOptions): Promise<Topology> {
    const balancerUrls: Record<string, string> = {};
    const describe = async (name: string, count: number, env: (port: number) => Record<string, string | undefined>) => {
      const port = await freePort();
      const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
      const service: ServiceReplicas = { name, port, url: `http://127.0.0.1:${port}/graphql`, replicas: [] };
      service.replicas = ports.map((p, i) => new Replica(name, i + 1, p, env, options.root, options.logDir));
      return service;
    };
    const countOf = (name: string) => options.replicas[name] ?? options.defaultReplicas;
    const subgraphs: ServiceReplicas[] = [];
    for (const name of options.subgraphs) {
      const service = await describe(name, countOf(name), (port) => ({
        ...baseEnv(),
        ...options.env,
        ...balancerUrls,
        DATABASE_URL: options.databaseUrl,
        [`${envPrefixOf(name)}_PORT`]: String(port),
      }));
      subgraphs.push(service);
      balancerUrls[`${envPrefixOf(name)}_URL`] = service.url;
    }
    const gateway = await describe('gateway', countOf('gateway'), (port) => ({
      ...baseEnv(),
      ...options.env,
      ...balancerUrls,
      ...options.gatewayEnv(),
      GATEWAY_PORT: String(port),
    }));
    return new Topology(gateway, subgraphs);
  }

  service(name: string): ServiceReplicas {
    const found = [this.gateway, ...this.subgraphs].find((s) => s.name === name);
    if (!found) throw new Error(`no service ${name}`);
    return found;
  }

  replica(name: string, index: number): Replica {
    const replica = this.service(name).replicas[index - 1];
    if (!replica) throw new Error(`no replica ${name}-${index}`);
    return replica;
  }

  allReplicas(): Replica[] {
    return [...this.subgraphs, this.gateway].flatMap((s) => s.replicas);
  }

  balanced(): BalancedService[] {
    return [this.gateway, ...this.subgraphs].map((s) => ({
      name: s.name,
      port: s.port,
      replicaPorts: s.replicas.map((r) => r.port),
      healthPath: s.name === 'gateway' ? '/readiness' : '/health/ready',
    }));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.allReplicas().map((r) => r.stop().catch(() => undefined)));
  }
}
