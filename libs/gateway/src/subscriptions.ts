import { GraphQLError, type ValidationRule } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { isAsyncIterable } from '@graphql-tools/utils';
import { GatewayErrorCode } from './client-errors';
import type { GatewayFeature } from './gateway-feature';
import { ASSUMED_LIST_SIZES, estimateQueryCost } from './query-cost';
import { QUERY_COST_HEADER, queryTooComplex, type QueryLimits } from './query-limits';

/** The media type a subscription is answered with (GraphQL over Server-Sent Events, "distinct connections"). */
export const EVENT_STREAM = 'text/event-stream';

/** Whether a request's Accept header takes Server-Sent Events. */
export function acceptsEventStream(accept: string | null | undefined): boolean {
  return (accept ?? '').toLowerCase().includes(EVENT_STREAM);
}

/**
 * Whether a subgraph call is a stream (a subscription), which lasts as long as the client
 * listens: the per-request upstream timeout must not cut it. Calls made for each of its events
 * (entities from other subgraphs) are ordinary queries and keep their timeout.
 */
export function isStreamingCall(executionRequest: { operationType?: string } | undefined): boolean {
  return executionRequest?.operationType === 'subscription';
}

/**
 * Refuses a subscription sent without `Accept: text/event-stream`: it could only be answered as
 * a stream, and a plain JSON answer would end after the first event (or, before, in a 500).
 */
export const subscriptionNeedsEventStreamRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError(
        'A subscription is answered as Server-Sent Events: send it with the header "Accept: text/event-stream" (GraphQL over SSE). To poll instead, query measureChanges(after:) with the last seq you processed.',
        { nodes: [node], extensions: { code: GatewayErrorCode.EVENT_STREAM_REQUIRED, accept: EVENT_STREAM, http: { status: 406 } } },
      ),
    );
  },
});

/** Adds the rule above to requests that do not accept an event stream. */
export function useSubscriptionTransport(): GatewayPlugin {
  return {
    onValidate({ context, addValidationRule }) {
      const request = (context as { request?: Request }).request;
      if (!acceptsEventStream(request?.headers.get('accept'))) addValidationRule(subscriptionNeedsEventStreamRule);
    },
  };
}

/**
 * The cost limit for subscriptions. The query limits estimate an operation's cost when it is
 * executed, and a subscription is never executed but subscribed to (envelop's onSubscribe): without
 * this, a subscription selecting any number of nested lists would open its stream. Its estimate is
 * that of one event (each event is resolved like a query of the same selection), refused before
 * any subgraph is asked for a stream. The other limits (tokens, depth, aliases, the rate limit)
 * run before execution and apply to subscriptions as they are. A stream that opens reports the
 * estimate as a query's answer does: the `x-query-cost` header, and `extensions.cost` of its first
 * event (as of the first part of an incremental answer).
 */
export function useSubscriptionCostLimit(limits: Pick<QueryLimits, 'maxCost' | 'costListSize' | 'costListSizes'>): GatewayPlugin {
  const options = { listSize: limits.costListSize, listSizes: limits.costListSizes ?? ASSUMED_LIST_SIZES };
  // The estimate of each subscription, for its response's header (one operation per request).
  const estimates = new WeakMap<Request, number>();
  return {
    onResponse({ request, response }) {
      const estimated = estimates.get(request);
      if (estimated !== undefined) response.headers.set(QUERY_COST_HEADER, String(estimated));
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const estimated = estimateQueryCost(
        args.schema,
        args.document,
        args.operationName,
        args.variableValues as Record<string, unknown> | undefined,
        options,
      );
      if (estimated <= limits.maxCost) {
        const report = { estimated, limit: limits.maxCost };
        return {
          // Only a stream: a later refusal (the caps on open subscriptions) is answered as it is.
          onSubscribeResult({ result }) {
            if (!isAsyncIterable(result)) return undefined;
            const request = (args.contextValue as { request?: Request } | undefined)?.request;
            if (request) estimates.set(request, estimated);
            let first = true;
            return {
              onNext({ result: event, setResult }) {
                if (!first) return;
                first = false;
                setResult({ ...event, extensions: { ...event.extensions, cost: report } });
              },
            };
          },
        };
      }
      setResultAndStopExecution({
        errors: [
          queryTooComplex(
            `The subscription's estimated cost per event, ${estimated}, is over the limit of ${limits.maxCost}. Select fewer nested lists in each event; query the details of a change when you need them.`,
            'cost',
            limits.maxCost,
            { cost: estimated },
          ),
        ],
      });
    },
  };
}

/**
 * GraphQL subscriptions through the gateway over Server-Sent Events: the runtime proxies them to
 * the subgraph that serves them (over SSE, see @hkp/subgraph-kit's event-stream), and this feature
 * refuses them clearly where they cannot be streamed, and over the cost limit when the gateway's
 * limits are on (`limits`).
 */
export function createSubscriptionsFeature(limits?: Pick<QueryLimits, 'maxCost' | 'costListSize' | 'costListSizes'>): GatewayFeature {
  return { name: 'subscriptions', plugins: [useSubscriptionTransport(), ...(limits ? [useSubscriptionCostLimit(limits)] : [])] };
}
