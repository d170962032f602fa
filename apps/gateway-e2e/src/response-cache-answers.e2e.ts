import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import type { RunningGateway } from '@hkp/gateway';
import { graphqlRequest, startTestGateway, writeSupergraphFile } from '@hkp/testing';

// The response cache never changes an answer: whatever the schema, a client gets the same
// response with the cache on (first request and repeat), off, or bypassed with
// `Cache-Control: no-cache`. Each federation below is small and has one shape that a cache which
// adds fields to the operation (to track entities) gets planned differently, and answered wrongly.

interface InlineSubgraph {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<unknown>;
}

interface Federation {
  cached: RunningGateway;
  uncached: RunningGateway;
  /** Requests the subgraphs have answered so far. */
  subgraphCalls(): number;
  stop(): Promise<void>;
}

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@provides"])';

async function startFederation(subgraphs: InlineSubgraph[]): Promise<Federation> {
  let calls = 0;
  const servers: Server[] = [];
  const stopServers = () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  try {
    const served = await Promise.all(
      subgraphs.map(async ({ name, sdl, resolvers }) => {
        const typeDefs = `${FEDERATION_LINK}\n${sdl}`;
        const handler = createHandler({ schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers }) });
        const server = createServer((req, res) => {
          calls += 1;
          void handler(req, res);
        });
        servers.push(server);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return { name, sdl: typeDefs, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
      }),
    );
    const supergraph = writeSupergraphFile(served);
    // A long TTL, so that the repeat is surely answered from the cache; a key prefix of its own
    // (with REDIS_URL): no other test's write starts a new generation here.
    const cached = await startTestGateway(supergraph.path, {
      GATEWAY_RESPONSE_CACHE_TTL_MS: '60000',
      GATEWAY_RESPONSE_CACHE_KEY_PREFIX: `hkp-test-answers-${process.pid}-${supergraph.path}`,
    });
    const uncached = await startTestGateway(supergraph.path, { GATEWAY_RESPONSE_CACHE_TTL_MS: '0' });
    return {
      cached,
      uncached,
      subgraphCalls: () => calls,
      stop: async () => {
        await Promise.all([cached.stop(), uncached.stop()]);
        await stopServers();
        supergraph.remove();
      },
    };
  } catch (error) {
    await stopServers();
    throw error;
  }
}

/** One query asked every way a client can meet the cache, with what each answer cost the subgraphs. */
async function askEveryWay(federation: Federation, query: string) {
  const ask = async (url: string, headers?: Record<string, string>) => {
    const before = federation.subgraphCalls();
    const { status, body } = await graphqlRequest(url, query, undefined, headers);
    return { status, body, subgraphCalls: federation.subgraphCalls() - before };
  };
  const uncached = await ask(federation.uncached.url);
  const first = await ask(federation.cached.url);
  const repeat = await ask(federation.cached.url);
  const bypassed = await ask(federation.cached.url, { 'cache-control': 'no-cache' });
  return { uncached, first, repeat, bypassed };
}

/** The same answer every way, `expected`, and the repeat served from the cache (no subgraph called). */
async function expectSameAnswerEveryWay(federation: Federation, query: string, expected: object): Promise<void> {
  const answers = await askEveryWay(federation, query);
  const body = (answer: { status: number; body: object }) => ({ status: answer.status, body: answer.body });
  // Every answer, a cached one too, reports the operation's estimated cost.
  expected = { ...expected, extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } } };
  expect({
    uncached: body(answers.uncached),
    first: body(answers.first),
    repeat: body(answers.repeat),
    bypassed: body(answers.bypassed),
  }).toEqual({
    uncached: { status: 200, body: expected },
    first: { status: 200, body: expected },
    repeat: { status: 200, body: expected },
    bypassed: { status: 200, body: expected },
  });
  expect(answers.first.subgraphCalls).toBeGreaterThan(0);
  expect(answers.repeat.subgraphCalls).toBe(0);
}

