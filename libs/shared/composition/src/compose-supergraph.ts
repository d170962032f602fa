import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`Supergraph composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

/** Composes subgraph SDL into a Federation v2 supergraph (what every router understands). */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors && result.errors.length > 0) throw new CompositionError(result.errors.map((e) => e.message));
  if (!('supergraphSdl' in result) || !result.supergraphSdl) throw new CompositionError(['composition produced no supergraph']);
  return `${result.supergraphSdl.trim()}\n`;
}
