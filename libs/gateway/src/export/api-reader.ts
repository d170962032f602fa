import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { GATEWAY_OWN_REQUEST } from '../rate-limit';

/** The client name the exports' reads are counted under in usage reports (x-client-name). */
export const EXPORT_CLIENT_NAME = 'gateway-export';

/** A read of the API that did not answer data: its first error's code and message. */
export class ApiReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Runs one operation through the gateway's own runtime, exactly as an anonymous client's POST to
 * /graphql would run: the served (or contract) schema, the query limits, the query planner and
 * every subgraph. `Cache-Control: no-cache` skips the response cache, so a page is never older
 * than the position the export's validator was read at. The server context marks it as the
 * gateway's own, so the rate limit does not count it again (the export was charged once).
 */
export async function readApi<T>(runtime: GatewayRuntime, query: string, variables: Record<string, unknown>): Promise<T> {
  const request = new Request('http://gateway/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'cache-control': 'no-cache',
      'x-client-name': EXPORT_CLIENT_NAME,
    },
    body: JSON.stringify({ query, variables }),
  });
  const response = await runtime.fetch(request, { [GATEWAY_OWN_REQUEST]: true });
  const answer = (await response.json()) as GraphQLAnswer<T>;
  const error = answer.errors?.[0];
  if (error || !answer.data) {
    throw new ApiReadError(
      error?.message ?? `The API answered ${response.status} without data.`,
      error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
    );
  }
  return answer.data;
}

export interface MeasuresPage<T> {
  measures: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };
}

/**
 * The pages of the `measures` list, first to last, read one at a time as the caller asks for the
 * next (the caller's pace is the reading's pace), each after the previous page's endCursor.
 */
export async function* measurePages<T>(runtime: GatewayRuntime, document: string, pageSize: number): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const { measures }: MeasuresPage<T> = await readApi<MeasuresPage<T>>(runtime, document, { first: pageSize, after });
    yield measures.nodes;
    if (!measures.pageInfo.hasNextPage || !measures.pageInfo.endCursor) return;
    after = measures.pageInfo.endCursor;
  }
}
