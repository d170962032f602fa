import type { ServerResponse } from 'node:http';

/** Request metrics of one subgraph, served at /metrics (Prometheus text format). */
export interface SubgraphMetrics {
  /** Call when a GraphQL request starts; the returned function when it ends. */
  startRequest(): (outcome: { status: number; errorCodes: string[] }) => void;
  serve(res: ServerResponse): Promise<void>;
}

export function createSubgraphMetrics(_service: string): SubgraphMetrics {
  return {
    startRequest: () => () => undefined,
    serve: async (res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('metrics are not enabled\n');
    },
  };
}
