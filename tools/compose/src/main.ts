import { writeFileSync } from 'node:fs';
import { envPrefixOf } from '@hkp/departments';
import { CompositionError } from '@hkp/composition';

import {
  clientSchemaPath,
  composeFromSubgraphs,
  contractSupergraphPath,
  staleFiles,
  staleMessage,
  subgraphSchemaFile,
  subgraphSchemaPath,
  supergraphPath,
} from './compose';

/**
 * Composes the committed supergraph.graphql from every subgraph's SDL, and writes each department's
 * own schema to libs/<name>/schema.graphql. `--check` fails when the
 * committed file is stale, so a department that changes its schema learns at once whether it still
 * composes (supergraph.spec.ts checks the same inside the compose project's tests).
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const composed = await composeFromSubgraphs();
  const { subgraphs, supergraph, contracts } = composed;
  const contractFiles = contracts.map((c) => `supergraph.${c.name}.graphql, schema/${c.name}.graphql`);
  if (check) {
    const stale = staleFiles(composed);
    if (stale.length > 0) {
      console.error(staleMessage(stale));
      process.exit(1);
    }
    console.log(
      `supergraph.graphql, ${[...contractFiles, ''].join(', ')}${subgraphs.length} subgraph schemas are up to date (the subgraphs and the contracts compose).`,
    );
    return;
  }
  writeFileSync(supergraphPath(), supergraph);
  for (const subgraph of subgraphs) writeFileSync(subgraphSchemaPath(subgraph.name), subgraphSchemaFile(subgraph));
  for (const contract of contracts) {
    writeFileSync(contractSupergraphPath(contract.name), contract.supergraph);
    writeFileSync(clientSchemaPath(contract.name), contract.clientSchema);
  }
  console.log(`Wrote supergraph.graphql from ${subgraphs.map((s) => `${s.name} (${envPrefixOf(s.name)}_URL)`).join(', ')}.`);
  for (const files of contractFiles) console.log(`Wrote ${files} (schema/contracts.json).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
