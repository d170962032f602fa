import type { RunningGateway } from '@hkp/gateway';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  startIsolatedFederation,
  startTestGateway,
  subgraphRequestCount,
  waitForQuietSubgraphs,
  type GraphQLHttpResponse,
  type IsolatedFederation,
} from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

// Control characters and unpaired surrogates in any text input are a client's mistake: the gateway
// refuses them with 400 BAD_USER_INPUT naming the input, before any department's service is called,
// for reads and writes, with or without the other limits; nothing is written and the gateway goes on.

const issuer = createTestTokenIssuer('text-input-editor');
let federation: IsolatedFederation;
let withoutLimits: RunningGateway | undefined;
let editor: Record<string, string>;

beforeAll(async () => {
  editor = bearerHeaders(await issuer.token(['education:write']));
  federation = await startIsolatedFederation('text_input_e2e', [civilAffairsSubgraph, programmeSubgraph, educationSubgraph], {
    trustedIssuer: issuer,
    // No catalog poll during the test: every subgraph request counted below is one the gateway made.
    env: QUIET_CATALOG_SYNC,
  });
}, 180_000);

afterAll(async () => {
  await withoutLimits?.stop();
  await federation?.stop();
});

async function measureCount(): Promise<number> {
  const [row] = (await federation.subgraphs['education']!.database.dataSource.query('SELECT count(*)::int AS n FROM measures')) as {
    n: number;
  }[];
  return row!.n;
}

/** Sends an operation and checks it is refused with BAD_USER_INPUT naming `field`, no subgraph called. */
async function expectRefused(send: () => Promise<GraphQLHttpResponse>, field: string): Promise<string> {
  // A write earlier nudges the catalog to read the department's feed: let that finish first.
  await waitForQuietSubgraphs(federation, 300);
  const before = subgraphRequestCount(federation);
  const { status, body } = await send();
  expect(status).toBe(400);
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(JSON.stringify(body)).not.toMatch(/INTERNAL_SERVER_ERROR|stack/);
  expect(subgraphRequestCount(federation)).toBe(before);
  return body.errors![0]!.message;
}

const SEARCH = 'query Search($filter: MeasureFilter) { measures(filter: $filter) { totalCount } }';
const CREATE = 'mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { measure { id } } }';

describe('reads', () => {
  it('refuses NUL in a search, given in a variable', async () => {
    const message = await expectRefused(() => graphqlRequest(federation.gatewayUrl, SEARCH, { filter: { q: '教育\u0000' } }), 'filter.q');
    expect(message).toMatch(/^The variable \$filter at filter\.q contains the control character U\+0000 at character 3\./);
  });

  it('refuses NUL in a search written into the document', async () => {
    await expectRefused(
      () => graphqlRequest(federation.gatewayUrl, String.raw`{ measures(filter: { q: "\u0000" }) { totalCount } }`),
      'filter.q',
    );
  });

  it('refuses an unpaired surrogate or a line break in a division code', async () => {
    const message = await expectRefused(
      () => graphqlRequest(federation.gatewayUrl, 'query ($code: ID!) { region(code: $code) { name } }', { code: '\ud800' }),
      'code',
    );
    expect(message).toContain('unpaired UTF-16 surrogate (U+D800) at character 1');
    await expectRefused(() => graphqlRequest(federation.gatewayUrl, String.raw`{ region(code: "440600\n") { name } }`), 'code');
  });

  it('answers text with line breaks, Chinese and emoji', async () => {
    const { status, body } = await graphqlRequest(federation.gatewayUrl, SEARCH, { filter: { q: '教育\n行動方案 🎓' } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(typeof body.data.measures.totalCount).toBe('number');
  });
});

describe('writes', () => {
  it('refuses NUL in a title, writes nothing, and goes on serving', async () => {
    const before = await measureCount();
    const message = await expectRefused(
      () => graphqlRequest(federation.gatewayUrl, CREATE, { input: foshanEducationMeasure('县域高中\u0000扩容') }, editor),
      'input.title',
    );
    expect(message).toMatch(/^The variable \$input at input\.title contains the control character U\+0000 at character 5\. Remove it/);
    await expectRefused(
      () =>
        graphqlRequest(
          federation.gatewayUrl,
          CREATE,
          {
            input: foshanEducationMeasure('县域高中扩容', {
              targets: [{ indicator: '学位\u009b', value: 1, unit: '个', comparator: 'AT_LEAST' }],
            }),
          },
          editor,
        ),
      'input.targets[0].indicator',
    );
    expect(await measureCount()).toBe(before);

    const region = await graphqlRequest(federation.gatewayUrl, '{ region(code: "440600") { name } }');
    expect(region.body).toEqual({
      data: { region: { name: '佛山市' } },
      extensions: { cost: { estimated: expect.any(Number), limit: 10_000 } },
    });
    const created = await graphqlRequest(federation.gatewayUrl, CREATE, { input: foshanEducationMeasure('县域高中扩容🎓') }, editor);
    expect(created.body.errors).toBeUndefined();
    expect(await measureCount()).toBe(before + 1);
  });
});

it('stays on when GATEWAY_LIMITS=false switches the limits off', async () => {
  withoutLimits = await startTestGateway(federation.supergraphPath, { GATEWAY_LIMITS: 'false', JWT_PUBLIC_KEY: issuer.publicKey });
  await expectRefused(() => graphqlRequest(withoutLimits!.url, SEARCH, { filter: { q: '\u0007' } }), 'filter.q');
});
