import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  startIsolatedFederation,
  type GraphQLResponseBody,
  type IsolatedFederation,
} from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';
import { readGeneratedMeasures } from '@hkp/policy-model';

// Page sizes as a client meets them: every list with `first` states its bounds in the schema
// ("Page size, 0 to 100, default 20. 0 answers …"), one pair of bounds per kind of list, and
// answers them alike through the gateway: `first: 0` answers no items (with the counts or the
// feed's head), the maximum is served, one over it is BAD_USER_INPUT on "first".

const issuer = createTestTokenIssuer('page-sizes');
let federation: IsolatedFederation;
let admin: Record<string, string>;

const DEPARTMENTS = ['civilAffairs', 'education', 'finance', 'health', 'transport'] as const;
const SERVICE_OF: Record<(typeof DEPARTMENTS)[number], string> = {
  civilAffairs: 'civil-affairs',
  education: 'education',
  finance: 'finance',
  health: 'health',
  transport: 'transport',
};

/** The bounds of each kind of list, as docs/operations.md's page-size table states them. */
const KINDS = {
  page: { max: 100, default: 20 },
  feed: { max: 500, default: 100 },
  audit: { max: 500, default: 100 },
};

interface ListCase {
  kind: keyof typeof KINDS;
  /** The operation, with `$first` as the page size. */
  query: (ids: Record<string, string>) => string;
  /** The items the answer holds, and what it holds besides them (null when nothing). */
  items: (data: Record<string, unknown>) => { items: unknown[]; besides: unknown };
  /** Sent to this subgraph directly (a department's change feed is not in the gateway's graph). */
  service?: string;
  admin?: boolean;
}

