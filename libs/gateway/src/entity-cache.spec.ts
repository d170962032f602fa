import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import { ConfigError } from '@hkp/util-env';
import { answerEntityCall, ENTITY_CACHE_DEFAULTS, readEntityCacheConfig, VersionPoller } from './entity-cache';
import { entityFetchShape, type EntityFetchShape, type VersionedEntity } from './entity-cache-documents';
import { createMemoryEntityStore, createRedisEntityStore, layeredEntityStore } from './entity-cache-store';

const REGION: VersionedEntity = { type: 'Region', fields: new Set(['code', 'name', 'parent', 'children']) };

/** A call as the query planner makes it: two batched `_entities` fields and a named fragment. */
const BATCH = parse(`query ($__batch_reps_0: [_Any!]!, $__batch_reps_1: [_Any!]!) {
  _e0: _entities(representations: $__batch_reps_0) { ... on Region { ...a } }
  _e1: _entities(representations: $__batch_reps_1) { ... on Region { name parent { ...a children { name } } } }
}
fragment a on Region { name }`);

const SINGLE = parse(
  `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Region { __typename name } } }`,
);

describe('which subgraph calls the cache may answer', () => {
  it('takes the planner’s batches: each _entities field with its variable and a key of what it selects', () => {
    const shape = entityFetchShape(BATCH, REGION)!;
    expect(shape.variables).toEqual(['__batch_reps_0', '__batch_reps_1']);
    expect(shape.fields.map((f) => [f.responseKey, f.variable])).toEqual([
      ['_e0', '__batch_reps_0'],
      ['_e1', '__batch_reps_1'],
    ]);
    expect(shape.fields[0]!.selection).not.toBe(shape.fields[1]!.selection);
    // The same selection in another document has the same key; another fragment body another.
    expect(
      entityFetchShape(
        parse(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ...a } } } fragment a on Region { name }`),
        REGION,
      )!.fields[0]!.selection,
    ).toBe(shape.fields[0]!.selection);
    expect(
      entityFetchShape(
        parse(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ...a } } } fragment a on Region { code }`),
        REGION,
      )!.fields[0]!.selection,
    ).not.toBe(shape.fields[0]!.selection);
  });

  it.each([
    [
      'a field that is not region data',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { name civilAffairsMeasures { id } } } }`,
    ],
    ['a field with arguments', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { children(first: 1) { name } } } }`],
    ['a directive', `query ($r: [_Any!]!, $s: Boolean!) { _entities(representations: $r) { ... on Region { name @include(if: $s) } } }`],
    ['another variable', `query ($r: [_Any!]!, $n: Int) { _entities(representations: $r) { ... on Region { name } } }`],
    ['another type', `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CivilAffairsMeasure { id } } }`],
    [
      'a fragment on another type',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ...m } } fragment m on CivilAffairsMeasure { id }`,
    ],
    ['a root field', `{ regions(first: 1) { nodes { name } } }`],
    [
      'a root field beside _entities',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { name } } region(code: "440000") { name } }`,
    ],
    ['a mutation', `mutation ($r: [_Any!]!) { _entities(representations: $r) { ... on Region { name } } }`],
  ])('not one with %s', (_, document) => {
    expect(entityFetchShape(parse(document), REGION)).toBeNull();
  });
});

const region = (code: string) => ({ __typename: 'Region', code });
const FOSHAN = { name: '佛山市' };

/** A subgraph that answers each representation by its code, and records the calls it got. */
function fakeSubgraph(answer: (code: string) => unknown = (code) => ({ name: `name of ${code}` })) {
  const calls: Record<string, unknown>[] = [];
  const executor = async (request: ExecutionRequest): Promise<ExecutionResult> => {
    calls.push(request.variables as Record<string, unknown>);
    const reps = (request.variables as { representations: { code: string }[] }).representations;
    return { data: { _entities: reps.map((r) => answer(r.code)) } };
  };
  return { calls, executor };
}

