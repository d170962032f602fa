import { graphqlRequest, waitUntil } from '@hkp/testing';

// The programme's catalog polls every department's feed (CATALOG_SYNC_INTERVAL_MS, read once when
// the service starts). Each federation picks one of these for its process environment.

/** No background pass during a test: every subgraph call counted is one the test caused, and only a write's own nudge brings a change into search. */
export const QUIET_CATALOG_SYNC = { CATALOG_SYNC_INTERVAL_MS: '3600000' };

/** A pass every 100 ms, so the seed data is in the catalog within moments of the start. */
export const FAST_CATALOG_SYNC = { CATALOG_SYNC_INTERVAL_MS: '100' };

/** The interval the services ship with. */
export const DEFAULT_CATALOG_SYNC = { CATALOG_SYNC_INTERVAL_MS: undefined };

/** Waits until the catalog behind `gatewayUrl` lists `expected` measures (the sync has brought them all in). */
export async function waitForCatalogTotal(gatewayUrl: string, expected: number, timeoutMs = 60_000): Promise<void> {
  let last: unknown;
  await waitUntil(
    async () => {
      const { body } = await graphqlRequest<{ measures: { totalCount: number } }>(gatewayUrl, '{ measures { totalCount } }');
      last = body.data?.measures.totalCount ?? body.errors;
      return body.data?.measures.totalCount === expected;
    },
    () => `the catalog to list ${expected} measures (last answer: ${JSON.stringify(last)})`,
    { timeoutMs },
  );
}
