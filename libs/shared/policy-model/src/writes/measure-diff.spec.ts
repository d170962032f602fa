import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { MeasureEntity, TargetEntity } from '../entities/measure.entity';
import { diffFields, measureDiff } from './measure-diff';
import { openMeasureTables, sampleMeasure, sampleTarget, storeMeasure } from './testing/measure-tables';

// The audit diff: the fields a write changed, under the names writers use, with before and after.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('measure_diff');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

const copy = (measure: MeasureEntity, changes: Partial<MeasureEntity> = {}) => Object.assign(new MeasureEntity(), measure, changes);

it('names exactly the changed fields, by their input names, and a department field at the top level', () => {
  const measure = sampleMeasure();
  const targets = [sampleTarget(measure.id)];
  const next = copy(measure, {
    originalTitle: '新標題',
    title: '新标题',
    periodEnd: 2028,
    details: { stages: ['基础教育'], pairedCounties: 57 },
    updatedAt: new Date(),
    version: 2,
    contentHash: 'api:other',
  });
  expect(measureDiff({ measure, targets }, { measure: next, targets })).toEqual({
    title: { before: '广东省县域普通高中振兴行动计划', after: '新標題' },
    periodEnd: { before: 2027, after: 2028 },
    pairedCounties: { before: null, after: 57 },
  });
});

it('names targets when one of them changed, and not when they are the same in another order of rows', () => {
  const measure = sampleMeasure();
  const targets = [sampleTarget(measure.id, 0), sampleTarget(measure.id, 1, { indicator: '乡村教师', value: 3 })];
  expect(measureDiff({ measure, targets }, { measure, targets: [...targets].reverse() })).toEqual({});
  const changed = [targets[0]!, Object.assign(new TargetEntity(), targets[1], { value: 4 })];
  const diff = measureDiff({ measure, targets }, { measure, targets: changed });
  expect(Object.keys(diff)).toEqual(['targets']);
  expect((diff['targets']!.after as { value: number }[]).map((t) => t.value)).toEqual([10, 4]);
});

it('lists every field of a new measure as after, with before null', () => {
  const measure = sampleMeasure();
  const diff = measureDiff(null, { measure, targets: [] });
  expect(diff['title']).toEqual({ before: null, after: '广东省县域普通高中振兴行动计划' });
  expect(diff['stages']).toEqual({ before: null, after: ['基础教育'] });
  expect(diff['targets']).toEqual({ before: null, after: [] });
});

it('treats a field left out and a null one as the same', () => {
  expect(diffFields({ note: null, pairedCounties: 1 }, { pairedCounties: 1 })).toEqual({});
  expect(diffFields({ pairedCounties: 1 }, {})).toEqual({ pairedCounties: { before: 1, after: null } });
});

it('finds no change between a measure and itself as PostgreSQL gives it back', async () => {
  // jsonb reorders keys and numbers come back through the driver: none of that is a change.
  const measure = sampleMeasure({ details: { z: 1, a: { y: [1, 2], b: 'x' } }, points: ['一', '二'] });
  const targets = [sampleTarget(measure.id, 0, { value: 0.1 + 0.2, baselineValue: 3.5, baselineYear: 2020 })];
  await storeMeasure(dataSource, measure, targets);
  const stored = await dataSource.getRepository(MeasureEntity).findOneByOrFail({ id: measure.id });
  const storedTargets = await dataSource.getRepository(TargetEntity).findBy({ measureId: measure.id });
  expect(measureDiff({ measure, targets }, { measure: stored, targets: storedTargets })).toEqual({});
});
