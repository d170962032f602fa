import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { TargetEntity, TargetObservationEntity } from '../entities/measure.entity';
import { addObservation, findTarget, replaceTargets, targetRows } from './measure-targets';
import { openMeasureTables, sampleMeasure, storeMeasure } from './testing/measure-tables';

// A measure's targets: their ids (kept ones keep theirs and their observations), their
// replacement on an update, and the observations recorded against them.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('measure_targets');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

const target = (indicator: string, extra: Record<string, unknown> = {}) => ({ indicator, value: 1, unit: '个', ...extra });

describe('targetRows', () => {
  it('numbers the targets of a new measure :t1, :t2 … in input order, with defaults for what the input leaves out', () => {
    const rows = targetRows('education-a', [target('學位'), target('教师', { comparator: 'AT_LEAST', baseline: { value: 2 } })], new Set());
    expect(rows.map((r) => [r.id, r.position, r.indicator])).toEqual([
      ['education-a:t1', 0, '学位'],
      ['education-a:t2', 1, '教师'],
    ]);
    expect(rows[0]).toMatchObject({ comparator: 'EXACTLY', year: null, baselineValue: null, regionCode: null, excerpt: '' });
    expect(rows[1]).toMatchObject({ comparator: 'AT_LEAST', baselineValue: 2, baselineYear: null });
  });

  it('keeps the id of a target named by the input, and gives a new one an id no earlier target had', () => {
    const own = new Set(['education-a:t1', 'education-a:t2']);
    const rows = targetRows(
      'education-a',
      [target('新', {}), target('保留', { id: 'education-a:t2' }), target('冒名', { id: 'education-b:t1' })],
      own,
    );
    expect(rows[1]!.id).toBe('education-a:t2');
    for (const fresh of [rows[0]!, rows[2]!]) {
      expect(fresh.id).toMatch(/^education-a:t-[0-9a-f]{8}$/);
      expect(own.has(fresh.id)).toBe(false);
    }
  });
});

describe('replaceTargets and observations', () => {
  it('keeps a target named by id with its observations, and removes the others with theirs', async () => {
    const measure = sampleMeasure();
    const first = targetRows(measure.id, [target('保留'), target('删除')], new Set());
    await storeMeasure(dataSource, measure, first);
    await dataSource.transaction(async (manager) => {
      await addObservation(manager, first[0]!, { value: 5, observedOn: '2025' }, 'editor@gdedu');
      await addObservation(manager, first[1]!, { value: 6, observedOn: '2025-06', note: '半年' }, 'editor@gdedu');
    });

    const next = targetRows(
      measure.id,
      [target('新增'), target('保留(改)', { id: first[0]!.id, value: 9 })],
      new Set(first.map((t) => t.id)),
    );
    await dataSource.transaction((manager) => replaceTargets(manager, measure.id, next));

    const stored = await dataSource.getRepository(TargetEntity).find({ where: { measureId: measure.id }, order: { position: 'ASC' } });
    expect(stored.map((t) => [t.id, t.position, t.indicator, t.value])).toEqual([
      [next[0]!.id, 0, '新增', 1],
      [first[0]!.id, 1, '保留(改)', 9],
    ]);
    const observations = await dataSource.getRepository(TargetObservationEntity).findBy({ measureId: measure.id });
    expect(observations.map((o) => [o.targetId, o.value, o.recordedBy])).toEqual([[first[0]!.id, 5, 'editor@gdedu']]);

    await dataSource.transaction((manager) => replaceTargets(manager, measure.id, []));
    expect(await dataSource.getRepository(TargetEntity).countBy({ measureId: measure.id })).toBe(0);
    expect(await dataSource.getRepository(TargetObservationEntity).countBy({ measureId: measure.id })).toBe(0);
  });

  it('stores an observation as recorded and answers it as the feed carries it', async () => {
    const measure = sampleMeasure();
    const [row] = targetRows(measure.id, [target('学位')], new Set());
    await storeMeasure(dataSource, measure, [row!]);
    const recorded = await dataSource.transaction((manager) =>
      addObservation(manager, row!, { value: 4.1, observedOn: '2024-06', note: '统计', source: '公报' }, 'editor@gdedu'),
    );
    expect(recorded).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      targetId: row!.id,
      value: 4.1,
      observedOn: '2024-06',
      note: '统计',
      source: '公报',
      recordedAt: expect.any(String),
    });
    const stored = await dataSource.getRepository(TargetObservationEntity).findOneByOrFail({ id: recorded.id });
    expect(stored).toMatchObject({
      targetId: row!.id,
      measureId: measure.id,
      value: 4.1,
      observedOn: '2024-06',
      recordedBy: 'editor@gdedu',
    });
    expect(stored.recordedAt.toISOString()).toBe(recorded.recordedAt);
  });

  it('answers NOT_FOUND for a target that does not exist or an id too long to be one', async () => {
    for (const id of ['education-none:t1', 'x'.repeat(301)]) {
      let error: GraphQLError | undefined;
      try {
        await findTarget(dataSource.manager, id);
      } catch (e) {
        error = e as GraphQLError;
      }
      expect(error?.extensions).toEqual({ code: 'NOT_FOUND' });
    }
  });
});
