import { EventEmitter } from 'node:events';
import * as GraphQLJS from 'graphql';
import { buildSchema, parse, type ExecutionResult, type GraphQLError } from 'graphql';
import { envelop, useEngine, useSchema, type Plugin } from '@envelop/core';
import { OpenSubscriptions, readSubscriptionLimitsConfig, useSubscriptionLimits } from './subscription-limits';

describe('OpenSubscriptions', () => {
  it('grants a client up to its cap, refuses the next, and gives a slot back once per release', () => {
    const open = new OpenSubscriptions({ perClient: 2, total: 10 });
    const first = open.take('sub:a');
    const second = open.take('sub:a');
    expect(open.take('sub:a')).toEqual({ granted: false, scope: 'client', max: 2 });
    expect(open.take('sub:b').granted).toBe(true);

    if (!first.granted || !second.granted) throw new Error('the first two are granted');
    first.release();
    first.release(); // a stream that ends and whose connection closes gives its slot back once
    expect(open.of('sub:a')).toBe(1);
    expect(open.total).toBe(2);
    expect(open.take('sub:a').granted).toBe(true);
    expect(open.take('sub:a').granted).toBe(false);
  });

  it('refuses every client once the gateway holds its total, and a client with none open leaves no count', () => {
    const open = new OpenSubscriptions({ perClient: 5, total: 2 });
    const a = open.take('ip:10.0.0.1');
    open.take('ip:10.0.0.2');
    expect(open.take('ip:10.0.0.3')).toEqual({ granted: false, scope: 'gateway', max: 2 });
    if (a.granted) a.release();
    expect(open.of('ip:10.0.0.1')).toBe(0);
    expect(open.take('ip:10.0.0.3').granted).toBe(true);
  });
});

describe('readSubscriptionLimitsConfig', () => {
  it('reads both caps, defaulting to 10 per client and 500 in all, and refuses a cap under 1', () => {
    expect(readSubscriptionLimitsConfig({})).toEqual({ enabled: true, perClient: 10, total: 500, trustProxy: false });
    expect(
      readSubscriptionLimitsConfig({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: '3', GATEWAY_MAX_SUBSCRIPTIONS: '40', GATEWAY_LIMITS: 'false' }),
    ).toEqual({ enabled: false, perClient: 3, total: 40, trustProxy: false });
    expect(() => readSubscriptionLimitsConfig({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: '0' })).toThrow(
      /GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT must be at least 1/,
    );
  });
});

const schema = buildSchema(/* GraphQL */ `
  type Query {
    ok: Boolean
  }
  type Subscription {
    ticks: Int
    refused: Int
  }
`);

/**
 * An Envelop with the subscription limits, whose `ticks` stream counts the streams it opened (what
 * the programme service would be asked for) and stays open until cancelled or `finish` is called.
 */
function setUp(limits: { perClient: number; total: number }, after: Plugin[] = []) {
  let opened = 0;
  const finishers: (() => void)[] = [];
  const rootValue = {
    ticks: () => {
      opened += 1;
      let finished = false;
      let wake: (() => void) | undefined;
      finishers.push(() => {
        finished = true;
        wake?.();
      });
      return (async function* () {
        yield { ticks: 1 };
        while (!finished) await new Promise<void>((resolve) => (wake = resolve));
      })();
    },
  };
  const getEnveloped = envelop({
    plugins: [useEngine(GraphQLJS), useSchema(schema), useSubscriptionLimits({ ...limits, trustProxy: false }) as Plugin, ...after],
  });
  /** Subscribes as `subject` (a verified token's) or, without one, as the address 10.0.0.9. */
  const subscribe = async (subject?: string, res?: EventEmitter, query = 'subscription { ticks }') => {
    const {
      subscribe: run,
      contextFactory,
      schema: enveloped,
    } = getEnveloped({
      request: new Request('http://gateway/graphql'),
      req: { socket: { remoteAddress: '10.0.0.9' } },
      res,
      ...(subject ? { jwt: { payload: { sub: subject } } } : {}),
    });
    return run({ schema: enveloped, document: parse(query), contextValue: await contextFactory(), rootValue }) as Promise<
      AsyncIterableIterator<ExecutionResult> | ExecutionResult
    >;
  };
  return { subscribe, opened: () => opened, finishAll: () => finishers.splice(0).forEach((finish) => finish()) };
}

