import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph, CompositionError } from '@hkp/composition';
import { buildModuleSchema, envPrefix, printSubgraphSdl } from '@hkp/subgraph-kit';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';

/**
 * Composes the committed supergraph.graphql from every subgraph's SDL, built in process from
 * the type-graphql classes (no service needs to run). `--check` fails when the committed file
 * is stale, so a department that changes its schema learns at once whether it still composes.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const root = workspaceRoot();
  const target = join(root, 'supergraph.graphql');
  const subgraphs = await Promise.all(
    ALL_SUBGRAPHS.map(async (module) => ({
      name: module.name,
      // The URL the gateway uses unless <NAME>_URL overrides it (containers, other hosts).
      url: `http://127.0.0.1:${module.defaultPort}/graphql`,
      sdl: printSubgraphSdl(await buildModuleSchema(module)),
    })),
  );
  const supergraph = composeSupergraph(subgraphs);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // missing file: reported below
    }
    if (committed !== supergraph) {
      console.error('supergraph.graphql is stale: a subgraph schema changed. Run "npm run compose" and commit the result.');
      process.exit(1);
    }
    console.log(`supergraph.graphql is up to date (${subgraphs.length} subgraphs compose).`);
    return;
  }
  writeFileSync(target, supergraph);
  console.log(`Wrote supergraph.graphql from ${subgraphs.map((s) => `${s.name} (${envPrefix(s.name)}_URL)`).join(', ')}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
