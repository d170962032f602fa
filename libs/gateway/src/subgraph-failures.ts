import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { mapAsyncIterator, type ExecutionRequest, type ExecutionResult } from '@graphql-tools/utils';
import { GatewayErrorCode } from './client-errors';

/** Codes Hive gives to a failed subgraph call (not to an error the subgraph answered itself). */
const TRANSPORT_CODES = new Set([
  'SUBREQUEST_HTTP_ERROR',
  'RESPONSE_VALIDATION_FAILED',
  'DOWNSTREAM_SERVICE_ERROR',
  'GATEWAY_TIMEOUT',
  'TIMEOUT_ERROR',
  'SCHEMA_RELOAD',
]);

export type FailureReason = 'timeout' | 'unreachable' | 'bad_response';

const MESSAGES: Record<FailureReason, (service: string) => string> = {
  timeout: (service) => `The ${service} service did not answer in time; its fields are missing from this answer.`,
  unreachable: (service) => `The ${service} service is unavailable; its fields are missing from this answer.`,
  bad_response: (service) => `The ${service} service gave an answer the gateway cannot read; its fields are missing from this answer.`,
};

export function serviceUnavailable(service: string, reason: FailureReason, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(MESSAGES[reason](service), {
    path,
    extensions: { code: GatewayErrorCode.SERVICE_UNAVAILABLE, serviceName: service, reason },
  });
}

interface LogLike {
  warn(attributes: Record<string, unknown>, message: string): void;
}

function logOf(request: ExecutionRequest): LogLike | undefined {
  const log = (request.context as { log?: LogLike } | undefined)?.log;
  return log && typeof log.warn === 'function' ? log : undefined;
}

function reasonOf(error: unknown): FailureReason {
  const e = error as { name?: string; message?: string; extensions?: { code?: unknown }; originalError?: unknown };
  const code = e?.extensions?.code;
  if (code === 'GATEWAY_TIMEOUT' || code === 'TIMEOUT_ERROR' || e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  if (code === 'RESPONSE_VALIDATION_FAILED') return 'bad_response';
  const text = `${e?.message ?? ''} ${(e?.originalError as { message?: string } | undefined)?.message ?? ''}`;
  if (/timed? ?out|timeout|aborted/i.test(text)) return 'timeout';
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket|fetch failed|other side closed|terminated/i.test(text)) return 'unreachable';
  return 'bad_response';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether an answer has the shape of a GraphQL response for this request. */
function hasValidShape(result: unknown, request: ExecutionRequest): result is ExecutionResult {
  if (!isObject(result)) return false;
  if (result['errors'] !== undefined && !Array.isArray(result['errors'])) return false;
  const data = result['data'];
  if (data !== undefined && data !== null && !isObject(data)) return false;
  if (data === undefined && !Array.isArray(result['errors'])) return false;
  // An entity fetch must answer one entity (or null) per representation sent.
  const representations = (request.variables as { representations?: unknown } | undefined)?.representations;
  if (isObject(data) && Array.isArray(representations) && '_entities' in data) {
    const entities = data['_entities'];
    if (entities !== null && (!Array.isArray(entities) || entities.length !== representations.length)) return false;
    if (Array.isArray(entities) && entities.some((e) => e !== null && !isObject(e))) return false;
  }
  return true;
}

/**
 * One answer of a subgraph (a whole response, or one event of a stream) with the gateway's rule
 * for its errors: a wrongly shaped answer or a transport error is SERVICE_UNAVAILABLE naming the
 * service, an error the subgraph gave itself keeps its code and message and gains `serviceName`.
 * The errors leave as GraphQLErrors: those of a stream's events arrive as the plain objects of
 * the event's JSON, which the gateway's error masking would otherwise replace by "Unexpected error."
 */
function isolateAnswer(result: unknown, request: ExecutionRequest, subgraphName: string): ExecutionResult {
  if (!hasValidShape(result, request)) {
    logOf(request)?.warn({ subgraph: subgraphName, reason: 'bad_response' }, 'subgraph answered something that is not a GraphQL response');
    return { errors: [serviceUnavailable(subgraphName, 'bad_response')] };
  }
  if (!result.errors?.length) return result;
  let failed = false;
  const errors = result.errors.map((error) => {
    const code = error.extensions?.['code'];
    const transport = typeof code !== 'string' || TRANSPORT_CODES.has(code);
    if (!transport) {
      return new GraphQLError(error.message, { path: error.path, extensions: { ...error.extensions, serviceName: subgraphName } });
    }
    failed = true;
    return serviceUnavailable(subgraphName, reasonOf(error), error.path);
  });
  if (failed) logOf(request)?.warn({ subgraph: subgraphName, errors: result.errors.map((e) => e.message) }, 'subgraph call failed');
  return { ...result, errors };
}

/**
 * Keeps one subgraph's failure inside its own fields. Wraps every subgraph call (outside the
 * upstream timeout) so that a refused connection, a timeout, a non-JSON or wrongly shaped answer
 * becomes a SERVICE_UNAVAILABLE error naming the service (`extensions.serviceName`), with no
 * internal address or stack, while the other subgraphs' data is answered as usual. Errors the
 * subgraph answered itself keep their code and gain `serviceName`, in an ordinary answer and in
 * each event of a subscription's stream alike. Each call is tried afresh, so the gateway recovers
 * as soon as the subgraph is back.
 */
export function useSubgraphFailureIsolation(): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName, executor, setExecutor }) {
      setExecutor(async (request: ExecutionRequest) => {
        let result: unknown;
        try {
          result = await executor(request);
        } catch (error) {
          const reason = reasonOf(error);
          logOf(request)?.warn({ subgraph: subgraphName, reason, error: (error as Error)?.message }, 'subgraph call failed');
          return { errors: [serviceUnavailable(subgraphName, reason)] };
        }
        if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
          return mapAsyncIterator(result as AsyncIterable<unknown>, (event) => isolateAnswer(event, request, subgraphName));
        }
        return isolateAnswer(result, request, subgraphName);
      });
    },
  };
}
