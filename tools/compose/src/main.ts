import { writeFileSync } from 'node:fs';
import { CompositionError } from '@hkp/composition';
import { serviceEnvPrefix } from '@hkp/util-env';
import { composeFromSubgraphs, readCommittedSupergraph, STALE_SUPERGRAPH, supergraphPath } from './compose';

/**
 * Composes the committed supergraph.graphql from every subgraph's SDL. `--check` fails when the
 * committed file is stale, so a department that changes its schema learns at once whether it still
 * composes (supergraph.spec.ts checks the same inside the compose project's tests).
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { subgraphs, supergraph } = await composeFromSubgraphs();
  if (check) {
    if (readCommittedSupergraph() !== supergraph) {
      console.error(STALE_SUPERGRAPH);
      process.exit(1);
    }
    console.log(`supergraph.graphql is up to date (${subgraphs.length} subgraphs compose).`);
    return;
  }
  writeFileSync(supergraphPath(), supergraph);
  console.log(`Wrote supergraph.graphql from ${subgraphs.map((s) => `${s.name} (${serviceEnvPrefix(s.name)}_URL)`).join(', ')}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