describe('an entity whose key another subgraph cannot supply', () => {
  // A bulletin lists measures by code; the registry knows the ids of two of the three codes; the
  // budget subgraph is reached by id only. The third measure has a code and no budget.
  const measures = [
    { code: 'GD-1', id: '1', amount: 120 },
    { code: 'GD-2', id: '2', amount: 80 },
    { code: 'GD-3', id: null, amount: null },
  ];
  let federation: Federation;

  beforeAll(async () => {
    federation = await startFederation([
      {
        name: 'bulletin',
        sdl: `type Query { bulletin: [BulletinEntry] }
              type BulletinEntry { measure: Measure }
              type Measure @key(fields: "code") { code: ID! }`,
        resolvers: { Query: { bulletin: () => measures.map(({ code }) => ({ measure: { code } })) } },
      },
      {
        name: 'registry',
        sdl: 'type Measure @key(fields: "code") @key(fields: "id") { code: ID! id: ID! }',
        resolvers: {
          Measure: {
            __resolveReference: (ref: { code?: string; id?: string }) => {
              const measure = measures.find((m) => (ref.code !== undefined ? m.code === ref.code : m.id === ref.id));
              return measure?.id ? { code: measure.code, id: measure.id } : null;
            },
          },
        },
      },
      {
        name: 'budget',
        sdl: `type Measure @key(fields: "id") { id: ID! budget: Budget }
              type Budget { amount: Int! }`,
        resolvers: {
          Measure: {
            __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
            budget: (measure: { id: string }) => {
              const amount = measures.find((m) => m.id === measure.id)?.amount;
              return amount == null ? null : { amount };
            },
          },
        },
      },
    ]);
  }, 60_000);

  afterAll(() => federation?.stop());

  it('keeps the entity and answers null for what cannot be reached from it', async () => {
    await expectSameAnswerEveryWay(federation, '{ bulletin { measure { code budget { amount } } } }', {
      data: {
        bulletin: [
          { measure: { code: 'GD-1', budget: { amount: 120 } } },
          { measure: { code: 'GD-2', budget: { amount: 80 } } },
          { measure: { code: 'GD-3', budget: null } },
        ],
      },
    });
  });
});

describe('@provides on a field of an interface', () => {
  // The gazette provides the measures of the latest notice, titles included. The digest could
  // resolve `latest` too but refuses: a plan that asks it is not the one composition chose. The
  // registry resolves notices and measures by key, and alone knows a measure's year.
  const notice = { __typename: 'Notice', id: 'N1', measureIds: ['M1', 'M2'] };
  const measures = [
    { __typename: 'CityMeasure', id: 'M1', title: '学位建设', year: 2025 },
    { __typename: 'CountyMeasure', id: 'M2', title: '乡村医生', year: 2026 },
  ];
  const measure = (id: string) => measures.find((m) => m.id === id);
  const latest = () => ({ ...notice, measures: notice.measureIds.map(measure) });
  let federation: Federation;

  beforeAll(async () => {
    federation = await startFederation([
      {
        name: 'gazette',
        sdl: `type Query { latest: Document @shareable @provides(fields: "measures { id title }") }
              interface Document { id: ID! measures: [Measure] }
              interface Measure { id: ID! title: String }
              type Notice implements Document { id: ID! @shareable measures: [Measure] @external }
              type CityMeasure implements Measure { id: ID! @external title: String @external }
              type CountyMeasure implements Measure { id: ID! @external title: String @external }`,
        resolvers: { Query: { latest } },
      },
      {
        name: 'digest',
        sdl: `type Query { latest: Document @shareable }
              interface Document { id: ID! }
              interface Measure { id: ID! }
              type Notice implements Document @key(fields: "id") { id: ID! measures: [Measure] @shareable }
              type CityMeasure implements Measure @key(fields: "id") { id: ID! @external }
              type CountyMeasure implements Measure @key(fields: "id") { id: ID! @external }`,
        resolvers: {
          Query: {
            latest: () => {
              throw new Error('the digest does not serve the latest notice');
            },
          },
          Notice: { __resolveReference: latest },
        },
      },
      {
        name: 'registry',
        sdl: `interface Document { id: ID! measures: [Measure] }
              interface Measure { id: ID! title: String }
              type Notice implements Document @key(fields: "id") { id: ID! measures: [Measure] @shareable }
              type CityMeasure implements Measure @key(fields: "id") { id: ID! title: String @shareable year: Int }
              type CountyMeasure implements Measure @key(fields: "id") { id: ID! title: String @shareable year: Int }`,
        resolvers: {
          Notice: { __resolveReference: latest },
          CityMeasure: { __resolveReference: (ref: { id: string }) => measure(ref.id) },
          CountyMeasure: { __resolveReference: (ref: { id: string }) => measure(ref.id) },
        },
      },
    ]);
  }, 60_000);

  afterAll(() => federation?.stop());

  it('answers from the subgraph that provides the fields', async () => {
    await expectSameAnswerEveryWay(federation, '{ latest { id measures { id title } } }', {
      data: {
        latest: {
          id: 'N1',
          measures: [
            { id: 'M1', title: '学位建设' },
            { id: 'M2', title: '乡村医生' },
          ],
        },
      },
    });
  });

  it('fetches a field only another subgraph has from there', async () => {
    await expectSameAnswerEveryWay(federation, '{ latest { id measures { id title ... on CountyMeasure { year } } } }', {
      data: {
        latest: {
          id: 'N1',
          measures: [
            { id: 'M1', title: '学位建设' },
            { id: 'M2', title: '乡村医生', year: 2026 },
          ],
        },
      },
    });
  });
});