describe('answering a call', () => {
  const shape = entityFetchShape(SINGLE, REGION) as EntityFetchShape;
  const call = (...codes: string[]): ExecutionRequest => ({ document: SINGLE, variables: { representations: codes.map(region) } });

  it('asks the subgraph once, then answers the same again from the store, with objects of its own', async () => {
    const store = createMemoryEntityStore(100, 60_000);
    const { calls, executor } = fakeSubgraph(() => ({ ...FOSHAN }));
    const first = await answerEntityCall(call('440600'), executor, shape, 'civil-affairs:v1', store, 'Region');
    const second = await answerEntityCall(call('440600'), executor, shape, 'civil-affairs:v1', store, 'Region');
    expect(calls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ data: { _entities: [FOSHAN] } });
    (first!.data as { _entities: { name: string }[] })._entities[0]!.name = 'changed by the runtime';
    expect((await answerEntityCall(call('440600'), executor, shape, 'civil-affairs:v1', store, 'Region'))!.data).toEqual({
      _entities: [FOSHAN],
    });
  });

  it('asks only for the representations it does not keep, and answers them in the order asked', async () => {
    const store = createMemoryEntityStore(100, 60_000);
    const { calls, executor } = fakeSubgraph();
    await answerEntityCall(call('440600', '440100'), executor, shape, 'v1', store, 'Region');
    const counted: number[][] = [];
    const result = await answerEntityCall(
      call('440300', '440600', '440100', '440400'),
      executor,
      shape,
      'v1',
      store,
      'Region',
      (kept, asked) => counted.push([kept, asked]),
    );
    expect(counted).toEqual([[2, 2]]);
    expect(calls[1]).toEqual({ representations: [region('440300'), region('440400')] });
    expect(result).toEqual({
      data: { _entities: ['440300', '440600', '440100', '440400'].map((code) => ({ name: `name of ${code}` })) },
    });
  });

  it('keeps entries per version: another version asks again', async () => {
    const store = createMemoryEntityStore(100, 60_000);
    const { calls, executor } = fakeSubgraph();
    await answerEntityCall(call('440600'), executor, shape, 'civil-affairs:v1', store, 'Region');
    await answerEntityCall(call('440600'), executor, shape, 'civil-affairs:v2', store, 'Region');
    expect(calls).toHaveLength(2);
  });

  it('keeps an unknown region’s null, and nothing of an answer with errors', async () => {
    const store = createMemoryEntityStore(100, 60_000);
    let failing = true;
    const calls: unknown[] = [];
    const executor = async (request: ExecutionRequest): Promise<ExecutionResult> => {
      calls.push(request.variables);
      const codes = (request.variables as { representations: { code: string }[] }).representations.map((r) => r.code);
      if (failing && codes.includes('449999'))
        return { data: { _entities: codes.map(() => null) }, errors: [{ message: 'boom', path: ['_entities', 0] }] as never };
      return { data: { _entities: codes.map((code) => (code === '449999' ? null : { name: code })) } };
    };
    const failed = await answerEntityCall(call('449999'), executor, shape, 'v1', store, 'Region');
    expect(failed!.errors).toHaveLength(1);
    failing = false;
    await answerEntityCall(call('449999'), executor, shape, 'v1', store, 'Region');
    expect(calls).toHaveLength(2);
    expect(await answerEntityCall(call('449999'), executor, shape, 'v1', store, 'Region')).toEqual({ data: { _entities: [null] } });
    expect(calls).toHaveLength(2);
  });

  it('makes the whole call as it came when the part asked fails for some entities', async () => {
    const store = createMemoryEntityStore(100, 60_000);
    const { executor: warm } = fakeSubgraph();
    await answerEntityCall(call('440600'), warm, shape, 'v1', store, 'Region');
    const calls: unknown[] = [];
    const whole: ExecutionResult = {
      data: { _entities: [{ name: 'a' }, null] },
      errors: [{ message: 'no', path: ['_entities', 1] }] as never,
    };
    const executor = async (request: ExecutionRequest): Promise<ExecutionResult> => {
      calls.push(request.variables);
      return (request.variables as { representations: unknown[] }).representations.length === 1
        ? { data: { _entities: [null] }, errors: [{ message: 'no', path: ['_entities', 0] }] as never }
        : whole;
    };
    expect(await answerEntityCall(call('440600', '440700'), executor, shape, 'v1', store, 'Region')).toBe(whole);
    expect(calls).toEqual([{ representations: [region('440700')] }, { representations: [region('440600'), region('440700')] }]);
  });

  it('leaves a call with a representation of another type to the subgraph', async () => {
    const { calls, executor } = fakeSubgraph();
    const request = {
      document: SINGLE,
      variables: { representations: [region('440600'), { __typename: 'CivilAffairsMeasure', id: 'x' }] },
    };
    expect(await answerEntityCall(request, executor, shape, 'v1', createMemoryEntityStore(10, 60_000), 'Region')).toBeUndefined();
    expect(calls).toHaveLength(0);
  });
});

