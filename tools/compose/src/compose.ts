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

/** What `compose --check` and the compose tests say when committed files differ from what the subgraphs print. */
export function staleMessage(files: string[]): string {
  return `${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} stale: a subgraph schema changed. Run "npm run compose" and commit the result.`;
}

/** Where a department's own schema is committed: in its lib, beside the classes it is printed from. */
export function subgraphSchemaPath(name: string): string {
  return join(workspaceRoot(), 'libs', name, 'schema.graphql');
}

/** The file committed for a subgraph: its SDL as the gateway fetches it, under a line saying where it comes from. */
export function subgraphSchemaFile(subgraph: { name: string; sdl: string }): string {
  return `# The ${subgraph.name} subgraph's schema, printed by "npm run compose" from libs/${subgraph.name}/src. Do not edit.\n\n${subgraph.sdl.trimEnd()}\n`;
}

/** The generated files that differ from what is committed, as paths relative to the workspace root. */
export function staleFiles(composed: ComposedSupergraph): string[] {
  const stale = readCommittedSupergraph() === composed.supergraph ? [] : ['supergraph.graphql'];
  for (const subgraph of composed.subgraphs) {
    if (readText(subgraphSchemaPath(subgraph.name)) !== subgraphSchemaFile(subgraph)) stale.push(`libs/${subgraph.name}/schema.graphql`);
  }
  return stale;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The committed supergraph.graphql, or '' when there is none. */
export function readCommittedSupergraph(): string {
  return readText(supergraphPath());
}
