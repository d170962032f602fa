import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { envPrefixOf } from '@hkp/departments';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph } from '@hkp/composition';
import type { RunningGateway } from '@hkp/gateway';
import { buildModuleSchema, printSubgraphSdl, type StartedSubgraph, type SubgraphModule } from '@hkp/subgraph-kit';

import { startTestGateway } from './test-gateway';
import { startTestSubgraph } from './test-subgraph';

export interface TestFederation {
  /** The gateway's GraphQL URL (`http://127.0.0.1:1234/graphql`). */
  gatewayUrl: string;
  gateway: RunningGateway;
  /** The supergraph file the gateway serves (and watches). */
  supergraphPath: string;
  /** Each subgraph's SDL and URL as composed, by module name. */
  subgraphSdl: { name: string; url: string; sdl: string }[];
  /** Each started subgraph by module name. */
  subgraphs: Record<string, StartedSubgraph>;
  /** Stops the gateway, then every subgraph; removes the supergraph file. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole federation in one process: each module on a free port (one after another, all on
 * one database, as `npm start` runs them), the supergraph composed from their SDL with the
 * ports they got, and the real gateway in front. Callers pass the modules (this shared library
 * knows no department).
 */
export interface TestFederationOptions {
  /** Extra environment for the gateway's configuration (e.g. JWT keys, limits). */
  gatewayEnv?: Record<string, string>;
}

export async function startTestFederation(
  modules: SubgraphModule[],
  databaseUrl: string,
  options: TestFederationOptions = {},
): Promise<TestFederation> {
  const subgraphs: Record<string, StartedSubgraph> = {};
  const started: StartedSubgraph[] = [];
  let dir: string | undefined;
  let gateway: RunningGateway | undefined;
  const previousEnv = new Map<string, string | undefined>();
  const sdl: { name: string; url: string; sdl: string }[] = [];

  const stopAll = async () => {
    if (gateway) await gateway.stop();
    const failures: unknown[] = [];
    for (const subgraph of started.reverse()) {
      await subgraph.stop().catch((error: unknown) => failures.push(error));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const [variable, value] of previousEnv) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
    if (failures.length > 0) throw failures[0];
  };

  try {
    for (const module of modules) {
      if (subgraphs[module.name]) throw new Error(`Subgraph "${module.name}" was passed twice.`);
      const subgraph = await startTestSubgraph(module, databaseUrl);
      started.push(subgraph);
      // Services find each other through <NAME>_URL (the catalog follows the departments' feeds).
      const variable = `${envPrefixOf(module.name)}_URL`;
      previousEnv.set(variable, process.env[variable]);
      process.env[variable] = subgraph.url;
      subgraphs[module.name] = subgraph;
      sdl.push({ name: module.name, url: subgraph.url, sdl: printSubgraphSdl(await buildModuleSchema(module)) });
    }
    dir = mkdtempSync(join(tmpdir(), 'hkp-supergraph-'));
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeSupergraph(sdl));
    // The gateway as in production, with the test's overrides (auth keys, limits), in front of these subgraphs.
    gateway = await startTestGateway(supergraphPath, options.gatewayEnv);
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const running = gateway;
  return {
    supergraphPath: join(dir, 'supergraph.graphql'),
    subgraphSdl: sdl,
    gatewayUrl: running.url,
    gateway: running,
    subgraphs,
    stop: () => {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
