import { GraphQLError } from 'graphql';
import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import { parse } from 'graphql';
import { useSubgraphFailureIsolation } from './subgraph-failures';

type Executor = (request: ExecutionRequest) => unknown;

/** Runs one subgraph call through the plugin with `executor` standing for the transport. */
async function call(executor: Executor, variables: Record<string, unknown> = {}): Promise<ExecutionResult> {
  let wrapped: Executor = executor;
  const warnings: unknown[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (useSubgraphFailureIsolation().onSubgraphExecute as any)({
    subgraphName: 'health',
    executor,
    setExecutor: (e: Executor) => (wrapped = e),
  });
  const request = {
    document: parse('{ x }'),
    variables,
    context: { log: { warn: (...args: unknown[]) => warnings.push(args) } },
  } as unknown as ExecutionRequest;
  return (await wrapped(request)) as ExecutionResult;
}

const codeOf = (result: ExecutionResult) =>
  result.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['serviceName'], e.extensions?.['reason']]);

describe('useSubgraphFailureIsolation', () => {
  it('passes good answers through untouched', async () => {
    const result = { data: { x: 1 } };
    expect(await call(() => result)).toBe(result);
  });

  it('turns a thrown transport error into SERVICE_UNAVAILABLE naming the service, without the internal message', async () => {
    const refused = await call(() => Promise.reject(new TypeError('fetch failed: connect ECONNREFUSED 10.1.2.3:4003')));
    expect(codeOf(refused)).toEqual([['SERVICE_UNAVAILABLE', 'health', 'unreachable']]);
    expect(refused.errors?.[0]?.message).toBe('The health service is unavailable; its fields are missing from this answer.');
    const timeout = await call(() => {
      throw new GraphQLError('The operation was aborted due to timeout', { extensions: { code: 'GATEWAY_TIMEOUT' } });
    });
    expect(codeOf(timeout)).toEqual([['SERVICE_UNAVAILABLE', 'health', 'timeout']]);
  });

  it('replaces Hive transport errors (and errors without a code) but keeps the subgraph’s own coded errors', async () => {
    const result = await call(() => ({
      data: { x: null },
      errors: [
        new GraphQLError('Unexpected response: "<html>"', {
          extensions: { code: 'RESPONSE_VALIDATION_FAILED', request: { body: '{...}' } },
        }),
        new GraphQLError('relation "x" does not exist'),
        new GraphQLError('No such region.', { path: ['x'], extensions: { code: 'NOT_FOUND' } }),
      ],
    }));
    expect(result.data).toEqual({ x: null });
    expect(codeOf(result)).toEqual([
      ['SERVICE_UNAVAILABLE', 'health', 'bad_response'],
      ['SERVICE_UNAVAILABLE', 'health', 'bad_response'],
      ['NOT_FOUND', 'health', undefined],
    ]);
    expect(result.errors?.[2]?.message).toBe('No such region.');
    expect(result.errors?.[2]?.path).toEqual(['x']);
    expect(JSON.stringify(result)).not.toMatch(/html|relation|request/);
  });

  it('refuses answers that are not GraphQL responses', async () => {
    for (const garbage of ['<html>', [1, 2], null, { data: 'ok' }, { errors: 'bad' }, {}]) {
      expect(codeOf(await call(() => garbage))).toEqual([['SERVICE_UNAVAILABLE', 'health', 'bad_response']]);
    }
  });

  it('refuses an entity answer whose length does not match the representations sent', async () => {
    const representations = [
      { __typename: 'Region', code: '1' },
      { __typename: 'Region', code: '2' },
    ];
    expect(codeOf(await call(() => ({ data: { _entities: [{}] } }), { representations }))).toEqual([
      ['SERVICE_UNAVAILABLE', 'health', 'bad_response'],
    ]);
    expect(codeOf(await call(() => ({ data: { _entities: [{}, 7] } }), { representations }))).toEqual([
      ['SERVICE_UNAVAILABLE', 'health', 'bad_response'],
    ]);
    const ok = { data: { _entities: [{}, null] } };
    expect(await call(() => ok, { representations })).toBe(ok);
  });
  it('gives each event of a subscription’s stream the same rule: the subgraph’s own errors keep code and message as GraphQLErrors', async () => {
    // As Hive's HTTP transport hands on the events of a Server-Sent Events stream: the event's JSON, errors as plain objects.
    async function* events() {
      yield { data: { measureChanged: { seq: '7' } } };
      yield {
        errors: [
          { message: '"after" must be a position.', path: ['measureChanged'], extensions: { code: 'BAD_USER_INPUT', field: 'after' } },
        ],
      };
      yield { errors: [{ message: 'socket hang up' }] };
      yield '<html>';
    }
    const stream = (await call(() => events())) as unknown as AsyncIterable<ExecutionResult>;
    const results: ExecutionResult[] = [];
    for await (const result of stream) results.push(result);
    expect(results[0]).toEqual({ data: { measureChanged: { seq: '7' } } });
    const refusal = results[1]!.errors![0]!;
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect([refusal.message, refusal.path, refusal.extensions]).toEqual([
      '"after" must be a position.',
      ['measureChanged'],
      { code: 'BAD_USER_INPUT', field: 'after', serviceName: 'health' },
    ]);
    expect(codeOf(results[2]!)).toEqual([['SERVICE_UNAVAILABLE', 'health', 'unreachable']]);
    expect(codeOf(results[3]!)).toEqual([['SERVICE_UNAVAILABLE', 'health', 'bad_response']]);
  });
});
