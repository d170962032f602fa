import { randomUUID } from 'node:crypto';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  requireData,
  startIsolatedFederation,
  type GraphQLHttpResponse,
  type IsolatedFederation,
} from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import { DEFAULT_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

// The partner API's "done means": a partner writes education measures through the real gateway,
// over HTTP, with tokens signed here by a key the gateway and every subgraph trust; all six
// subgraphs run, and the catalog keeps its default sync interval, so "found at once" means the
// write's own nudge, not a lucky poll.

// ---------------------------------------------------------------------------------------------
// Keys and tokens

const issuer = createTestTokenIssuer('partner-edu');

// Each caller has a subject of its own (the rate limit counts by subject).
let partner: string; // education:write
let healthPartner: string; // health:write
let admin: string; // admin
let forged: string; // education:write + admin, signed by another key
let expired: string; // education:write, expired two minutes ago

// ---------------------------------------------------------------------------------------------
// The federation

let federation: IsolatedFederation;

beforeAll(async () => {
  [partner, healthPartner, admin, expired] = await Promise.all([
    issuer.token(['education:write']),
    issuer.token(['health:write'], { subject: 'partner-health' }),
    issuer.token(['admin'], { subject: 'command-office' }),
    issuer.token(['education:write'], { subject: 'partner-late', ttlSeconds: -120 }),
  ]);
  forged = await issuer.forged(['education:write', 'admin'], { subject: 'intruder' });
  federation = await startIsolatedFederation('partner_writes_e2e', ALL_SUBGRAPHS, { trustedIssuer: issuer, env: DEFAULT_CATALOG_SYNC });
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

// ---------------------------------------------------------------------------------------------
// No internals in errors

let errorResponsesChecked = 0;

function hostsOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    return [parsed.host, `${parsed.hostname === '127.0.0.1' ? 'localhost' : parsed.hostname}:${parsed.port}`].filter(
      (h) => !h.endsWith(':'),
    );
  } catch {
    return [];
  }
}

const LEAKS: [string, RegExp][] = [
  ['a stack trace', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/)?[^\s()"]*:\d+:\d+\)?/],
  ['a stack trace', /"(?:stack|stacktrace|originalError)"/i],
  ['a file path', /node_modules|(?:\/[\w.@-]+)+\.(?:[cm]?[jt]s|tsx?|json)\b|[A-Za-z]:\\\\[\w\\]/],
  ['SQL', /\b(?:SELECT\b[\s\S]{0,200}\bFROM|INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM|ON\s+CONFLICT|RETURNING\s+\w+)\b/],
  [
    'a database error',
    /QueryFailedError|duplicate key value|violates (?:unique|foreign key|not-null|check) constraint|relation "|syntax error at or near|\bpg_\w+|typeorm|SQLSTATE|\b23505\b/i,
  ],
  ['an internal URL', /(?:https?|postgres(?:ql)?):\/\/|\b(?:127\.0\.0\.1|localhost|0\.0\.0\.0)(?::\d+)?\b|\[::1\]/i],
];

/** The body of an error response names no stack frame, file, SQL statement, database error or internal address. */
function expectNoInternals(response: GraphQLHttpResponse): void {
  const text = JSON.stringify(response.body);
  const found = LEAKS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
  const internalHosts = [
    ...hostsOf(federation.gatewayUrl),
    ...Object.values(federation.subgraphs).flatMap((s) => hostsOf(s.url)),
    ...hostsOf(federation.database.url),
    ...hostsOf(process.env['TEST_DATABASE_URL']),
  ];
  for (const host of internalHosts) if (text.includes(host)) found.push(`the internal address ${host}`);
  if (text.includes(workspaceRoot())) found.push('the workspace path');
  expect({ leaks: found, body: text.slice(0, 2000) }).toEqual({ leaks: [], body: text.slice(0, 2000) });
  errorResponsesChecked += 1;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** One request through the gateway; every answer with errors is checked for internals. */
async function send(query: string, variables: object, token?: string): Promise<GraphQLHttpResponse> {
  const response = await graphqlRequest(federation.gatewayUrl, query, variables, bearerHeaders(token));
  if (response.status !== 200 || (response.body.errors?.length ?? 0) > 0) expectNoInternals(response);
  return response;
}

/** The data of a request that must succeed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ok<T = any>(query: string, variables: object, token?: string): Promise<T> {
  return requireData<T>(await send(query, variables, token), query);
}

const codesOf = (response: GraphQLHttpResponse) => (response.body.errors ?? []).map((e) => e.extensions?.code);

/** A refusal by the gateway: the HTTP status, exactly one error with `code`, no data. */
function expectRefused(response: GraphQLHttpResponse, code: 'UNAUTHENTICATED' | 'FORBIDDEN'): void {
  expect({ status: response.status, codes: codesOf(response) }).toEqual({ status: code === 'UNAUTHENTICATED' ? 401 : 403, codes: [code] });
  expect(response.body.data ?? null).toBeNull();
}

/** The only error of an answer, which must have `code`. */
function onlyError(response: GraphQLHttpResponse, code: string) {
  expect({ status: response.status, codes: codesOf(response) }).toEqual({ status: 200, codes: [code] });
  return response.body.errors![0]!;
}

const RESULT = 'version archived replayed catalogUpdated measure { id stages pairedCounties }';
const CREATE = `mutation Create($input: CreateEducationMeasureInput!, $key: String) {
  createEducationMeasure(input: $input, idempotencyKey: $key) { ${RESULT} }
}`;
const UPDATE = `mutation Update($id: ID!, $expectedVersion: Int!, $input: UpdateEducationMeasureInput!) {
  updateEducationMeasure(id: $id, expectedVersion: $expectedVersion, input: $input) { ${RESULT} }
}`;
const ARCHIVE = `mutation Archive($id: ID!, $expectedVersion: Int!) {
  archiveEducationMeasure(id: $id, expectedVersion: $expectedVersion) { ${RESULT} }
}`;
const OBSERVE = `mutation Observe($targetId: ID!, $input: TargetObservationInput!) {
  recordEducationMeasureTargetObservation(targetId: $targetId, input: $input) { ${RESULT} observation { targetId value observedOn } }
}`;
const AUDIT = `query Audit($id: ID!) {
  educationMeasureAudit(id: $id) { id action version actor scopes changes { field before after } }
}`;
const SEARCH = `query Search($q: String!) {
  measures(filter: { q: $q }) { totalCount nodes { id title originalTitle version department } }
}`;
const MEASURE = `query Measure($id: ID!) {
  measure(id: $id) {
    id title originalTitle version department
    ... on EducationMeasure { stages pairedCounties }
    targets { id indicator value observations { value observedOn } progress { latestValue observedOn ratio } }
  }
}`;

interface MutationResult {
  version: number;
  archived: boolean;
  replayed: boolean;
  catalogUpdated: boolean;
  measure: { id: string; stages: string[] | null; pairedCounties: number | null };
  observation?: { targetId: string; value: number; observedOn: string } | null;
}
interface SearchResult {
  measures: { totalCount: number; nodes: { id: string; title: string; originalTitle: string; version: number; department: string }[] };
}
interface MeasureView {
  id: string;
  title: string;
  originalTitle: string;
  version: number;
  department: string;
  stages: string[] | null;
  pairedCounties: number | null;
  targets: {
    id: string;
    indicator: string;
    value: number;
    observations: { value: number; observedOn: string }[];
    progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
  }[];
}
interface AuditEntry {
  id: string;
  action: 'CREATE' | 'UPDATE' | 'ARCHIVE' | 'OBSERVE';
  version: number;
  actor: string;
  scopes: string[];
  changes: { field: string; before: string | null; after: string | null }[];
}

const search = (q: string) => ok<SearchResult>(SEARCH, { q }).then((data) => data.measures);
const measureById = (id: string) => ok<{ measure: MeasureView | null }>(MEASURE, { id }).then((data) => data.measure);
const auditOf = (id: string) =>
  ok<{ educationMeasureAudit: AuditEntry[] }>(AUDIT, { id }, partner).then((data) => data.educationMeasureAudit);

async function create(input: object, token = partner, key?: string): Promise<MutationResult> {
  return (await ok<{ createEducationMeasure: MutationResult }>(CREATE, { input, key }, token)).createEducationMeasure;
}

/** A unique, lower-case ASCII suffix, so that each test's titles match only its own measures. */
const unique = () => `${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 6)}`;

/** An education measure as a partner sends it; the title as published (Traditional). */
function educationInput(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return foshanEducationMeasure(title, {
    targets: [{ indicator: '新增高中學位', value: 2, unit: '萬個', year: 2026, comparator: 'AT_LEAST' }],
    stages: ['基础教育'],
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// 1. The partner's whole round

describe('a partner with education:write', () => {
  it('creates, finds at once (Simplified and Traditional), updates, observes, audits and archives a measure', async () => {
    const suffix = unique();
    const traditional = `測試教育措施${suffix}`;
    const simplified = `测试教育措施${suffix}`;

    // Create: found in the first search after the mutation returns.
    const created = await create(educationInput(traditional));
    expect(created).toMatchObject({
      version: 1,
      archived: false,
      replayed: false,
      catalogUpdated: true,
      measure: { stages: ['基础教育'], pairedCounties: null },
    });
    const id = created.measure.id;
    expect(id).toMatch(/^education-/);

    const bySimplified = await search(simplified);
    expect(bySimplified).toEqual({
      totalCount: 1,
      nodes: [{ id, title: simplified, originalTitle: traditional, version: 1, department: 'EDUCATION' }],
    });
    expect(await search(traditional)).toEqual(bySimplified);

    const fresh = await measureById(id);
    expect(fresh).toMatchObject({ id, version: 1, title: simplified, originalTitle: traditional, stages: ['基础教育'] });
    expect(fresh!.targets).toEqual([{ id: `${id}:t1`, indicator: '新增高中学位', value: 2, observations: [], progress: null }]);

    // Update with the version read: the version increases, search shows the new title at once.
    const newTraditional = `測試教育措施${suffix}修訂版`;
    const newSimplified = `测试教育措施${suffix}修订版`;
    const updated = (
      await ok<{ updateEducationMeasure: MutationResult }>(
        UPDATE,
        { id, expectedVersion: 1, input: { title: newTraditional, pairedCounties: 12 } },
        partner,
      )
    ).updateEducationMeasure;
    expect(updated).toMatchObject({
      version: 2,
      archived: false,
      replayed: false,
      catalogUpdated: true,
      measure: { id, pairedCounties: 12 },
    });
    expect(await search(newSimplified)).toEqual({
      totalCount: 1,
      nodes: [{ id, title: newSimplified, originalTitle: newTraditional, version: 2, department: 'EDUCATION' }],
    });
    expect((await search(simplified)).nodes.map((n) => [n.id, n.title])).toEqual([[id, newSimplified]]);

    // A target observation: Target.progress through measure(id).
    const observed = (
      await ok<{ recordEducationMeasureTargetObservation: MutationResult }>(
        OBSERVE,
        { targetId: `${id}:t1`, input: { value: 1.5, observedOn: '2025-09' } },
        partner,
      )
    ).recordEducationMeasureTargetObservation;
    expect(observed).toMatchObject({
      version: 3,
      catalogUpdated: true,
      observation: { targetId: `${id}:t1`, value: 1.5, observedOn: '2025-09' },
    });
    const withProgress = await measureById(id);
    expect(withProgress).toMatchObject({ version: 3, title: newSimplified, pairedCounties: 12 });
    expect(withProgress!.targets).toEqual([
      {
        id: `${id}:t1`,
        indicator: '新增高中学位',
        value: 2,
        observations: [{ value: 1.5, observedOn: '2025-09' }],
        progress: { latestValue: 1.5, observedOn: '2025-09', ratio: 0.75 },
      },
    ]);

    // The audit trail: who did what, with which scopes.
    const trail = await auditOf(id);
    expect(trail.map((e) => [e.action, e.version, e.actor, e.scopes])).toEqual([
      ['CREATE', 1, 'partner-edu', ['education:write']],
      ['UPDATE', 2, 'partner-edu', ['education:write']],
      ['OBSERVE', 3, 'partner-edu', ['education:write']],
    ]);
    const titleChange = trail[1]!.changes.find((c) => c.field === 'title');
    expect(titleChange).toEqual({ field: 'title', before: JSON.stringify(traditional), after: JSON.stringify(newTraditional) });
    expect(trail[1]!.changes.map((c) => c.field).sort()).toEqual(['pairedCounties', 'title']);

    // Archive: gone from search at once.
    const archived = (await ok<{ archiveEducationMeasure: MutationResult }>(ARCHIVE, { id, expectedVersion: 3 }, partner))
      .archiveEducationMeasure;
    expect(archived).toMatchObject({ version: 4, archived: true, catalogUpdated: true });
    expect(await search(newSimplified)).toEqual({ totalCount: 0, nodes: [] });
    expect(await search(newTraditional)).toEqual({ totalCount: 0, nodes: [] });
    // Still readable by id, marked archived, so a partner following the feed learns what happened.
    const byId = await send('query($id: ID!) { measure(id: $id) { id version archived } }', { id }, partner);
    expect(byId.body.data).toEqual({ measure: { id, version: 4, archived: true } });
    expect((await auditOf(id)).map((e) => [e.action, e.version])).toEqual([
      ['CREATE', 1],
      ['UPDATE', 2],
      ['OBSERVE', 3],
      ['ARCHIVE', 4],
    ]);

    // An archived measure can no longer be changed.
    const again = await send(UPDATE, { id, expectedVersion: 4, input: { pairedCounties: 1 } }, partner);
    expect(onlyError(again, 'CONFLICT').extensions).toMatchObject({
      code: 'CONFLICT',
      currentVersion: 4,
      archived: true,
      serviceName: 'education',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Nobody without the scope

describe('callers without the scope', () => {
  let id: string;
  let suffix: string;
  let state: { version: number; title: string; originalTitle: string; pairedCounties: number | null };

  const current = async () => {
    const measure = await measureById(id);
    return {
      version: measure!.version,
      title: measure!.title,
      originalTitle: measure!.originalTitle,
      pairedCounties: measure!.pairedCounties,
    };
  };

  beforeAll(async () => {
    suffix = unique();
    const created = await create(educationInput(`測試權限措施${suffix}`));
    id = created.measure.id;
    state = await current();
    expect(state).toEqual({ version: 1, title: `测试权限措施${suffix}`, originalTitle: `測試權限措施${suffix}`, pairedCounties: null });
  });

  const attempts = () => [
    { name: 'createEducationMeasure', query: CREATE, variables: { input: educationInput(`測試越權新建${suffix}`) } },
    {
      name: 'updateEducationMeasure',
      query: UPDATE,
      variables: { id, expectedVersion: state.version, input: { title: `測試越權修改${suffix}`, pairedCounties: 99 } },
    },
    { name: 'archiveEducationMeasure', query: ARCHIVE, variables: { id, expectedVersion: state.version } },
    {
      name: 'recordEducationMeasureTargetObservation',
      query: OBSERVE,
      variables: { targetId: `${id}:t1`, input: { value: 9, observedOn: '2025-10' } },
    },
    { name: 'educationMeasureAudit', query: AUDIT, variables: { id } },
  ];

  const callers: [string, () => string | undefined, 'UNAUTHENTICATED' | 'FORBIDDEN'][] = [
    ['anonymous', () => undefined, 'UNAUTHENTICATED'],
    ['a health:write token', () => healthPartner, 'FORBIDDEN'],
    ['a forged token (signed by another key)', () => forged, 'UNAUTHENTICATED'],
    ['an expired token', () => expired, 'UNAUTHENTICATED'],
  ];

  it.each(callers)('refuses %s, and the measure stays as it was', async (_who, token, code) => {
    for (const attempt of attempts()) {
      const response = await send(attempt.query, attempt.variables, token());
      expectRefused(response, code);
      if (code === 'FORBIDDEN') expect(response.body.errors![0]!.message).toMatch(new RegExp(`${attempt.name}.*education:write`));
      expect(await current()).toEqual(state);
    }
    // Nothing was created by the refused create.
    expect(await search(`测试越权新建${suffix}`)).toEqual({ totalCount: 0, nodes: [] });
  });

  it('lets an admin token create and update', async () => {
    const made = await create(educationInput(`測試管理員新建${suffix}`), admin);
    expect(made).toMatchObject({ version: 1, catalogUpdated: true });
    expect((await search(`测试管理员新建${suffix}`)).nodes.map((n) => n.id)).toEqual([made.measure.id]);

    const updated = (
      await ok<{ updateEducationMeasure: MutationResult }>(UPDATE, { id, expectedVersion: 1, input: { pairedCounties: 7 } }, admin)
    ).updateEducationMeasure;
    expect(updated).toMatchObject({ version: 2, catalogUpdated: true, measure: { id, pairedCounties: 7 } });
    expect(await current()).toEqual({ ...state, version: 2, pairedCounties: 7 });
    const trail = await ok<{ educationMeasureAudit: AuditEntry[] }>(AUDIT, { id }, admin);
    expect(trail.educationMeasureAudit.map((e) => [e.action, e.version, e.actor, e.scopes])).toEqual([
      ['CREATE', 1, 'partner-edu', ['education:write']],
      ['UPDATE', 2, 'command-office', expect.arrayContaining(['admin'])],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Many concurrent writers

describe('concurrent writers', () => {
  it('lets exactly one of 15 updates with the same expectedVersion win; the others get CONFLICT with currentVersion', async () => {
    const suffix = unique();
    const { measure } = await create(educationInput(`測試並發措施${suffix}`));
    const id = measure.id;
    const writers = Array.from({ length: 15 }, (_, i) => ({ title: `測試並發措施${suffix}寫者${i}`, pairedCounties: 100 + i }));

    const responses = await Promise.all(writers.map((input) => send(UPDATE, { id, expectedVersion: 1, input }, partner)));

    const winners = responses.flatMap((response, i) => (response.body.data?.updateEducationMeasure ? [i] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect(responses[winner]!.body.errors).toBeUndefined();
    expect(responses[winner]!.body.data.updateEducationMeasure).toMatchObject({
      version: 2,
      catalogUpdated: true,
      measure: { id, pairedCounties: 100 + winner },
    });
    for (const [i, response] of responses.entries()) {
      if (i === winner) continue;
      expect(onlyError(response, 'CONFLICT').extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2, serviceName: 'education' });
      expect(response.body.data ?? null).toBeNull();
    }

    // The final state is the winner's input, and the audit has exactly one UPDATE for the round.
    const final = await measureById(id);
    expect(final).toMatchObject({
      version: 2,
      title: `测试并发措施${suffix}写者${winner}`,
      originalTitle: writers[winner]!.title,
      pairedCounties: 100 + winner,
    });
    const trail = await auditOf(id);
    expect(trail.map((e) => [e.action, e.version])).toEqual([
      ['CREATE', 1],
      ['UPDATE', 2],
    ]);
    expect(trail[1]!.changes.find((c) => c.field === 'title')?.after).toBe(JSON.stringify(writers[winner]!.title));

    // Nothing is lost: a follow-up with the current version succeeds.
    const next = (
      await ok<{ updateEducationMeasure: MutationResult }>(
        UPDATE,
        { id, expectedVersion: 2, input: { stages: ['基础教育', '职业教育'] } },
        partner,
      )
    ).updateEducationMeasure;
    expect(next).toMatchObject({ version: 3, measure: { id, stages: ['基础教育', '职业教育'], pairedCounties: 100 + winner } });
    expect(await measureById(id)).toMatchObject({
      version: 3,
      title: `测试并发措施${suffix}写者${winner}`,
      stages: ['基础教育', '职业教育'],
    });
    expect((await auditOf(id)).filter((e) => e.action === 'UPDATE').map((e) => e.version)).toEqual([2, 3]);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Idempotency

describe('idempotencyKey', () => {
  it('answers the same create twice with the same measure, and once only', async () => {
    const suffix = unique();
    const input = educationInput(`測試冪等措施${suffix}`);
    const key = randomUUID();
    const first = await create(input, partner, key);
    const second = await create(input, partner, key);
    expect(first).toMatchObject({ version: 1, replayed: false });
    expect(second).toMatchObject({ version: 1, replayed: true, measure: { id: first.measure.id } });
    expect(await search(`测试幂等措施${suffix}`)).toMatchObject({ totalCount: 1, nodes: [{ id: first.measure.id }] });
  });

  it('answers 5 concurrent creates with one key with one measure', async () => {
    const suffix = unique();
    const input = educationInput(`測試併發冪等措施${suffix}`);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => create(input, partner, key)));
    const ids = new Set(results.map((r) => r.measure.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.version === 1)).toBe(true);
    const found = await search(`测试并发幂等措施${suffix}`);
    expect(found).toMatchObject({ totalCount: 1, nodes: [{ id: [...ids][0] }] });
    expect((await auditOf([...ids][0]!)).map((e) => e.action)).toEqual(['CREATE']);

    // A sixth, sequential retry still answers the same measure.
    expect((await create(input, partner, key)).measure.id).toBe([...ids][0]);
  });

  it('refuses the same key with a different input with CONFLICT, and creates nothing', async () => {
    const suffix = unique();
    const key = randomUUID();
    const first = await create(educationInput(`測試冪等衝突${suffix}`), partner, key);
    const response = await send(CREATE, { input: educationInput(`測試冪等衝突${suffix}另一個`), key }, partner);
    expect(onlyError(response, 'CONFLICT').extensions).toMatchObject({
      code: 'CONFLICT',
      measureId: first.measure.id,
      serviceName: 'education',
    });
    expect(response.body.data ?? null).toBeNull();
    expect(await search(`测试幂等冲突${suffix}另一个`)).toEqual({ totalCount: 0, nodes: [] });
    expect(await search(`测试幂等冲突${suffix}`)).toMatchObject({ totalCount: 1, nodes: [{ id: first.measure.id }] });
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Validation

describe('bad input', () => {
  const fieldsOf = (response: GraphQLHttpResponse) => {
    const error = onlyError(response, 'BAD_USER_INPUT');
    expect(response.body.data ?? null).toBeNull();
    const fields = error.extensions?.['fields'] as { path: string; message: string }[] | undefined;
    expect(Array.isArray(fields)).toBe(true);
    for (const field of fields!) expect(typeof field.message).toBe('string');
    return fields!.map((f) => f.path).sort();
  };

  it('answers BAD_USER_INPUT naming each field, and creates nothing', async () => {
    const suffix = unique();
    const marker = `測試驗證指標${suffix}`;
    const input = educationInput('', {
      regionCodes: ['abc'],
      targets: [{ indicator: marker, value: 2, unit: '萬個', year: 3000, comparator: 'AT_LEAST' }],
    });
    const response = await send(CREATE, { input }, partner);
    expect(fieldsOf(response)).toEqual(['input.regionCodes.0', 'input.targets.0.year', 'input.title']);
    expect(await search(marker)).toEqual({ totalCount: 0, nodes: [] });
  });

  it('answers each bad field alone with its path, and creates nothing', async () => {
    const suffix = unique();
    const title = `測試驗證措施${suffix}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '   ' }, 'input.title'],
      [{ regionCodes: ['abc'] }, 'input.regionCodes.0'],
      [{ targets: [{ indicator: '新增高中學位', value: 2, unit: '萬個', year: 3000 }] }, 'input.targets.0.year'],
      [
        { targets: [{ indicator: '新增高中學位', value: 2, unit: '萬個', year: 2026, baseline: { value: 1, year: 1800 } }] },
        'input.targets.0.baseline.year',
      ],
      [{ publishedOn: '2025-02-30' }, 'input.publishedOn'],
    ];
    for (const [extra, path] of cases) {
      expect(fieldsOf(await send(CREATE, { input: educationInput(title, extra) }, partner))).toEqual([path]);
    }
    expect(await search(title)).toEqual({ totalCount: 0, nodes: [] });
  });

  // JSON has no NaN or Infinity, and GraphQL's Float refuses them (and null for Float!) while
  // coercing variables, at the gateway, before the department's validation could see them.
  const nonFiniteValues: unknown[] = ['NaN', 'Infinity', '-Infinity', null];
  const sendNonFinite = (title: string, value: unknown) =>
    send(CREATE, { input: educationInput(title, { targets: [{ indicator: '新增高中學位', value, unit: '萬個', year: 2026 }] }) }, partner);

  it('refuses a target value that is not a finite number before anything runs, naming the field', async () => {
    const title = `測試非數值措施${unique()}`;
    for (const value of nonFiniteValues) {
      const response = await sendNonFinite(title, value);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0]!.message).toContain('input.targets[0].value');
    }
    expect(await search(title)).toEqual({ totalCount: 0, nodes: [] });
  });

  // Known gap (reported): these refusals come back HTTP 200 with no data and no extensions.code,
  // against docs/errors.md ("every error … has a stable code"; refused requests are 4xx) and the
  // GraphQL-over-HTTP rule for application/graphql-response+json. Passes while the gap exists;
  // when it is fixed, Jest reports this test and it should become a plain `it`.
  it('answers a non-finite target value with a stable code and a 4xx status', async () => {
    const response = await sendNonFinite(`測試非數值措施${unique()}`, 'NaN');
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a bad update with the field paths, and leaves the measure unchanged', async () => {
    const suffix = unique();
    const { measure } = await create(educationInput(`測試驗證修改${suffix}`));
    const before = await measureById(measure.id);
    const response = await send(
      UPDATE,
      {
        id: measure.id,
        expectedVersion: 1,
        input: { title: '', regionCodes: ['abc'], targets: [{ indicator: 'x', value: 1, unit: '%', year: 3000 }] },
      },
      partner,
    );
    expect(fieldsOf(response)).toEqual(['input.regionCodes.0', 'input.targets.0.year', 'input.title']);
    expect(await measureById(measure.id)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. No internals

describe('error responses', () => {
  it('were each checked for stack traces, SQL, file paths and internal URLs', () => {
    // 1 + 4 callers × 5 attempts + 14 conflicts + 1 idempotency conflict + 12 validation answers at least.
    expect(errorResponsesChecked).toBeGreaterThanOrEqual(45);
  });

  it('the check itself catches each kind of leak', () => {
    const leaky = (message: string): GraphQLHttpResponse => ({ status: 200, body: { errors: [{ message }] }, headers: new Headers() });
    const samples = [
      'Error: boom\n    at MeasureCommands.update (/srv/app/libs/measure-commands.ts:12:3)',
      'QueryFailedError: duplicate key value violates unique constraint "idempotency_keys_pkey"',
      'SELECT request_hash, measure_id FROM idempotency_keys WHERE actor = $1',
      'connect ECONNREFUSED http://10.0.0.7:4003/graphql',
      `cannot reach ${federation.subgraphs['education']!.url}`,
      'failed in /work/node_modules/typeorm/index.js',
    ];
    for (const sample of samples) {
      const before = errorResponsesChecked;
      expect(() => expectNoInternals(leaky(sample))).toThrow();
      errorResponsesChecked = before;
    }
  });
});
