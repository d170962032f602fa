import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import type { DepartmentContext } from '@hkp/policy-model';
import { programmeSubgraph } from '@hkp/programme';
import { LoaderRegistry, type AuthInfo } from '@hkp/subgraph-kit';
import {
  createTestTokenIssuer,
  graphqlData,
  graphqlRequest,
  silentLogger,
  startIsolatedFederation,
  waitUntil,
  type IsolatedFederation,
} from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';

// A department's write reaches cross-department search at once: the catalog does not poll during
// the test, so only the department's nudge after commit can bring the measure in within seconds.
// Writes go through the commands layer with a constructed AuthInfo and the editor's token (the
// nudge forwards it: syncCatalog needs education:write); over HTTP an anonymous write is refused.

const EDITOR: AuthInfo = { authenticated: true, subject: 'editor@gdedu', scopes: new Set(['education:write']) };
const issuer = createTestTokenIssuer(EDITOR.subject!);

let federation: IsolatedFederation;
/** The editor's Authorization header, signed with the key the services trust. */
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
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

const SEARCH = `query Search($q: String!) {
  measures(filter: { q: $q }) {
    totalCount
    nodes { id title version department ... on EducationMeasure { stages pairedCounties } targets { id value observations { value observedOn } progress { latestValue ratio } } }
  }
}`;

/** Polls the search until `accept` says yes, within `deadlineMs`; returns how long it took. */
async function searchUntil(q: string, accept: (nodes: { id: string; version: number }[]) => boolean, deadlineMs: number): Promise<number> {
  const started = Date.now();
  let last: unknown;
  await waitUntil(
    async () => {
      const data = await ask<{ measures: { nodes: { id: string; version: number }[] } }>(SEARCH, { q });
      last = data;
      return accept(data.measures.nodes);
    },
    () => `search for ${q} to show the change: ${JSON.stringify(last)}`,
    { timeoutMs: deadlineMs, intervalMs: 50 },
  );
  return Date.now() - started;
}

beforeAll(async () => {
  federation = await startIsolatedFederation('department_writes_e2e', [civilAffairsSubgraph, programmeSubgraph, educationSubgraph], {
    trustedIssuer: issuer,
    env: QUIET_CATALOG_SYNC,
  });
  editorAuthorization = `Bearer ${await issuer.token([...EDITOR.scopes])}`;
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

it('finds a measure the department just created in cross-department search within 3 s', async () => {
  const title = `佛山市县域高中扩容提质专项行动 ${randomUUID().slice(0, 8)}`;
  const created = await educationWrites().create(
    EDITOR,
    foshanEducationMeasure(title, {
      targets: [{ indicator: '新增高中学位', value: 2, unit: '万个', year: 2026, comparator: 'AT_LEAST' }],
      stages: ['基础教育'],
    }),
  );
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
