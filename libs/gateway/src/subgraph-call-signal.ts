import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { abortSignalAny } from '@graphql-hive/signal';
import type { ExecutionRequest } from '@graphql-tools/utils';

const isAsyncIterable = (value: unknown): boolean => value !== null && typeof value === 'object' && Symbol.asyncIterator in value;

/**
 * Ends each subgraph call's abort signal when the call has answered. The HTTP executor joins every
 * call's signal with its own long-lived one and releases that join only when the call's signal
 * aborts or is garbage-collected, so under load one listener per finished call stayed on the
 * long-lived signal until the next full collection (memory held, and MaxListenersExceededWarning).
 * Aborting the call's own signal once its answer is in releases the join at once. Streams (an
 * async iterable answer) keep theirs: they still read from the subgraph.
 */
/**
 * The reason every released signal carries: one object made once, as `abort()` without a reason
 * would build a DOMException (and its stack) per call.
 */
const ANSWERED = new DOMException('The subgraph call has answered.', 'AbortError');

export function useSubgraphCallSignalRelease(): GatewayPlugin {
  return {
    onSubgraphExecute({ executor, setExecutor }) {
      setExecutor(async (request: ExecutionRequest) => {
        const call = new AbortController();
        const signal = request.signal ? abortSignalAny([request.signal, call.signal]) : call.signal;
        let streaming = false;
        try {
          const result = await executor({ ...request, signal });
          streaming = isAsyncIterable(result);
          return result;
        } finally {
          if (!streaming) call.abort(ANSWERED);
        }
      });
    },
  };
}
