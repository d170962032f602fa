import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientSchemaOf, composeContract, composeSupergraph, readContracts } from '@hkp/composition';
import { buildModuleSchema, printSubgraphSdl } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';

export interface ComposedSupergraph {
  /** The subgraphs composed, with the URL the gateway uses unless <NAME>_URL overrides it. */
  subgraphs: { name: string; url: string; sdl: string }[];
  supergraph: string;
  /** Each contract of schema/contracts.json: its filtered supergraph and the client schema of its API. */
  contracts: { name: string; supergraph: string; clientSchema: string }[];
}

/** Where the committed supergraph lives. */
export function supergraphPath(): string {
  return join(workspaceRoot(), 'supergraph.graphql');
}

/** The contracts gateways can serve instead of the whole supergraph. */
export function contractsPath(): string {
  return join(workspaceRoot(), 'schema', 'contracts.json');
}

/** Where a contract's supergraph is committed: supergraph.<name>.graphql, beside the whole one (for gateways). */
export function contractSupergraphPath(name: string): string {
  return join(workspaceRoot(), `supergraph.${name}.graphql`);
}

/** Where a contract's client schema is committed: schema/<name>.graphql (for code generators). */
export function clientSchemaPath(name: string): string {
  return join(workspaceRoot(), 'schema', `${name}.graphql`);
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
  const contracts = readContracts(contractsPath()).map((contract) => {
    const supergraph = composeContract(subgraphs, contract);
    return { name: contract.name, supergraph, clientSchema: clientSchemaOf(supergraph) };
  });
  return { subgraphs, supergraph: composeSupergraph(subgraphs), contracts };
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
  for (const contract of composed.contracts) {
    if (readText(contractSupergraphPath(contract.name)) !== contract.supergraph) stale.push(`supergraph.${contract.name}.graphql`);
    if (readText(clientSchemaPath(contract.name)) !== contract.clientSchema) stale.push(`schema/${contract.name}.graphql`);
  }
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
