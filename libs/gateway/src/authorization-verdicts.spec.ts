import * as GraphQLJS from 'graphql';
import { buildSchema, parse, type DocumentNode, type ExecutionResult } from 'graphql';
import { envelop, useEngine, useSchema, type Plugin } from '@envelop/core';
import { useGenericAuth } from '@envelop/generic-auth';
import { useAuthorizationVerdicts } from './authorization-verdicts';

const schema = buildSchema(/* GraphQL */ `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
  directive @authenticated on FIELD_DEFINITION
  type Query {
    open: String
    guarded: String @requiresScopes(scopes: [["audit:read"]])
    signedIn: String @authenticated
  }
`);

type User = { scopes: string[] } | null;

/** An Envelop with generic auth behind the verdict cache, counting the walks of the rules. */
function setUp() {
  const executed: DocumentNode[] = [];
  const auth = useGenericAuth<Record<string, unknown>, Record<string, unknown>>({
    mode: 'protect-granular',
    contextFieldName: 'currentUser',
    resolveUserFn: (context) => (context['user'] as Record<string, unknown> | null) ?? null,
    extractScopes: (user) => (user?.['scopes'] as string[] | undefined) ?? [],
  }) as unknown as Plugin;
  const seeExecution: Plugin = {
    onExecute({ args }) {
      executed.push(args.document);
    },
  };
  const getEnveloped = envelop({
    plugins: [
      useEngine(GraphQLJS),
      useSchema(schema),
      useAuthorizationVerdicts(auth as never, (context) => {
        const user = context['currentUser'] as { scopes: string[] } | null;
        return user == null ? 'anonymous' : [...user.scopes].sort().join(' ');
      }) as Plugin,
      seeExecution,
    ],
  });
  const run = async (document: DocumentNode, user: User, variables?: Record<string, unknown>, operationName?: string) => {
    const { execute, contextFactory, schema: enveloped } = getEnveloped({ user });
    const contextValue = await contextFactory();
    return (await execute({
      schema: enveloped,
      document,
      contextValue,
      variableValues: variables,
      operationName,
      rootValue: { open: 'o', guarded: 'g', signedIn: 's' },
    })) as ExecutionResult;
  };
  return { run, executed };
}

describe('useAuthorizationVerdicts', () => {
  it('refuses a document again, with the same error, without changing the decision for other callers', async () => {
    const { run } = setUp();
    const document = parse('{ open guarded }');
    const first = await run(document, null);
    const again = await run(document, null);
    expect(first.errors?.[0]?.extensions?.['code']).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(first.data).toBeNull();
    expect(again).toEqual(first);
    expect(again.errors?.[0]).not.toBe(first.errors?.[0]);
    expect(await run(document, { scopes: ['audit:read'] })).toEqual({ data: { open: 'o', guarded: 'g' } });
    // A token without the scope is refused; one with it, asked again, still answers.
    expect((await run(document, { scopes: ['other'] })).data).toBeNull();
    expect(await run(document, { scopes: ['audit:read'] })).toEqual({ data: { open: 'o', guarded: 'g' } });
  });

  it('hands execution the same accepted document object for the same caller', async () => {
    const { run, executed } = setUp();
    const document = parse('{ open signedIn }');
    await run(document, { scopes: [] });
    await run(document, { scopes: [] });
    expect(executed).toHaveLength(2);
    expect(executed[1]).toBe(executed[0]);
    expect((await run(document, null)).data).toBeNull();
  });

  it('walks documents with @skip or @include on a variable every time: the fields checked depend on it', async () => {
    const { run } = setUp();
    const document = parse('query ($hide: Boolean!) { open guarded @skip(if: $hide) }');
    expect(await run(document, null, { hide: true })).toEqual({ data: { open: 'o' } });
    expect((await run(document, null, { hide: false })).data).toBeNull();
    expect(await run(document, null, { hide: true })).toEqual({ data: { open: 'o' } });
  });

  it('decides per operation named, as the rules do (they walk every operation of the document)', async () => {
    const { run } = setUp();
    const document = parse('query A { open } query B { guarded }');
    for (const operationName of ['A', 'B', 'A']) expect((await run(document, null, undefined, operationName)).data).toBeNull();
    expect(await run(document, { scopes: ['audit:read'] }, undefined, 'A')).toEqual({ data: { open: 'o' } });
    expect(await run(document, { scopes: ['audit:read'] }, undefined, 'B')).toEqual({ data: { guarded: 'g' } });
  });
});
