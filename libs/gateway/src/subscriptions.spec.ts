import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { QUERY_COST_HEADER } from './query-limits';
import { useSubscriptionCostLimit } from './subscriptions';

// A subscription served by Yoga with the gateway's cost limit for subscriptions, read as a client
// reads it over Server-Sent Events.
const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      ok: Boolean
    }
    type Region {
      code: String!
      children: [Region!]!
    }
    type Change {
      seq: String!
      regions: [Region!]!
    }
    type Subscription {
      changed: Change!
    }
  `,
  resolvers: {
    Subscription: {
      changed: {
        subscribe: async function* () {
          for (const seq of ['1', '2']) yield { changed: { seq, regions: [] } };
        },
      },
    },
  },
});

const yoga = createYoga({
  schema,
  plugins: [useSubscriptionCostLimit({ maxCost: 50, costListSize: 10 }) as Plugin],
  logging: false,
});

/** As the caps on open subscriptions refuse one (subscription-limits.ts), after the cost limit. */
const refusing: Plugin = {
  onSubscribe({ setResultAndStopExecution }) {
    setResultAndStopExecution({ errors: [new GraphQLError('Too many subscriptions.', { extensions: { code: 'RATE_LIMITED' } })] });
  },
};
const capped = createYoga({
  schema,
  plugins: [useSubscriptionCostLimit({ maxCost: 50, costListSize: 10 }) as Plugin, refusing],
  logging: false,
});

/** The events of a subscription's stream, with the response. */
async function subscribe(
  query: string,
  server = yoga,
): Promise<{ response: Response; events: { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> }[] }> {
  const response = await server.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  const events = [...text.matchAll(/^event: next\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Record<string, never>);
  return { response, events };
}

describe('useSubscriptionCostLimit', () => {
  it('reports the estimate per event as a query reports its own: x-query-cost, and extensions.cost on the first event', async () => {
    // 1 (changed) + 10 regions (a list without first: costListSize) = 11, within 50.
    const { response, events } = await subscribe('subscription { changed { seq regions { code } } }');
    expect(response.status).toBe(200);
    expect(response.headers.get(QUERY_COST_HEADER)).toBe('11');
    expect(events.map((e) => e.data)).toEqual([{ changed: { seq: '1', regions: [] } }, { changed: { seq: '2', regions: [] } }]);
    expect(events[0]!.extensions).toEqual({ cost: { estimated: 11, limit: 50 } });
    expect(events[1]!.extensions).toBeUndefined();
  });

  it('refuses a subscription over the limit before it opens, with the estimate in the error', async () => {
    // 1 + 10 regions × (1 + 100 children, Region.children's assumed size) = 1011.
    const { response, events } = await subscribe('subscription { changed { regions { children { code } } } }');
    expect(response.headers.get(QUERY_COST_HEADER)).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]!.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 50, cost: 1011 }) }),
    ]);
  });

  it('adds nothing to a subscription a later plugin refuses (the caps on open subscriptions)', async () => {
    const { response, events } = await subscribe('subscription { changed { seq } }', capped);
    expect(response.headers.get(QUERY_COST_HEADER)).toBeNull();
    expect(events).toEqual([{ errors: [expect.objectContaining({ message: 'Too many subscriptions.' })] }]);
  });
});
