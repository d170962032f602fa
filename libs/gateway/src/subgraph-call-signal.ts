import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { abortSignalAny } from '@graphql-hive/signal';
import { createGraphQLError, type ExecutionRequest } from '@graphql-tools/utils';

const isAsyncIterable = (value: unknown): boolean => value !== null && typeof value === 'object' && Symbol.asyncIterator in value;

/**
 * The reason every released signal carries: one object made once, as `abort()` without a reason
 * would build a DOMException (and its stack) per call.
 */
const ANSWERED = new DOMException('The subgraph call has answered.', 'AbortError');

/** How long a call to a subgraph may take, in milliseconds; undefined: no limit (a subscription's stream). */
export type SubgraphTimeout = (subgraphName: string | undefined, request: ExecutionRequest) => number | undefined;

/**
 * Ends each subgraph call's abort signal when the call has answered, and abandons a call that
 * takes longer than its timeout. The HTTP executor joins every call's signal with its own
 * long-lived one and releases that join only when the call's signal aborts or is
 * garbage-collected, so under load one listener per finished call stayed on the long-lived signal
 * until the next full collection (memory held, and MaxListenersExceededWarning). Aborting the
 * call's own signal once its answer is in releases the join at once. Streams (an async iterable
 * answer) keep theirs: they still read from the subgraph.
 *
 * The timeout is one timer on the same controller (the runtime's own `upstreamTimeout` adds a
 * timeout signal, a second join and an abort listener to every call): when it fires, the call's
 * signal aborts, ending the fetch, and the call fails with GATEWAY_TIMEOUT (HTTP 504), as the
 * runtime's would; the failure isolation then names the service.
 */
export function useSubgraphCallSignalRelease(timeoutOf?: SubgraphTimeout): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName, executor, setExecutor }) {
      setExecutor(async (request: ExecutionRequest) => {
        const call = new AbortController();
        const signal = request.signal ? abortSignalAny([request.signal, call.signal]) : call.signal;
        const ms = timeoutOf?.(subgraphName, request);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut =
          ms === undefined
            ? undefined
            : new Promise<never>((_, reject) => {
                timer = setTimeout(() => {
                  const error = createGraphQLError('The operation was aborted due to timeout', {
                    extensions: { code: 'GATEWAY_TIMEOUT', serviceName: subgraphName, http: { status: 504 } },
                  });
                  call.abort(error);
                  reject(error);
                }, ms);
                // As AbortSignal.timeout's: it does not keep a stopping process alive.
                timer.unref();
              });
        let streaming = false;
        try {
          const answer = executor({ ...request, signal });
          const result = await (timedOut ? Promise.race([answer, timedOut]) : answer);
          streaming = isAsyncIterable(result);
          return result;
        } finally {
          // A stream stays under its timeout; an answer is in, so its timer and signal are done.
          if (!streaming) {
            clearTimeout(timer);
            call.abort(ANSWERED);
          }
        }
      });
    },
  };
}
