import type { TestFederation } from './test-federation';

/** Every GraphQL request the federation's subgraphs have served so far. */
export function subgraphRequestCount(federation: TestFederation): number {
  return Object.values(federation.subgraphs).reduce((sum, subgraph) => sum + subgraph.graphqlRequests(), 0);
}

/**
 * Waits until no subgraph has served a request for `quietMs`, so that background work (a catalog
 * pass, a nudge after a write) is over before a test counts what one request makes them do.
 */
export async function waitForQuietSubgraphs(federation: TestFederation, quietMs: number): Promise<void> {
  for (let last = -1, stableSince = Date.now(); Date.now() - stableSince < quietMs; await new Promise((r) => setTimeout(r, 50))) {
    const now = subgraphRequestCount(federation);
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
}
