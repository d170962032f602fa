import type { SubgraphEndpoint } from './subgraph-endpoints';

export interface ReadinessReport {
  ready: boolean;
  /** The gateway is shutting down: not ready, whatever the subgraphs say. */
  draining?: boolean;
  subgraphs: { name: string; url: string; ready: boolean; status?: number; error?: string }[];
}

/** Where a subgraph says it is ready: our services answer /health/ready next to /graphql. */
export function readinessUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = `${url.pathname.replace(/\/graphql\/?$/, '').replace(/\/+$/, '')}/health/ready`;
  return url.toString();
}

/** Asks every subgraph at once; ready only when all of them answer 200 in time. */
export async function checkSubgraphs(endpoints: SubgraphEndpoint[], timeoutMs = 2000): Promise<ReadinessReport> {
  const subgraphs = await Promise.all(
    endpoints.map(async ({ name, url }) => {
      try {
        const response = await fetch(readinessUrlOf(url), { signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer();
        return { name, url, ready: response.ok, status: response.status };
      } catch (error) {
        return { name, url, ready: false, error: (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable' };
      }
    }),
  );
  return { ready: subgraphs.length > 0 && subgraphs.every((s) => s.ready), subgraphs };
}