describe('the region version', () => {
  let server: Server;
  let answer: { status: number; body: unknown };
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/region-version`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const quiet = { warn: () => undefined, info: () => undefined };

  it('is trusted for maxStaleMs after the read that got it began, and not once reads fail for longer', async () => {
    let now = 1_000_000;
    const poller = new VersionPoller(
      () => url,
      'Region',
      2_000,
      quiet,
      () => now,
    );
    expect(poller.current()).toBeUndefined();
    answer = { status: 200, body: { type: 'Region', version: '7-a', fields: ['code', 'name'] } };
    await poller.poll();
    expect(poller.current()).toMatchObject({ version: '7-a', entity: { type: 'Region', fields: new Set(['code', 'name']) } });
    const entity = poller.current()!.entity;
    now += 1_500;
    answer = { status: 503, body: { status: 'unavailable' } };
    await poller.poll();
    expect(poller.current()?.version).toBe('7-a');
    now += 501;
    expect(poller.current()).toBeUndefined();
    // Back: a new version; the same fields keep the same object (shapes stay worked out).
    answer = { status: 200, body: { type: 'Region', version: '8-b', fields: ['name', 'code'] } };
    await poller.poll();
    expect(poller.current()?.version).toBe('8-b');
    expect(poller.current()!.entity).toBe(entity);
  });

  it('is not taken from an answer about another type, nor from one without a version', async () => {
    const poller = new VersionPoller(() => url, 'Region', 2_000, quiet);
    answer = { status: 200, body: { type: 'Measure', version: '1', fields: [] } };
    await poller.poll();
    expect(poller.current()).toBeUndefined();
    answer = { status: 200, body: { type: 'Region', fields: [] } };
    await poller.poll();
    expect(poller.current()).toBeUndefined();
  });
});

describe('configuration', () => {
  it('is on by default, with a 2 s bound', () => {
    expect(readEntityCacheConfig({})).toEqual({ enabled: true, ...ENTITY_CACHE_DEFAULTS, redisUrl: undefined });
    expect(readEntityCacheConfig({ GATEWAY_ENTITY_CACHE: 'false', REDIS_URL: 'redis://r:6379' })).toMatchObject({
      enabled: false,
      redisUrl: 'redis://r:6379',
    });
  });

  it.each([
    [{ GATEWAY_ENTITY_CACHE: 'maybe' }, 'GATEWAY_ENTITY_CACHE must be true or false, got "maybe".'],
    [{ GATEWAY_ENTITY_CACHE_MAX_STALE_MS: '100' }, 'GATEWAY_ENTITY_CACHE_MAX_STALE_MS must be at least 200, got 100.'],
    [{ GATEWAY_ENTITY_CACHE_MAX: '1.5' }, 'GATEWAY_ENTITY_CACHE_MAX must be a whole number, got 1.5.'],
    [{ GATEWAY_ENTITY_CACHE_TTL_MS: 'soon' }, 'GATEWAY_ENTITY_CACHE_TTL_MS must be a number, got "soon".'],
    [{ GATEWAY_ENTITY_CACHE_VERSION_PATH: 'region-version' }, 'GATEWAY_ENTITY_CACHE_VERSION_PATH must be a path starting with /'],
    [{ GATEWAY_ENTITY_CACHE_TYPE: 'Region!' }, 'GATEWAY_ENTITY_CACHE_TYPE must be a GraphQL type name, not "Region!".'],
  ])('refuses %j', (env, message) => {
    expect(() => readEntityCacheConfig(env)).toThrow(ConfigError);
    expect(() => readEntityCacheConfig(env)).toThrow(message);
  });
});

describe('the stores', () => {
  it('share entries through Redis, and read a process’s own first', async () => {
    const prefix = `hkp-test-entities-${randomUUID()}`;
    const redisA = createRedisEntityStore('redis://127.0.0.1:6379', prefix, 60_000, () => undefined);
    const redisB = createRedisEntityStore('redis://127.0.0.1:6379', prefix, 60_000, () => undefined);
    await Promise.all([redisA.ready, redisB.ready]);
    const a = layeredEntityStore(createMemoryEntityStore(10, 60_000), redisA);
    const localB = createMemoryEntityStore(10, 60_000);
    const b = layeredEntityStore(localB, redisB);
    try {
      a.setMany([['k1', '{"name":"佛山市"}']]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await b.getMany(['k1', 'k2'])).toEqual(['{"name":"佛山市"}', undefined]);
      expect(localB.memory.get('k1')).toBe('{"name":"佛山市"}');
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('answers a miss, not an error, while Redis cannot be reached', async () => {
    const redis = createRedisEntityStore('redis://127.0.0.1:9', 'p', 60_000, () => undefined);
    await redis.ready;
    redis.setMany([['k', 'v']]);
    expect(await redis.getMany(['k'])).toEqual([undefined]);
    await redis.dispose();
  });
});
