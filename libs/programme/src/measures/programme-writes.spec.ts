import type { DataSource } from 'typeorm';
import { envPrefixOf, FEEDING_DEPARTMENTS } from '@hkp/departments';
import type { MeasureCommands } from '@hkp/policy-model';
import { LoaderRegistry, type AuthInfo, type StartedSubgraph } from '@hkp/subgraph-kit';
import {
  createTestDatabase,
  createTestTokenIssuer,
  graphqlRequest,
  silentLogger,
  startTestSubgraph,
  type TestDatabase,
} from '@hkp/testing';
import { targetProgress } from '../catalog/catalog-row';
import type { CatalogSyncContext } from '../catalog/catalog-sync.resolver';
import { TargetComparator } from '../catalog/policy-measure.type';
import type { ProgrammeContext } from '../programme.context';
import { programmeSubgraph } from '../programme.subgraph';

// The command office writes its own measures with the departments' commands; its catalog is in
// the same service, so a write drains the programme feed in process and is searchable at once.

const OFFICE: AuthInfo = { authenticated: true, subject: 'office@bqw', scopes: new Set(['programme:write']) };

let db: TestDatabase;
let subgraph: StartedSubgraph;
let dataSource: DataSource;
const saved = new Map<string, string | undefined>();
const tokens = createTestTokenIssuer('office@bqw');

function contextFor(auth: AuthInfo): ProgrammeContext & { measureWrites: MeasureCommands } {
  return programmeSubgraph.createContext(dataSource, {
    requestId: 'test',
    logger: silentLogger(),
    loaders: new LoaderRegistry(),
    auth,
  }) as ProgrammeContext & {
    measureWrites: MeasureCommands;
  };
}

beforeAll(async () => {
  // Only a nudge can bring a change into the catalog within this test; departments are not running.
  for (const [name, value] of Object.entries({
    CATALOG_SYNC_INTERVAL_MS: '600000',
    ...Object.fromEntries(FEEDING_DEPARTMENTS.map((d) => [`${envPrefixOf(d.name)}_URL`, 'http://127.0.0.1:9/graphql'])),
    JWT_PUBLIC_KEY: tokens.publicKey,
  })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  db = await createTestDatabase('programme_writes');
  subgraph = await startTestSubgraph(programmeSubgraph, db.url);
  dataSource = subgraph.database.dataSource;
}, 120_000);

afterAll(async () => {
  await subgraph?.stop();
  await db?.drop();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('puts a measure the office creates into the catalog before the write answers', async () => {
  const context = contextFor(OFFICE);
  const created = await context.measureWrites.create(OFFICE, {
    title: '韶关市推进“百千万工程”城乡区域协调发展实施方案',
    level: 'CITY',
    issuer: '韶关市',
    responsibleBody: '韶关市委 市政府',
    category: 'CITY_PLAN',
    regionCodes: ['440200'],
    targets: [{ indicator: '常住人口城镇化率', value: 60, unit: '%', year: 2027, comparator: 'AT_LEAST' }],
    leadDepartment: '省发展改革委',
  });
  expect(created.catalogUpdated).toBe(true);
  const inCatalog = await contextFor(OFFICE).catalog.byId(created.measure.id);
  expect(inCatalog).toMatchObject({ title: '韶关市推进“百千万工程”城乡区域协调发展实施方案', department: 'PROGRAMME', version: 1 });

  const targetId = created.snapshot.targets[0]!.id;
  const observed = await contextFor(OFFICE).measureWrites.recordObservation(OFFICE, targetId, { value: 57.3, observedOn: '2024' });
  expect(observed.catalogUpdated).toBe(true);
  const after = await contextFor(OFFICE).catalog.byId(created.measure.id);
  expect(after?.version).toBe(2);
  expect(after?.targets[0]).toMatchObject({
    observations: [expect.objectContaining({ value: 57.3, observedOn: '2024', targetId })],
    progress: { latestValue: 57.3, observedOn: '2024', ratio: 57.3 / 60 },
  });
});

it("exposes the nudge as syncCatalog (hidden from the public graph), for the feed's write scope or admin, and refuses an unknown feed", async () => {
  const as = async (scopes: string[]) => ({ authorization: `Bearer ${await tokens.token(scopes)}` });
  const sync = async (source: string, headers?: Record<string, string>) =>
    (await graphqlRequest(subgraph.url, `mutation { syncCatalog(source: "${source}") }`, undefined, headers)).body;
  const ok = await sync('programme', await as(['programme:write']));
  expect(ok).toEqual({ data: { syncCatalog: true } });
  // Anonymous callers and other departments' scopes may not make the catalog read a feed.
  expect((await sync('programme')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await sync('programme', await as(['education:write']))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const unknown = await sync('weather', await as(['admin']));
  expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // The feed list is told only to callers with a write scope: others learn nothing of it.
  const anonymous = await sync('weather');
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(anonymous.errors?.[0]?.message).not.toMatch(/programme|education/);
  const unscoped = await sync('weather', await as([]));
  expect(unscoped.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(unscoped.errors?.[0]?.message).not.toMatch(/programme|education/);
  expect((await sync('weather', await as(['education:write']))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // A department that cannot be reached: the answer is false, not an error.
  expect(await sync('education', await as(['education:write']))).toEqual({ data: { syncCatalog: false } });
  expect(await sync('education', await as(['admin']))).toEqual({ data: { syncCatalog: false } });
});

it('coalesces concurrent nudges of one feed', async () => {
  const sync = (contextFor(OFFICE) as unknown as CatalogSyncContext).catalogSync();
  const results = await Promise.all(Array.from({ length: 8 }, () => sync.drainSource('programme')));
  expect(results).toHaveLength(8);
  await expect(sync.drainSource('weather')).rejects.toThrow(/not a feed the catalog follows/);
});

it('refuses an anonymous write over HTTP', async () => {
  const { body } = await graphqlRequest(
    subgraph.url,
    `mutation { createProgrammeMeasure(input: { title: "x", level: CITY, issuer: "x", responsibleBody: "x", category: "CITY_PLAN", regionCodes: ["440200"] }) { version } }`,
  );
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});

describe('target progress', () => {
  const observation = (value: number, observedOn: string, recordedAt = '2025-01-01T00:00:00Z') => ({
    id: `${observedOn}-${value}`,
    value,
    observedOn,
    note: null,
    source: null,
    recordedAt,
  });

  it('compares the latest observation by the date measured (a year counts as its end) with the goal', () => {
    expect(targetProgress({ value: 80, comparator: TargetComparator.AT_LEAST }, [])).toBeNull();
    expect(
      targetProgress({ value: 80, comparator: TargetComparator.AT_LEAST }, [
        observation(70, '2024'),
        observation(72, '2024-06'),
        observation(60, '2023-12-31'),
      ]),
    ).toEqual({
      latestValue: 70,
      observedOn: '2024',
      ratio: 70 / 80,
    });
    expect(
      targetProgress({ value: 10, comparator: TargetComparator.EXACTLY }, [
        observation(4, '2025-03', '2025-04-01T00:00:00Z'),
        observation(5, '2025-03', '2025-05-01T00:00:00Z'),
      ])?.latestValue,
    ).toBe(5);
  });

  it('gives no ratio for a ceiling or a goal of zero', () => {
    expect(targetProgress({ value: 5, comparator: TargetComparator.AT_MOST }, [observation(3, '2024')])).toEqual({
      latestValue: 3,
      observedOn: '2024',
      ratio: null,
    });
    expect(targetProgress({ value: 0, comparator: TargetComparator.EXACTLY }, [observation(3, '2024')])?.ratio).toBeNull();
  });
});
