import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { MeasureEntity } from '../entities/measure.entity';
import { openMeasureTables, sampleMeasure, storeMeasure, refusal } from './testing/measure-tables';
import { lockMeasureForChange, updateMeasureAtVersion } from './versioned-update';

// Optimistic concurrency of a measure row on real PostgreSQL: who may change it, at which version,
// and that the update writes every column of the entity (no column list to forget).

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('versioned_update');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

const stored = (id: string) => dataSource.getRepository(MeasureEntity).findOneByOrFail({ id });

describe('lockMeasureForChange', () => {
  const lock = (id: string, expectedVersion: number | null, department = 'EDUCATION') =>
    dataSource.transaction((manager) => lockMeasureForChange(manager, { id, department, expectedVersion, verb: 'changed' }));

  it('returns the measure at the expected version, or at any version when none is expected', async () => {
    const measure = sampleMeasure({ version: 4 });
    await storeMeasure(dataSource, measure);
    expect(await lock(measure.id, 4)).toMatchObject({ id: measure.id, version: 4 });
    expect(await lock(measure.id, null)).toMatchObject({ id: measure.id, version: 4 });
  });

  it('refuses a stale version with CONFLICT, the current version and what to send instead', async () => {
    const measure = sampleMeasure({ version: 3 });
    await storeMeasure(dataSource, measure);
    const error = await refusal(lock(measure.id, 2));
    expect(error.extensions).toEqual({ code: 'CONFLICT', currentVersion: 3 });
    expect(error.message).toBe(
      `Measure ${measure.id} is at version 3, not 2: it changed since you read it. Read it again, reapply your change and send expectedVersion 3.`,
    );
  });

  it('refuses an archived measure with CONFLICT and archived: true, whatever the version', async () => {
    const measure = sampleMeasure({ version: 5, archivedAt: new Date() });
    await storeMeasure(dataSource, measure);
    for (const expected of [5, null]) {
      const error = await refusal(lock(measure.id, expected));
      expect(error.extensions).toEqual({ code: 'CONFLICT', currentVersion: 5, archived: true });
      expect(error.message).toMatch(/is archived \(version 5\) and cannot be changed/);
    }
  });

  it("answers NOT_FOUND for an unknown id, another department's measure and an id too long to be one", async () => {
    const health = sampleMeasure({ id: 'health-one', department: 'HEALTH' });
    await storeMeasure(dataSource, health);
    for (const [id, department] of [
      ['education-none', 'EDUCATION'],
      ['health-one', 'EDUCATION'],
      ['x'.repeat(301), 'EDUCATION'],
    ]) {
      const error = await refusal(lock(id!, null, department));
      expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    }
  });

  it('makes a second writer of the same measure wait until the first commits, then see its version', async () => {
    const measure = sampleMeasure();
    await storeMeasure(dataSource, measure);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstLocked!: () => void;
    const locked = new Promise<void>((resolve) => (firstLocked = resolve));
    const first = dataSource.transaction(async (manager) => {
      const current = await lockMeasureForChange(manager, { id: measure.id, department: 'EDUCATION', expectedVersion: 1, verb: 'changed' });
      firstLocked();
      await firstHolds;
      await updateMeasureAtVersion(manager, Object.assign(new MeasureEntity(), current, { version: 2, title: '第一位写入者' }), 1);
    });
    await locked;
    const second = refusal(lock(measure.id, 1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    releaseFirst();
    await first;
    expect((await second).extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
    expect(await stored(measure.id)).toMatchObject({ version: 2, title: '第一位写入者' });
  });
});

describe('updateMeasureAtVersion', () => {
  it('writes every column of the entity, read back as written', async () => {
    const measure = sampleMeasure();
    await storeMeasure(dataSource, measure);
    const next = sampleMeasure({
      id: measure.id,
      version: 2,
      // Every column differs from the stored row (department too, which no command changes), so a
      // column the update left out would show.
      department: 'HEALTH',
      responsibleBody: '省教育厅 省财政厅',
      category: 'TALENT',
      level: 'CITY',
      issuer: '韶关市教育局',
      title: '新标题',
      originalTitle: '新標題',
      points: ['第一点', '第二点'],
      pointsNormalised: ['第一点', '第二点'],
      periodStart: 2025,
      periodEnd: 2030,
      publishedOn: '2025-06-01',
      regionCodes: ['440200', '440203'],
      details: { stages: ['职业教育'], pairedCounties: 12 },
      source: { document: '韶教〔2025〕1号', documentTitle: '韶教〔2025〕1号', excerpt: '原文' },
      contentHash: 'api:changed',
      archivedAt: new Date('2025-07-01T08:00:00Z'),
      updatedAt: new Date('2025-07-01T08:00:00Z'),
    });
    await dataSource.transaction((manager) => updateMeasureAtVersion(manager, next, 1));
    const row = await stored(measure.id);
    // Compared column by column from the entity's metadata: a column added later is covered too.
    for (const column of dataSource.getMetadata(MeasureEntity).columns) {
      expect([column.propertyName, column.getEntityValue(row)]).toEqual([column.propertyName, column.getEntityValue(next)]);
      if (!column.isPrimary) expect(column.getEntityValue(next)).not.toEqual(column.getEntityValue(measure));
    }
  });

  it('refuses with CONFLICT and the current version when the row is no longer at the expected one, and writes nothing', async () => {
    const measure = sampleMeasure({ version: 3, title: '已存版本' });
    await storeMeasure(dataSource, measure);
    const next = Object.assign(new MeasureEntity(), measure, { version: 3, title: '基于旧版本' });
    const error = await refusal(dataSource.transaction((manager) => updateMeasureAtVersion(manager, next, 2)));
    expect(error.extensions).toEqual({ code: 'CONFLICT', currentVersion: 3 });
    expect(await stored(measure.id)).toMatchObject({ version: 3, title: '已存版本' });
  });
});
