import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import pino from 'pino';
import * as policyModel from '@hkp/policy-model';
import { departmentMeasureLoader, readGeneratedMeasures, type GeneratedMeasure } from '@hkp/policy-model';
import { createSubgraphMetrics, prepareModuleDatabase } from '@hkp/subgraph-kit';
import { createSubgraphDataSource, initialiseAndMigrate, type SubgraphDataSource } from '@hkp/persistence';
import { createTestDatabase, silentLogger, type TestDatabase } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';
import { programmeSubgraph } from '../programme.subgraph';
import { outboxSource, type ChangeSource } from './catalog-sources';
import { CatalogSync } from './catalog-sync';

// The MeasureChanged event as a contract between a department and the catalog: events written by
// the current writer, by code of the released shape and by code of a newer minor shape all reach
// the catalog as they were meant; one of a newer major version is skipped, said and counted. The
// department is a real outbox (policy-model's migrations) and the catalog the programme's schema.

let db: TestDatabase;
let catalog: SubgraphDataSource;
let department: SubgraphDataSource;
let dataSource: DataSource;
const DEPARTMENT_SCHEMA = 'events_contract_dept';

beforeAll(async () => {
  db = await createTestDatabase('catalog_events');
  catalog = await prepareModuleDatabase(programmeSubgraph, db.url, silentLogger());
  dataSource = catalog.dataSource;
  department = createSubgraphDataSource({
    url: db.url,
    schema: DEPARTMENT_SCHEMA,
    entities: [policyModel.MeasureEntity, policyModel.TargetEntity, policyModel.MeasureEventEntity, policyModel.TargetObservationEntity],
    migrations: [
      policyModel.CreateMeasureTables1764000100000,
      policyModel.CreateWriteTables1764000100001,
      policyModel.CreateMeasureFeed1764000100002,
    ],
    applicationName: 'events-contract-test',
  });
  await initialiseAndMigrate(department.dataSource, DEPARTMENT_SCHEMA);
});

afterAll(async () => {
  if (department?.dataSource.isInitialized) await department.dataSource.destroy();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE catalog_measures, catalog_changes, catalog_feed_cursors');
  await department.dataSource.query('TRUNCATE measure_events, measures CASCADE');
  await department.dataSource.query('DROP TABLE IF EXISTS seed_state'); // the seed loader writes again what a test gives it
});

const education = () => readGeneratedMeasures().filter((m) => m.department === 'EDUCATION');

/** Writes measures through the department's own writer (the seed loader appends their events). */
async function writeWithCurrentCode(measures: GeneratedMeasure[]): Promise<void> {
  await departmentMeasureLoader('EDUCATION', () => measures)(department.dataSource, silentLogger());
}

/** Appends an event as some other code wrote it: the row exactly as given. */
async function appendRaw(event: { measureId: string; version: number; kind: string; snapshot: unknown }): Promise<string> {
  const [{ seq }] = (await department.dataSource.query(
    `INSERT INTO measure_events (seq, measure_id, version, kind, snapshot)
     SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4 FROM measure_events RETURNING seq::text AS seq`,
    [event.measureId, event.version, event.kind, JSON.stringify(event.snapshot)],
  )) as { seq: string }[];
  return seq;
}

const storedEvents = async () =>
  (await department.dataSource.query(`SELECT measure_id, version, kind, snapshot FROM measure_events ORDER BY seq`)) as {
    measure_id: string;
    version: number;
    kind: string;
    snapshot: Record<string, unknown>;
  }[];

/** The outbox as the department's GraphQL feed serves it: each snapshot as JSON text. */
function servedOverGraphql(): ChangeSource {
  const outbox = outboxSource(department.dataSource, 'education', 'EDUCATION');
  return {
    ...outbox,
    fetch: async (after, first) => {
      const page = await outbox.fetch(after, first);
      return { ...page, changes: page.changes.map((c) => ({ ...c, snapshot: JSON.stringify(c.snapshot) })) };
    },
  };
}

const catalogRow = async (id: string) =>
  (
    (await dataSource.query(
      `SELECT id, version, title, original_title, points, targets, source, archived, updated_at FROM catalog_measures WHERE id = $1`,
      [id],
    )) as Record<string, unknown>[]
  )[0];

/** What the catalog row of a snapshot holds when the snapshot was applied as it says. */
const rowOf = (s: policyModel.MeasureSnapshot) => ({
  id: s.id,
  version: s.version,
  title: s.title,
  original_title: s.originalTitle,
  points: s.points,
  targets: s.targets.map((t) => ({ ...t, observations: t.observations ?? [] })),
  source: s.source,
  archived: s.archived,
  updated_at: new Date(s.updatedAt),
});

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
};

/** The smallest event a JSON Schema allows: required fields only, each with a plain value of its type. */
function minimalInstance(schema: JsonSchema): unknown {
  // A nullable field is null: the least a writer may send.
  if (schema.anyOf) return schema.anyOf.some((s) => s.type === 'null') ? null : minimalInstance(schema.anyOf[0]!);
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? null : minimalInstance({ ...schema, type: schema.type[0] });
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, minimalInstance(schema.properties![key]!)]));
    case 'array':
      return [minimalInstance(schema.items!)];
    case 'string':
      return schema.format === 'date-time' ? '2025-06-30T00:00:00.000Z' : schema.pattern ? '1' : 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    default:
      throw new Error(`no plain value for ${JSON.stringify(schema)}`);
  }
}

