import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiSchemaOf, clientSchemaOf } from './client-schema';
import { CompositionError, composeSupergraph } from './compose-supergraph';
import { composeContract, readContracts, type ContractDefinition } from './contracts';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable", "@tag", "@inaccessible", "@requiresScopes", "@authenticated"])';

const places = {
  name: 'places',
  url: 'http://127.0.0.1:4101/graphql',
  sdl: `${LINK}
    scalar DateTimeISO
    type AuditEntry @tag(name: "internal") { at: DateTimeISO! actor: String! }
    type Region @key(fields: "code") { code: ID! name: String! updatedAt: DateTimeISO }
    type Query {
      region(code: ID!): Region
      regionAudit(code: ID!): [AuditEntry!] @tag(name: "internal") @requiresScopes(scopes: [["places:write"]])
    }
    type Mutation { renameRegion(code: ID!, name: String!): Region @tag(name: "internal") }`,
};

const schools = {
  name: 'schools',
  url: 'http://127.0.0.1:4102/graphql',
  sdl: `${LINK}
    type Region @key(fields: "code") { code: ID! schoolCount: Int! }
    input SchoolInput { name: String! }
    type Query { me: String @authenticated @tag(name: "internal") }
    type Mutation { addSchool(input: SchoolInput!): Boolean @tag(name: "internal") }`,
};

const publicContract: ContractDefinition = {
  name: 'public',
  description: 'Reads without a token.',
  excludeTags: ['internal'],
  includeTags: [],
  operations: ['query'],
  tokenFree: true,
};

describe('composeContract', () => {
  it('leaves out what carries an excluded tag, the Mutation type once it has no field left, and the types only they reached', () => {
    const api = apiSchemaOf(composeContract([places, schools], publicContract));
    expect(api.getMutationType()).toBeUndefined();
    expect(Object.keys(api.getQueryType()!.getFields())).toEqual(['region']);
    expect(api.getType('AuditEntry')).toBeUndefined();
    expect(api.getType('SchoolInput')).toBeUndefined();
    // Untagged fields of both subgraphs stay, and so does the scalar they use.
    expect(Object.keys((api.getType('Region') as import('graphql').GraphQLObjectType).getFields()).sort()).toEqual([
      'code',
      'name',
      'schoolCount',
      'updatedAt',
    ]);
    // The whole supergraph still has all of it.
    const whole = apiSchemaOf(composeSupergraph([places, schools]));
    expect(Object.keys(whole.getMutationType()!.getFields()).sort()).toEqual(['addSchool', 'renameRegion']);
  });

  it('refuses a contract where a mutation survives the filter, naming the field and the tag to add', () => {
    const untagged = {
      ...schools,
      sdl: schools.sdl.replace('addSchool(input: SchoolInput!): Boolean @tag(name: "internal")', 'addSchool(input: SchoolInput!): Boolean'),
    };
    expect(() => composeContract([places, untagged], publicContract)).toThrow(CompositionError);
    expect(() => composeContract([places, untagged], publicContract)).toThrow(
      'contract "public": Mutation.addSchool is a mutation, which the contract does not have: tag it @tag(name: "internal").',
    );
  });

  it('refuses a token-free contract with a field that needs a token', () => {
    const untagged = {
      ...schools,
      sdl: schools.sdl.replace('me: String @authenticated @tag(name: "internal")', 'me: String @authenticated'),
    };
    expect(() => composeContract([places, untagged], publicContract)).toThrow(
      'contract "public": Query.me needs a token, and the contract is token-free',
    );
    // Without the promise the same contract composes.
    expect(
      apiSchemaOf(composeContract([places, untagged], { ...publicContract, tokenFree: false }))
        .getQueryType()
        ?.getFields().me,
    ).toBeDefined();
  });

  it('fails composition when a field returns a type tagged internal but is not tagged itself', () => {
    const leaky = { ...places, sdl: places.sdl.replace('@tag(name: "internal") @requiresScopes', '@requiresScopes') };
    expect(() => composeContract([leaky, schools], { ...publicContract, tokenFree: false })).toThrow(
      /contract "public": .*AuditEntry.*regionAudit/,
    );
  });
});

describe('clientSchemaOf', () => {
  it('prints the API sorted, with only the standard directives and without federation internals', () => {
    const sdl = clientSchemaOf(composeSupergraph([places, schools]));
    expect(sdl).toMatch(/^type AuditEntry \{/);
    expect(sdl).not.toMatch(/join__|link__|@requiresScopes|@authenticated|@tag|requiresScopes__Scope/);
    expect(sdl.indexOf('type Mutation')).toBeLessThan(sdl.indexOf('type Query'));
    expect(sdl.endsWith('}\n')).toBe(true);
  });
});

describe('readContracts', () => {
  const write = (content: unknown) => {
    const path = join(mkdtempSync(join(tmpdir(), 'contracts-')), 'contracts.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('reads contracts with their defaults', () => {
    const [contract] = readContracts(write([{ name: 'public', description: 'Reads.', excludeTags: ['internal'], operations: ['query'] }]));
    expect(contract).toEqual({
      name: 'public',
      description: 'Reads.',
      excludeTags: ['internal'],
      includeTags: [],
      operations: ['query'],
      tokenFree: false,
    });
  });

  it('names the entry and field of a mistake', () => {
    const path = write([
      { name: 'public', description: 'Reads.', operations: ['query'] },
      { name: 'public', description: 'Again.', operations: ['queries'] },
    ]);
    expect(() => readContracts(path)).toThrow(/\[1\.operations\.0\]/);
    expect(() => readContracts(write([{ name: 'Public', description: 'x', operations: ['query'] }]))).toThrow(/\[0\.name\] lower-case/);
    expect(() =>
      readContracts(
        write([
          { name: 'a', description: 'x', operations: ['query'] },
          { name: 'a', description: 'y', operations: ['query'] },
        ]),
      ),
    ).toThrow(/\[1\.name\] "a" is defined twice/);
  });
});
