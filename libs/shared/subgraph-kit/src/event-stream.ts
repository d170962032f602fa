import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { SubgraphContext } from './context';

/** Whether a request asks for Server-Sent Events (GraphQL over SSE, as the gateway sends subscriptions). */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes('text/event-stream');
}

export interface EventStreamServer {
  /** Serves one request asking for an event stream. */
  handle(req: IncomingMessage, res: ServerResponse, context: () => Promise<SubgraphContext>): Promise<void>;
  /** Ends every open stream (its client sees the stream end and may reconnect elsewhere). */
  closeAll(): void;
}

/**
 * GraphQL over Server-Sent Events (the "distinct connections" mode of the GraphQL-over-SSE
 * protocol) for a subgraph's subscriptions: Apollo Server has no transport for them, so a Yoga
 * endpoint over the same schema and context answers requests that accept text/event-stream.
 */
export function createEventStreamServer(schema: GraphQLSchema, validationRules: ValidationRule[]): EventStreamServer {
  const validation: Plugin = {
    onValidate: ({ addValidationRule }) => {
      for (const rule of validationRules) addValidationRule(rule);
    },
  };
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse; subgraphContext: () => Promise<SubgraphContext> }>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
    context: ({ subgraphContext }) => subgraphContext(),
    plugins: [validation],
  });
  const open = new Set<ServerResponse>();
  return {
    async handle(req, res, context) {
      open.add(res);
      res.once('close', () => open.delete(res));
      await yoga.handle(req, res, { req, res, subgraphContext: context });
    },
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
