import { startProcess, type RunningProcess } from '@hkp/processes';

export { freePort, httpOk, postGraphQL, tailOf, waitUntil } from '@hkp/processes';

/** A benchmarked service: a node process pinned to CPUs. */
export interface Service extends RunningProcess {
  /** CPUs it is pinned to (taskset -c list). */
  cpus: string;
}

export interface ServiceOptions {
  name: string;
  /** Arguments to `node` (e.g. `dist/apps/x/src/main.js`). */
  nodeArgs: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** taskset CPU list; every service is started through taskset so none inherits the runner's own pinning. */
  cpus: string;
  logDir: string;
}

/**
 * Starts `taskset -c <cpus> node <args>` (taskset execs node, so the pid is node's: /proc/<pid> then
 * describes the service itself).
 */
export function startService(options: ServiceOptions): Service {
  const started = startProcess({
    name: options.name,
    command: 'taskset',
    args: ['-c', options.cpus, process.execPath, ...options.nodeArgs],
    cwd: options.cwd,
    env: options.env,
    logDir: options.logDir,
  });
  return Object.assign(started, { cpus: options.cpus });
}
