import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { readJwtConfig, readSigningKey, signToken } from '@hkp/auth';
import type { DepartmentContext } from '@hkp/policy-model';
import { programmeSubgraph } from '@hkp/programme';
import { LoaderRegistry, type AuthInfo } from '@hkp/subgraph-kit';
import {
  createTestDatabase,
  graphqlRequest,
  silentLogger,
  startTestFederation,
  type TestDatabase,
  type TestFederation,
} from '@hkp/testing';

// A department's write reaches cross-department search at once: the catalog's own poll is set to a
// minute, so only the department's nudge after commit can bring the measure in within seconds.
// Writes go through the commands layer with a constructed AuthInfo and the editor's token (the
// nudge forwards it: syncCatalog needs education:write); over HTTP an anonymous write is refused.

const EDITOR: AuthInfo = { authenticated: true, subject: 'editor@gdedu', scopes: new Set(['education:write']) };

let db: TestDatabase;
let federation: TestFederation;
let savedInterval: string | undefined;
/** The editor's Authorization header, signed with the key the services trust (the development key here). */
let editorAuthorization: string;

function educationWrites() {
  const dataSource = federation.subgraphs['education']!.database.dataSource;
  const base = {
    requestId: `e2e-${randomUUID()}`,
    logger: silentLogger(),
    loaders: new LoaderRegistry(),
    auth: EDITOR,
    authorization: editorAuthorization,
  };
  return (educationSubgraph.createContext(dataSource, base) as DepartmentContext).measureWrites;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ask<T = any>(query: string, variables?: object): Promise<T> {
  const { status, body } = await graphqlRequest<T>(federation.gatewayUrl, query, variables);
  if (status !== 200 || body.errors?.length || !body.data)
    throw new Error(`${query}\nanswered ${status}: ${JSON.stringify(body.errors ?? body).slice(0, 2000)}`);
  return body.data;
}

const SEARCH = `query Search($q: String!) {
  measures(filter: { q: $q }) {
    totalCount
    nodes { id title version department ... on EducationMeasure { stages pairedCounties } targets { id value observations { value observedOn } progress { latestValue ratio } } }
  }
}`;

/** Polls the search until `accept` says yes, within `deadlineMs`; returns how long it took. */
async function searchUntil(q: string, accept: (nodes: { id: string; version: number }[]) => boolean, deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const data = await ask<{ measures: { nodes: { id: string; version: number }[] } }>(SEARCH, { q });
    if (accept(data.measures.nodes)) return Date.now() - started;
    if (Date.now() - started > deadlineMs)
      throw new Error(`search for ${q} did not show the change within ${deadlineMs} ms: ${JSON.stringify(data)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  savedInterval = process.env['CATALOG_SYNC_INTERVAL_MS'];
  process.env['CATALOG_SYNC_INTERVAL_MS'] = '60000';
  db = await createTestDatabase('department_writes_e2e');
  federation = await startTestFederation([civilAffairsSubgraph, programmeSubgraph, educationSubgraph], db.url);
  const { issuer, audience } = readJwtConfig(process.env);
  const claims = { subject: EDITOR.subject!, scopes: [...EDITOR.scopes], ttlSeconds: 600, issuer, audience };
  editorAuthorization = `Bearer ${await signToken(claims, readSigningKey())}`;
}, 180_000);

afterAll(async () => {
  await federation?.stop();
  await db?.drop();
  if (savedInterval === undefined) delete process.env['CATALOG_SYNC_INTERVAL_MS'];
  else process.env['CATALOG_SYNC_INTERVAL_MS'] = savedInterval;
});

it('finds a measure the department just created in cross-department search within 3 s', async () => {
  const title = `佛山市县域高中扩容提质专项行动 ${randomUUID().slice(0, 8)}`;
  const created = await educationWrites().create(EDITOR, {
    title,
    level: 'CITY',
    issuer: '佛山市教育局',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    regionCodes: ['440600'],
    targets: [{ indicator: '新增高中学位', value: 2, unit: '万个', year: 2026, comparator: 'AT_LEAST' }],
    stages: ['基础教育'],
  });
  expect(created.catalogUpdated).toBe(true);
  const tookMs = await searchUntil(title, (nodes) => nodes.some((n) => n.id === created.measure.id), 3000);
  expect(tookMs).toBeLessThan(3000);

  const found = await ask(SEARCH, { q: title });
  expect(found.measures.nodes).toEqual([
    {
      id: created.measure.id,
      title,
      version: 1,
      department: 'EDUCATION',
      stages: ['基础教育'],
      pairedCounties: null,
      targets: [{ id: `${created.measure.id}:t1`, value: 2, observations: [], progress: null }],
    },
  ]);

  // An observation and an update travel the same way.
  await educationWrites().recordObservation(EDITOR, `${created.measure.id}:t1`, { value: 1.5, observedOn: '2025-09' });
  await educationWrites().update(EDITOR, created.measure.id, 2, { pairedCounties: 5 });
  await searchUntil(title, (nodes) => nodes.some((n) => n.version === 3), 3000);
  const updated = await ask(SEARCH, { q: title });
  expect(updated.measures.nodes[0]).toMatchObject({
    version: 3,
    pairedCounties: 5,
    targets: [{ observations: [{ value: 1.5, observedOn: '2025-09' }], progress: { latestValue: 1.5, ratio: 0.75 } }],
  });

  // Archived: gone from search as quickly.
  await educationWrites().archive(EDITOR, created.measure.id, 3);
  await searchUntil(title, (nodes) => nodes.length === 0, 3000);
});

it('refuses an anonymous write through the gateway with UNAUTHENTICATED', async () => {
  const { body } = await graphqlRequest(
    federation.gatewayUrl,
    `mutation { createEducationMeasure(input: { title: "x", level: CITY, issuer: "x", responsibleBody: "x", category: "EDUCATION", regionCodes: ["440600"] }) { version } }`,
  );
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});

it('keeps the nudge out of the public graph', async () => {
  const { body } = await graphqlRequest(federation.gatewayUrl, `mutation { syncCatalog(source: "education") }`);
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.message).toMatch(/syncCatalog/);
});
