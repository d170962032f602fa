import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph } from '@hkp/composition';

export interface SupergraphFile {
  path: string;
  /** Removes the file and its folder; safe to call twice. */
  remove(): void;
}

/**
 * Composes `subgraphs` (each SDL at the URL given) into a supergraph file in a fresh temporary
 * folder, for a gateway started over other URLs than a test federation's own (a proxy, a second
 * instance of a subgraph).
 */
export function writeSupergraphFile(subgraphs: { name: string; url: string; sdl: string }[]): SupergraphFile {
  const dir = mkdtempSync(join(tmpdir(), 'hkp-supergraph-'));
  const path = join(dir, 'supergraph.graphql');
  writeFileSync(path, composeSupergraph(subgraphs));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