describe('the catalog reads MeasureChanged events of every shape it must', () => {
  it('applies what the current writer wrote, read from the outbox and as the GraphQL feed serves it', async () => {
    const [m0, m1] = education() as [GeneratedMeasure, GeneratedMeasure];
    await writeWithCurrentCode([m0, m1]);
    const written = await storedEvents();
    expect(written.map((e) => e.snapshot['schemaVersion'])).toEqual([1, 1]);

    for (const source of [outboxSource(department.dataSource, 'education', 'EDUCATION'), servedOverGraphql()]) {
      await dataSource.query('TRUNCATE catalog_measures, catalog_changes, catalog_feed_cursors');
      const sync = new CatalogSync(dataSource, [source], silentLogger(), 60_000);
      expect(await sync.syncAll()).toBe(2);
      for (const event of written) {
        expect(await catalogRow(event.measure_id)).toEqual(rowOf(event.snapshot as unknown as policyModel.MeasureSnapshot));
      }
      expect(sync.skippedEvents()).toEqual([]);
    }
  });

  it('applies events of the released shape: the smallest one the released schema allows, and one written before versions and observations', async () => {
    const released = JSON.parse(
      readFileSync(join(workspaceRoot(), 'schema', 'released', 'events', 'measure-changed.json'), 'utf8'),
    ) as JsonSchema;
    const smallest = minimalInstance(released) as { snapshot: Record<string, unknown> };
    expect(smallest.snapshot).not.toHaveProperty('schemaVersion');
    const minimal: Record<string, unknown> & { id: string } = {
      ...smallest.snapshot,
      id: 'education-released-minimal',
      department: 'EDUCATION',
      version: 1,
    };
    await appendRaw({ measureId: minimal.id, version: 1, kind: 'UPSERT', snapshot: minimal });

    // As the writer of the first release stored it: no schemaVersion, targets without observations.
    const [m0] = education() as [GeneratedMeasure];
    await writeWithCurrentCode([m0]);
    const current = (await storedEvents()).find((e) => e.measure_id === m0.id);
    const { schemaVersion: _version, ...unversioned } = current!.snapshot as { schemaVersion: number; targets: Record<string, unknown>[] };
    const preVersioning = { ...unversioned, version: 2, targets: unversioned.targets.map(({ observations: _o, ...t }) => t) };
    await appendRaw({ measureId: m0.id, version: 2, kind: 'UPSERT', snapshot: preVersioning });

    const sync = new CatalogSync(dataSource, [servedOverGraphql()], silentLogger(), 60_000);
    expect(await sync.syncAll()).toBe(3);
    expect(await catalogRow(minimal.id)).toMatchObject({ id: minimal.id, title: minimal['title'], archived: false });
    // The catalog keeps the targets as read: with the observations the reader defaulted.
    expect(await catalogRow(m0.id)).toEqual(rowOf(preVersioning as unknown as policyModel.MeasureSnapshot));
    expect(sync.skippedEvents()).toEqual([]);
  });

  it('applies an event of a newer minor shape (fields it does not know) as the fields it knows say', async () => {
    const [m0] = education() as [GeneratedMeasure];
    await writeWithCurrentCode([m0]);
    const [current] = await storedEvents();
    const snapshot = current!.snapshot as unknown as policyModel.MeasureSnapshot;
    const future = {
      ...snapshot,
      version: 2,
      title: `${snapshot.title}(修订)`,
      fundingTotal: { value: 12, unit: '亿元' },
      targets: snapshot.targets.map((t) => ({ ...t, dueQuarter: 'Q4' })),
      source: { ...snapshot.source, publisher: '南方日报' },
    };
    await appendRaw({ measureId: m0.id, version: 2, kind: 'UPSERT', snapshot: future });

    const sync = new CatalogSync(dataSource, [servedOverGraphql()], silentLogger(), 60_000);
    expect(await sync.syncAll()).toBe(2);
    expect(await catalogRow(m0.id)).toEqual(rowOf({ ...snapshot, version: 2, title: future.title }));
  });

  it('skips an event of a newer major version with a warning and counts it, and applies the changes after it', async () => {
    const [m0, m1] = education() as [GeneratedMeasure, GeneratedMeasure];
    await writeWithCurrentCode([m0]);
    const [current] = await storedEvents();
    const snapshot = current!.snapshot as unknown as policyModel.MeasureSnapshot & { schemaVersion: number };
    // Version 2 renamed title to headline: read as version 1 it would blank the measure's title.
    const { title, ...rest } = snapshot;
    const skippedSeq = await appendRaw({
      measureId: m0.id,
      version: 2,
      kind: 'UPSERT',
      snapshot: { ...rest, schemaVersion: 2, version: 2, headline: `${title}(修订)` },
    });
    await writeWithCurrentCode([m0, m1]);

    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const sync = new CatalogSync(dataSource, [servedOverGraphql()], logger, 60_000);
    expect(await sync.syncAll()).toBe(2);
    expect(await catalogRow(m0.id)).toMatchObject({ version: 1, title });
    expect(await catalogRow(m1.id)).toMatchObject({ id: m1.id, version: 1 });
    expect(await dataSource.query(`SELECT last_seq FROM catalog_feed_cursors`)).toEqual([{ last_seq: '3' }]);
    expect(lines).toEqual([
      expect.objectContaining({
        source: 'education',
        seq: skippedSeq,
        measureId: m0.id,
        reason: 'newer-version',
        schemaVersion: 2,
        msg: 'catalog skipped a change it cannot read: the event is of schema version 2, and this reader knows versions up to 1',
      }),
    ]);
    expect(sync.skippedEvents()).toEqual([{ source: 'education', reason: 'newer-version', count: 1 }]);
    const metrics = await createSubgraphMetrics('programme').registry.getSingleMetricAsString('catalog_feed_events_skipped_total');
    expect(metrics).toMatch(/^catalog_feed_events_skipped_total\{[^}]*source="education",reason="newer-version"[^}]*\} 1$/m);
  });
});