const connection = (path: (d: Record<string, unknown>) => unknown) => (data: Record<string, unknown>) => {
  const c = path(data) as { nodes: unknown[]; totalCount: number };
  return { items: c.nodes, besides: c.totalCount };
};
const list = (path: (d: Record<string, unknown>) => unknown) => (data: Record<string, unknown>) => ({
  items: path(data) as unknown[],
  besides: null,
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (d: any, ...keys: string[]) => keys.reduce((v, k) => v?.[k], d);

/** Every list with `first` of the graph, by `Type.field`: the test below checks none is missing. */
const LISTS: Record<string, ListCase> = {
  'Query.measures': {
    kind: 'page',
    query: () => `query ($first: Int) { measures(first: $first) { totalCount nodes { id } facets { departments { value count } } } }`,
    items: connection((d) => d['measures']),
  },
  'Region.measures': {
    kind: 'page',
    query: () =>
      `query ($first: Int) { region(code: "441226") { measures(first: $first, filter: { scope: APPLIES }) { totalCount nodes { id } } } }`,
    items: connection((d) => at(d, 'region', 'measures')),
  },
  'Query.regions': {
    kind: 'page',
    query: () => `query ($first: Int) { regions(first: $first) { totalCount nodes { code } } }`,
    items: connection((d) => d['regions']),
  },
  'Query.measureChanges': {
    kind: 'feed',
    query: () => `query ($first: Int) { measureChanges(after: "0", first: $first) { seq } }`,
    items: list((d) => d['measureChanges']),
  },
  'Region.fundingLines': {
    kind: 'page',
    query: () => `query ($first: Int) { region(code: "440000") { fundingLines(first: $first) { amount } } }`,
    items: list((d) => at(d, 'region', 'fundingLines')),
  },
  'Query.programmeMeasureAudit': {
    kind: 'audit',
    admin: true,
    query: (ids) => `query ($first: Int) { programmeMeasureAudit(id: "${ids['programme']}", first: $first) { id } }`,
    items: list((d) => d['programmeMeasureAudit']),
  },
  ...Object.fromEntries(
    DEPARTMENTS.flatMap((d): [string, ListCase][] => [
      [
        `Query.${d}Measures`,
        {
          kind: 'page',
          query: () => `query ($first: Int) { ${d}Measures(first: $first) { totalCount nodes { id } } }`,
          items: connection((data) => data[`${d}Measures`]),
        },
      ],
      [
        `Region.${d}Measures`,
        {
          kind: 'page',
          query: () => `query ($first: Int) { region(code: "440000") { ${d}Measures(first: $first, scope: WITHIN) { id } } }`,
          items: list((data) => at(data, 'region', `${d}Measures`)),
        },
      ],
      [
        `Query.${d}MeasureChanges`,
        {
          kind: 'feed',
          service: SERVICE_OF[d],
          query: () => `query ($first: Int) { ${d}MeasureChanges(after: "0", first: $first) { feedId latestSeq changes { seq } } }`,
          items: (data) => {
            const page = data[`${d}MeasureChanges`] as { feedId: string; latestSeq: string; changes: unknown[] };
            return { items: page.changes, besides: page.feedId && page.latestSeq };
          },
        },
      ],
      [
        `Query.${d}MeasureAudit`,
        {
          kind: 'audit',
          admin: true,
          query: (ids) => `query ($first: Int) { ${d}MeasureAudit(id: "${ids[d]}", first: $first) { id } }`,
          items: list((data) => data[`${d}MeasureAudit`]),
        },
      ],
    ]),
  ),
};

/** Every field with a `first` argument in the composed supergraph, with its default and description. */
function listFields(): { name: string; defaultValue: string | undefined; description: string | undefined }[] {
  const document = parse(readFileSync(join(workspaceRoot(), 'supergraph.graphql'), 'utf8'));
  return document.definitions
    .filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
    .flatMap((type) =>
      (type.fields ?? []).flatMap((field) => {
        const first = field.arguments?.find((a) => a.name.value === 'first');
        if (!first) return [];
        return [
          {
            name: `${type.name.value}.${field.name.value}`,
            defaultValue: first.defaultValue ? print(first.defaultValue) : undefined,
            description: first.description?.value,
          },
        ];
      }),
    );
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  federation = await startIsolatedFederation('page_sizes_e2e', ALL_SUBGRAPHS, {
    env: FAST_CATALOG_SYNC,
    trustedIssuer: issuer,
    gatewayEnv: { RATE_LIMIT_POINTS: '10000' },
  });
  admin = bearerHeaders(await issuer.token(['admin']));
  await waitForCatalogTotal(federation.gatewayUrl, readGeneratedMeasures().length);
  // A measure of each department to read the audit trail of.
  for (const d of [...DEPARTMENTS, 'programme']) {
    const field = `${d}Measures`;
    const { body } = await graphqlRequest<Record<string, { nodes: { id: string }[] }>>(
      federation.gatewayUrl,
      d === 'programme'
        ? `{ measures(filter: { department: PROGRAMME }, first: 1) { nodes { id } } }`
        : `{ ${field}(first: 1) { nodes { id } } }`,
    );
    ids[d] = (d === 'programme' ? body.data!['measures'] : body.data![field])!.nodes[0]!.id;
  }
}, 240_000);

afterAll(async () => {
  await federation?.stop();
});

async function send(name: string, first: number | undefined): Promise<GraphQLResponseBody> {
  const c = LISTS[name]!;
  const url = c.service ? federation.subgraphSdl.find((s) => s.name === c.service)!.url : federation.gatewayUrl;
  const { body } = await graphqlRequest(url, c.query(ids), first === undefined ? {} : { first }, c.admin ? admin : {});
  return body;
}

it('states the bounds of every list with `first` in its schema description, one pair of bounds per kind of list', () => {
  const fields = listFields();
  expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(LISTS).sort());
  for (const field of fields) {
    const { max, default: byDefault } = KINDS[LISTS[field.name]!.kind];
    expect([field.name, field.defaultValue]).toEqual([field.name, String(byDefault)]);
    expect([field.name, field.description]).toEqual([
      field.name,
      expect.stringMatching(new RegExp(`^Page size, 0 to ${max}, default ${byDefault}\\. 0 answers .+\\.$`)),
    ]);
  }
});

describe.each(Object.keys(LISTS))('%s', (name) => {
  const { max, default: byDefault } = KINDS[LISTS[name]!.kind];

  it(`answers first: 0 with no items and what the answer holds besides them`, async () => {
    const body = await send(name, 0);
    expect(body.errors).toBeUndefined();
    const { items, besides } = LISTS[name]!.items(body.data as Record<string, unknown>);
    expect(items).toEqual([]);
    // A connection still counts its items (there are some), a department's feed still names its head.
    if (besides !== null) expect(besides).toBeTruthy();
  });

  it(`serves the default and the maximum, and refuses one over it with BAD_USER_INPUT on "first"`, async () => {
    const byDefaultBody = await send(name, undefined);
    expect(byDefaultBody.errors).toBeUndefined();
    expect(LISTS[name]!.items(byDefaultBody.data as Record<string, unknown>).items.length).toBeLessThanOrEqual(byDefault);
    const full = await send(name, max);
    expect(full.errors).toBeUndefined();
    const over = await send(name, max + 1);
    expect(over.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['field'], e.message])).toEqual([
      ['BAD_USER_INPUT', 'first', `"first" must be between 0 and ${max}, got ${max + 1}.`],
    ]);
    const negative = await send(name, -1);
    expect(negative.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['field']])).toEqual([['BAD_USER_INPUT', 'first']]);
  });
});