const isStream = (result: unknown): result is AsyncIterableIterator<ExecutionResult> =>
  typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
const refusalOf = (result: unknown) => (result as ExecutionResult).errors?.[0] as GraphQLError | undefined;

describe('useSubscriptionLimits', () => {
  it("refuses a client's subscription over its cap with RATE_LIMITED and HTTP 429 before any stream opens, while another client's opens", async () => {
    const { subscribe, opened } = setUp({ perClient: 2, total: 10 });
    expect(isStream(await subscribe('partner-a'))).toBe(true);
    expect(isStream(await subscribe('partner-a'))).toBe(true);

    const refused = await subscribe('partner-a');
    expect(isStream(refused)).toBe(false);
    expect(refusalOf(refused)?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 2,
      subscriptions: 'client',
      http: { status: 429 },
    });
    expect(refusalOf(refused)?.message).toMatch(/already has 2 open.*Close one/);
    expect(opened()).toBe(2);

    expect(isStream(await subscribe('partner-b'))).toBe(true);
    // Without a token the client is its address: a client of its own.
    expect(isStream(await subscribe())).toBe(true);
    expect(opened()).toBe(4);
  });

  it('refuses every client once the gateway holds its total', async () => {
    const { subscribe } = setUp({ perClient: 5, total: 2 });
    await subscribe('partner-a');
    await subscribe('partner-b');
    const refused = await subscribe('partner-c');
    expect(refusalOf(refused)?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 2, subscriptions: 'gateway' });
    expect(refusalOf(refused)?.message).toMatch(/this gateway holds 2/);
  });

  it('gives the slot back when the client cancels the stream', async () => {
    const { subscribe } = setUp({ perClient: 1, total: 10 });
    const stream = await subscribe('partner-a');
    if (!isStream(stream)) throw new Error('a stream');
    expect(isStream(await subscribe('partner-a'))).toBe(false);
    await stream.return?.();
    expect(isStream(await subscribe('partner-a'))).toBe(true);
  });

  it('gives the slot back when the stream completes', async () => {
    const { subscribe, finishAll } = setUp({ perClient: 1, total: 10 });
    const stream = await subscribe('partner-a');
    if (!isStream(stream)) throw new Error('a stream');
    expect((await stream.next()).value).toEqual({ data: { ticks: 1 } });
    finishAll();
    expect((await stream.next()).done).toBe(true);
    expect(isStream(await subscribe('partner-a'))).toBe(true);
  });

  it("gives the slot back when the client's connection closes, even if the stream was never cancelled", async () => {
    const { subscribe } = setUp({ perClient: 1, total: 10 });
    const res = new EventEmitter();
    expect(isStream(await subscribe('partner-a', res))).toBe(true);
    expect(isStream(await subscribe('partner-a'))).toBe(false);
    res.emit('close');
    expect(isStream(await subscribe('partner-a'))).toBe(true);
  });

  it('takes no slot for a subscription answered without a stream (a later limit refused it)', async () => {
    const refuseCostly: Plugin = {
      onSubscribe({ args, setResultAndStopExecution }) {
        if (JSON.stringify(args.document).includes('"refused"'))
          setResultAndStopExecution({ errors: [new GraphQLJS.GraphQLError('too costly')] });
      },
    };
    const { subscribe } = setUp({ perClient: 1, total: 10 }, [refuseCostly]);
    expect(refusalOf(await subscribe('partner-a', undefined, 'subscription { refused }'))?.message).toBe('too costly');
    expect(isStream(await subscribe('partner-a'))).toBe(true);
  });
});
