import { writeFileSync } from 'node:fs';
import { envPrefixOf } from '@hkp/departments';
import { CompositionError } from '@hkp/composition';

import { composeFromSubgraphs, staleFiles, staleMessage, subgraphSchemaFile, subgraphSchemaPath, supergraphPath } from './compose';

/**
 * Composes the committed supergraph.graphql from every subgraph's SDL, and writes each department's
 * own schema to libs/<name>/schema.graphql. `--check` fails when the
 * committed file is stale, so a department that changes its schema learns at once whether it still
 * composes (supergraph.spec.ts checks the same inside the compose project's tests).
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { subgraphs, supergraph } = await composeFromSubgraphs();
  if (check) {
    const stale = staleFiles({ subgraphs, supergraph });
    if (stale.length > 0) {
      console.error(staleMessage(stale));
      process.exit(1);
    }
    console.log(`supergraph.graphql and ${subgraphs.length} subgraph schemas are up to date (the subgraphs compose).`);
    return;
  }
  writeFileSync(supergraphPath(), supergraph);
  for (const subgraph of subgraphs) writeFileSync(subgraphSchemaPath(subgraph.name), subgraphSchemaFile(subgraph));
  console.log(`Wrote supergraph.graphql from ${subgraphs.map((s) => `${s.name} (${envPrefixOf(s.name)}_URL)`).join(', ')}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