describe('node(id:) over entities whose id only their own subgraph resolves', () => {
  // Officials and offices both implement Node, and each subgraph can find either by id; but an
  // official's id is external in the offices subgraph and an office's in the officials subgraph.
  const nodes: Record<string, { __typename: string; id: string; name: string }> = {
    P1: { __typename: 'Official', id: 'P1', name: '陈主任' },
    O1: { __typename: 'Office', id: 'O1', name: '省教育厅' },
  };
  const node = (_: unknown, { id }: { id: string }) => nodes[id] ?? null;
  let federation: Federation;

  beforeAll(async () => {
    federation = await startFederation([
      {
        name: 'officials',
        sdl: `type Query { node(id: ID!): Node @shareable official(id: ID!): Official }
              interface Node { id: ID! }
              type Official implements Node @key(fields: "id") { id: ID! name: String! }
              type Office implements Node @key(fields: "id") { id: ID! @external head: Official }`,
        resolvers: {
          Query: { node, official: node },
          Official: { __resolveReference: (ref: { id: string }) => nodes[ref.id] },
          Office: { __resolveReference: (ref: { id: string }) => nodes[ref.id], head: () => nodes['P1'] },
        },
      },
      {
        name: 'offices',
        sdl: `type Query { node(id: ID!): Node @shareable office(id: ID!): Office }
              interface Node { id: ID! }
              type Official implements Node @key(fields: "id") { id: ID! @external offices: [Office!]! }
              type Office implements Node @key(fields: "id") { id: ID! name: String! }`,
        resolvers: {
          Query: { node, office: node },
          Official: { __resolveReference: (ref: { id: string }) => nodes[ref.id], offices: () => [nodes['O1']] },
          Office: { __resolveReference: (ref: { id: string }) => nodes[ref.id] },
        },
      },
    ]);
  }, 60_000);

  afterAll(() => federation?.stop());

  it('answers the type of each node', async () => {
    await expectSameAnswerEveryWay(federation, '{ official: node(id: "P1") { __typename } office: node(id: "O1") { __typename } }', {
      data: { official: { __typename: 'Official' }, office: { __typename: 'Office' } },
    });
  });

  it('answers the fields of the type each node is', async () => {
    await expectSameAnswerEveryWay(
      federation,
      '{ official: node(id: "P1") { ... on Official { id name } } office: node(id: "O1") { ... on Office { id name } } }',
      {
        data: { official: { id: 'P1', name: '陈主任' }, office: { id: 'O1', name: '省教育厅' } },
      },
    );
  });
});
