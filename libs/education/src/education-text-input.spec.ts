import type { DataSource } from 'typeorm';
import { readJwtConfig, readSigningKey, signToken } from '@hkp/auth';
import type { StartedSubgraph } from '@hkp/subgraph-kit';
import { graphqlRequest, startIsolatedSubgraph, type GraphQLHttpResponse, type IsolatedSubgraph } from '@hkp/testing';
import { educationSubgraph } from './education.subgraph';

// A department's service reached directly (not through the gateway) refuses control characters and
// unpaired surrogates in its inputs before any resolver runs: 400 BAD_USER_INPUT naming the input,
// never an internal error from PostgreSQL, and nothing written.

let isolated: IsolatedSubgraph;
let subgraph: StartedSubgraph;
let dataSource: DataSource;
let editor: Record<string, string>;

beforeAll(async () => {
  isolated = await startIsolatedSubgraph(educationSubgraph, 'education_text_input');
  subgraph = isolated.subgraph;
  dataSource = subgraph.database.dataSource;
  const { issuer, audience } = readJwtConfig(process.env);
  const token = await signToken(
    { subject: 'editor@gdedu', scopes: ['education:write'], ttlSeconds: 600, issuer, audience },
    readSigningKey(),
  );
  editor = { authorization: `Bearer ${token}` };
}, 120_000);

afterAll(() => isolated?.stop());

const CREATE = `mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { measure { id } } }`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    title: '县域普通高中振兴行动',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    regionCodes: ['440000'],
    ...overrides,
  };
}

async function measureCount(): Promise<number> {
  const [row] = (await dataSource.query('SELECT count(*)::int AS n FROM measures')) as { n: number }[];
  return row!.n;
}

function expectRefused(answer: GraphQLHttpResponse, field: string): void {
  expect(answer.status).toBe(400);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(JSON.stringify(answer.body)).not.toContain('INTERNAL_SERVER_ERROR');
}

it('refuses a write with NUL in a title given in a variable, and writes nothing', async () => {
  const before = await measureCount();
  const answer = await graphqlRequest(subgraph.url, CREATE, { input: input({ title: '县域\u0000高中' }) }, editor);
  expectRefused(answer, 'input.title');
  expect(answer.body.errors![0]!.message).toMatch(
    /^The variable \$input at input\.title contains the control character U\+0000 at character 3\./,
  );
  expect(await measureCount()).toBe(before);
});

it('refuses a write with a C1 control character in a literal list item', async () => {
  const before = await measureCount();
  const literal = String.raw`mutation { createEducationMeasure(input: { title: "标题", level: PROVINCE, issuer: "教育厅", responsibleBody: "教育厅", category: "EDUCATION", regionCodes: ["440000"], points: ["第一条", "第二条\u0085"] }) { measure { id } } }`;
  expectRefused(await graphqlRequest(subgraph.url, literal, undefined, editor), 'input.points[1]');
  expect(await measureCount()).toBe(before);
});

it('refuses reads with a control character or an unpaired surrogate in their arguments', async () => {
  expectRefused(
    await graphqlRequest(subgraph.url, String.raw`{ educationMeasures(regionCode: "4406\u0000") { totalCount } }`),
    'regionCode',
  );
  expectRefused(
    await graphqlRequest(subgraph.url, 'query ($after: String) { educationMeasures(after: $after) { totalCount } }', {
      after: 'abc\ud800',
    }),
    'after',
  );
});

it('stores multi-line text, Chinese and emoji as sent', async () => {
  const points = ['第一条：扩大学位供给\n第二条：提升质量', '🎓 百校联百县'];
  const answer = await graphqlRequest(subgraph.url, CREATE, { input: input({ title: '縣域高中🎓行動', points }) }, editor);
  expect(answer.body.errors).toBeUndefined();
  const [row] = await dataSource.query('SELECT original_title, points FROM measures WHERE id = $1', [
    answer.body.data.createEducationMeasure.measure.id,
  ]);
  expect(row).toEqual({ original_title: '縣域高中🎓行動', points });
});
