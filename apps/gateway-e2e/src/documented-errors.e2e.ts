import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  startIsolatedFederation,
  type GraphQLHttpResponse,
  type IsolatedFederation,
} from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';
import { readGeneratedMeasures } from '@hkp/policy-model';

// The answers docs/errors.md promises for things that do not exist, asked through the gateway over
// HTTP: lookups by id or code answer null (a page that shows one measure or region tells "not
// there" from an error), a filter naming a region that does not exist is BAD_USER_INPUT (a typo must
// not look like an empty list), a write or an audit of a measure or target that does not exist is
// NOT_FOUND, and FORBIDDEN names the scopes that would be enough. docs/errors.md's "tested in"
// column lists, for every code, where its tests are; this file covers the rows no other file did.

const issuer = createTestTokenIssuer('documented-errors');
const UNKNOWN_REGION = '449999'; // well-formed (6 digits), no region has it

let federation: IsolatedFederation;

beforeAll(async () => {
  federation = await startIsolatedFederation('documented_errors_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC, trustedIssuer: issuer });
  await waitForCatalogTotal(federation.gatewayUrl, readGeneratedMeasures().length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

const send = async (query: string, variables: object = {}, token?: string): Promise<GraphQLHttpResponse> =>
  graphqlRequest(federation.gatewayUrl, query, variables, bearerHeaders(token));

/** Status, codes, the arguments and services the errors name. */
function summary(response: GraphQLHttpResponse) {
  return {
    status: response.status,
    errors: (response.body.errors ?? []).map((e) => ({
      code: e.extensions?.['code'],
      field: e.extensions?.['field'],
      serviceName: e.extensions?.['serviceName'],
    })),
  };
}

describe('lookups of ids and codes that do not exist answer null, without an error', () => {
  it('measure(id:) is null for an unknown id, and a known id answers', async () => {
    const response = await send(
      '{ missing: measure(id: "no-such-measure") { id } known: measure(id: "education-action-plan-2023-2027") { id } }',
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ missing: null, known: { id: 'education-action-plan-2023-2027' } });
  });

  it('region(code:) is null for a well-formed unknown code; regionsByCodes leaves it out', async () => {
    const response = await send(
      `{ region(code: "${UNKNOWN_REGION}") { name } regionsByCodes(codes: ["${UNKNOWN_REGION}", "441226"]) { name } }`,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ region: null, regionsByCodes: [{ name: '德庆县' }] });
  });
});

describe('a filter naming a region that does not exist is BAD_USER_INPUT naming the argument', () => {
  const cases: [string, string, string, string][] = [
    [
      'measures(filter: { regionCode })',
      `{ measures(filter: { regionCode: "${UNKNOWN_REGION}" }) { totalCount } }`,
      'regionCode',
      'programme',
    ],
    [
      'measures(filter: { regionCode, scope: APPLIES })',
      `{ measures(filter: { regionCode: "${UNKNOWN_REGION}", scope: APPLIES }) { totalCount } }`,
      'regionCode',
      'programme',
    ],
    ["a department's list", `{ educationMeasures(regionCode: "${UNKNOWN_REGION}") { totalCount } }`, 'regionCode', 'education'],
    ['regions(parentCode:)', `{ regions(parentCode: "${UNKNOWN_REGION}") { totalCount } }`, 'parentCode', 'civil-affairs'],
    ['regions(withinCode:)', `{ regions(withinCode: "${UNKNOWN_REGION}") { totalCount } }`, 'withinCode', 'civil-affairs'],
  ];

  it.each(cases)('%s', async (_list, query, field, serviceName) => {
    const response = await send(query);
    expect(summary(response)).toEqual({ status: 200, errors: [{ code: 'BAD_USER_INPUT', field, serviceName }] });
    expect(response.body.errors![0]!.message).toContain(`"${UNKNOWN_REGION}" is not the code of a region of Guangdong`);
  });

  it('while a known code of every level still answers (province, county, town, village)', async () => {
    for (const code of ['440000', '441226', '441226001', '441226001001']) {
      const response = await send(`query($code: ID!) { measures(filter: { regionCode: $code, scope: APPLIES }) { totalCount } }`, { code });
      expect({ code, ...summary(response) }).toEqual({ code, status: 200, errors: [] });
    }
  });
});

describe('writes and audits of what does not exist are NOT_FOUND', () => {
  let partner: string;
  beforeAll(async () => {
    partner = await issuer.token(['education:write']);
  });

  it('updating, archiving or auditing an unknown measure', async () => {
    const attempts = [
      `mutation { updateEducationMeasure(id: "no-such-measure", expectedVersion: 1, input: { stages: ["基础教育"] }) { version } }`,
      `mutation { archiveEducationMeasure(id: "no-such-measure", expectedVersion: 1) { version } }`,
      `{ educationMeasureAudit(id: "no-such-measure") { id } }`,
    ];
    for (const query of attempts) {
      const response = await send(query, {}, partner);
      expect({ query, ...summary(response) }).toEqual({
        query,
        status: 200,
        errors: [{ code: 'NOT_FOUND', field: undefined, serviceName: 'education' }],
      });
      expect(response.body.errors![0]!.message).toContain('No measure "no-such-measure"');
    }
  });

  it('recording an observation of an unknown target', async () => {
    const response = await send(
      `mutation { recordEducationMeasureTargetObservation(targetId: "no-such-target", input: { value: 1, observedOn: "2025" }) { version } }`,
      {},
      partner,
    );
    expect(summary(response)).toEqual({ status: 200, errors: [{ code: 'NOT_FOUND', field: undefined, serviceName: 'education' }] });
    expect(response.body.errors![0]!.message).toContain('No target "no-such-target"');
  });
});

describe('FORBIDDEN names the scopes that would be enough', () => {
  it('at the gateway: a token with another department’s scope, refused before any service is called', async () => {
    const response = await send(
      `mutation { updateEducationMeasure(id: "education-action-plan-2023-2027", expectedVersion: 1, input: { stages: [] }) { version } }`,
      {},
      await issuer.token(['health:write']),
    );
    expect(response.status).toBe(403);
    expect(response.body.data ?? null).toBeNull();
    const [error, ...more] = response.body.errors ?? [];
    expect(more).toEqual([]);
    expect(error!.extensions?.['code']).toBe('FORBIDDEN');
    expect(error!.extensions?.['requiredScopes']).toEqual(['education:write', 'admin']);
    expect(error!.message).toBe('Mutation.updateEducationMeasure needs the scope education:write or admin.');
  });
});

describe('a failure inside a department’s service is INTERNAL_SERVER_ERROR in an answer with the rest of the data', () => {
  it('names the service, says nothing of the SQL, and the other fields answer', async () => {
    // A failing SQL statement: the programme's facts table is away while the query runs.
    const programme = federation.subgraphs['programme']!.database.dataSource;
    await programme.query('ALTER TABLE programme_facts RENAME TO programme_facts_away');
    let response: GraphQLHttpResponse;
    try {
      response = await send('{ meetings { title } regions(parentCode: "441200", first: 1) { totalCount } }');
    } finally {
      await programme.query('ALTER TABLE programme_facts_away RENAME TO programme_facts');
    }
    expect(summary(response)).toEqual({
      status: 200,
      errors: [{ code: 'INTERNAL_SERVER_ERROR', field: undefined, serviceName: 'programme' }],
    });
    expect(response.body.errors![0]!.path).toEqual(['meetings']);
    expect(JSON.stringify(response.body.errors)).not.toMatch(/programme_facts|SELECT|relation/);
    expect(response.body.data).toEqual({ meetings: null, regions: { totalCount: expect.any(Number) } });
    // And it answers again once the statement can run.
    expect((await send('{ meetings { title } }')).body.errors).toBeUndefined();
  });
});
