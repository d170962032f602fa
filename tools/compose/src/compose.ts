import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '@hkp/composition';
import { buildModuleSchema, printSubgraphSdl } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';

export interface ComposedSupergraph {
  /** The subgraphs composed, with the URL the gateway uses unless <NAME>_URL overrides it. */
  subgraphs: { name: string; url: string; sdl: string }[];
  supergraph: string;
}

/** Where the committed supergraph lives. */
export function supergraphPath(): string {
  return join(workspaceRoot(), 'supergraph.graphql');
}

/**
 * Composes the supergraph from every subgraph's SDL, built in process from the type-graphql classes
 * (no service needs to run). Throws CompositionError when the subgraphs no longer compose.
 */
export async function composeFromSubgraphs(): Promise<ComposedSupergraph> {
  const subgraphs = await Promise.all(
    ALL_SUBGRAPHS.map(async (module) => ({
      name: module.name,
      // The URL the gateway uses unless <NAME>_URL overrides it (containers, other hosts).
      url: `http://127.0.0.1:${module.defaultPort}/graphql`,
      sdl: printSubgraphSdl(await buildModuleSchema(module)),
    })),
  );
  return { subgraphs, supergraph: composeSupergraph(subgraphs) };
}

/** What `compose --check` and the compose tests say when the committed file differs from the composition. */
export const STALE_SUPERGRAPH = 'supergraph.graphql is stale: a subgraph schema changed. Run "npm run compose" and commit the result.';

/** The committed supergraph.graphql, or '' when there is none. */
export function readCommittedSupergraph(): string {
  try {
    return readFileSync(supergraphPath(), 'utf8');
  } catch {
    return '';
  }
}
