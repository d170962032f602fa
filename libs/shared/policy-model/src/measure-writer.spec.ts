import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { TargetEntity } from './entities/measure.entity';
import { MEASURE_CHANGED_SCHEMA_VERSION } from './events/measure-changed';
import { readMeasureChanged } from './events/measure-changed-codec';
import { appendMeasureEvent } from './measure-writer';
import { openMeasureTables, sampleMeasure, sampleTarget, storeMeasure } from './writes/testing/measure-tables';

// The outbox: one event per change, in the change's transaction, numbered in commit order.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('measure_outbox');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

const eventsOf = (measureId: string) =>
  dataSource.query(`SELECT seq::int, version, kind, snapshot FROM measure_events WHERE measure_id = $1 ORDER BY seq`, [
    measureId,
  ]) as Promise<{ seq: number; version: number; kind: string; snapshot: Record<string, unknown> }[]>;

it('appends the measure as the feed carries it, with its targets, at its version', async () => {
  const measure = sampleMeasure({ version: 3 });
  await storeMeasure(dataSource, measure, [sampleTarget(measure.id)]);
  const snapshot = await dataSource.transaction((manager) => appendMeasureEvent(manager, measure, 'UPSERT'));
  expect(snapshot).toMatchObject({ id: measure.id, version: 3, archived: false, targets: [{ id: `${measure.id}:t1`, observations: [] }] });
  const [event] = await eventsOf(measure.id);
  expect(event).toMatchObject({ version: 3, kind: 'UPSERT', snapshot: JSON.parse(JSON.stringify(snapshot)) });
});

it('leaves no event when the transaction rolls back', async () => {
  const measure = sampleMeasure();
  await storeMeasure(dataSource, measure);
  await expect(
    dataSource.transaction(async (manager) => {
      await appendMeasureEvent(manager, measure, 'UPSERT');
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect(await eventsOf(measure.id)).toEqual([]);
});

it('numbers concurrent writers one after another, without gaps or duplicates', async () => {
  const measures = Array.from({ length: 8 }, () => sampleMeasure());
  for (const measure of measures) await storeMeasure(dataSource, measure);
  const [{ before }] = (await dataSource.query(`SELECT COALESCE(MAX(seq), 0)::int AS before FROM measure_events`)) as { before: number }[];
  await Promise.all(measures.map((measure) => dataSource.transaction((manager) => appendMeasureEvent(manager, measure, 'UPSERT'))));
  const seqs = (
    (await dataSource.query(`SELECT seq::int FROM measure_events WHERE seq > $1 ORDER BY seq`, [before])) as { seq: number }[]
  ).map((r) => r.seq);
  expect(seqs).toEqual(Array.from({ length: 8 }, (_, i) => before + i + 1));
});

describe('the MeasureChanged event it writes', () => {
  it('stamps the schema version this code writes, and the stored event reads back as it was written', async () => {
    const measure = sampleMeasure({ version: 2 });
    await storeMeasure(dataSource, measure, [sampleTarget(measure.id)]);
    const snapshot = await dataSource.transaction((manager) => appendMeasureEvent(manager, measure, 'ARCHIVE'));
    const [event] = await eventsOf(measure.id);
    expect(event!.snapshot).toMatchObject({ schemaVersion: MEASURE_CHANGED_SCHEMA_VERSION, id: measure.id, version: 2 });
    const read = readMeasureChanged({
      seq: String(event!.seq),
      measureId: measure.id,
      version: 2,
      kind: event!.kind,
      snapshot: event!.snapshot,
    });
    expect(read).toEqual({
      ok: true,
      event: { seq: String(event!.seq), measureId: measure.id, version: 2, kind: 'ARCHIVE', snapshot: { ...snapshot, schemaVersion: 1 } },
    });
  });

  it('refuses to write a target of a comparator the schema does not know, and the write rolls back', async () => {
    const measure = sampleMeasure();
    await storeMeasure(dataSource, measure);
    const target = sampleTarget(measure.id, 0, { comparator: 'AROUND' });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE targets DROP CONSTRAINT IF EXISTS targets_comparator_check`);
        await manager.getRepository(TargetEntity).insert(target);
        await appendMeasureEvent(manager, measure, 'UPSERT');
      }),
    ).rejects.toThrow(/does not fit its schema: snapshot\.targets\.0\.comparator/);
    expect(await eventsOf(measure.id)).toEqual([]);
  });
});
