import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { AuditAction } from '../graphql/measure-audit.type';
import { appendAuditEntry, readAuditTrail } from './audit-log';
import { openMeasureTables, sampleMeasure, storeMeasure, refusal } from './testing/measure-tables';

// The audit log: what each write records, and the trail its readers page through.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('audit_log');
  dataSource = await openMeasureTables(db.url);
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

it('records who wrote what, and gives the entries of one measure back oldest first, page by page', async () => {
  const measure = sampleMeasure();
  await storeMeasure(dataSource, measure);
  const other = sampleMeasure();
  await storeMeasure(dataSource, other);
  await dataSource.transaction(async (manager) => {
    await appendAuditEntry(manager, {
      actor: 'editor@gdedu',
      scopes: new Set(['education:write', 'admin']),
      action: AuditAction.CREATE,
      measureId: measure.id,
      version: 1,
      changes: { title: { before: null, after: '措施' } },
    });
    await appendAuditEntry(manager, {
      actor: 'office@bqw',
      scopes: ['admin'],
      action: AuditAction.UPDATE,
      measureId: other.id,
      version: 2,
      changes: {},
    });
    await appendAuditEntry(manager, {
      actor: 'office@bqw',
      scopes: ['admin'],
      action: AuditAction.ARCHIVE,
      measureId: measure.id,
      version: 2,
      changes: { archived: { before: false, after: true } },
    });
  });

  const trail = await readAuditTrail(dataSource, measure.id);
  expect(trail.map(({ id: _id, at: _at, ...entry }) => entry)).toEqual([
    {
      actor: 'editor@gdedu',
      scopes: ['admin', 'education:write'],
      action: 'CREATE',
      measureId: measure.id,
      version: 1,
      changes: { title: { before: null, after: '措施' } },
    },
    {
      actor: 'office@bqw',
      scopes: ['admin'],
      action: 'ARCHIVE',
      measureId: measure.id,
      version: 2,
      changes: { archived: { before: false, after: true } },
    },
  ]);
  expect(trail[0]!.at).toBeInstanceOf(Date);
  expect((await readAuditTrail(dataSource, measure.id, { first: 1 })).map((e) => e.version)).toEqual([1]);
  expect((await readAuditTrail(dataSource, measure.id, { after: trail[0]!.id })).map((e) => e.version)).toEqual([2]);
  expect(await readAuditTrail(dataSource, measure.id, { after: trail[1]!.id })).toEqual([]);
});

it('is written with the transaction of its write: a rollback leaves no entry', async () => {
  const measure = sampleMeasure();
  await storeMeasure(dataSource, measure);
  await expect(
    dataSource.transaction(async (manager) => {
      await appendAuditEntry(manager, {
        actor: 'a',
        scopes: [],
        action: AuditAction.UPDATE,
        measureId: measure.id,
        version: 2,
        changes: {},
      });
      throw new Error('the write failed');
    }),
  ).rejects.toThrow('the write failed');
  expect(await readAuditTrail(dataSource, measure.id)).toEqual([]);
});

it('refuses a bad page with BAD_USER_INPUT naming the argument, and an unknown measure with NOT_FOUND', async () => {
  const measure = sampleMeasure();
  await storeMeasure(dataSource, measure);
  await appendAuditEntry(dataSource.manager, {
    actor: 'editor@gdedu',
    scopes: ['education:write'],
    action: AuditAction.CREATE,
    measureId: measure.id,
    version: 1,
    changes: {},
  });
  // A page of 0, as every list allows: no entries, the measure still checked.
  expect(await readAuditTrail(dataSource, measure.id, { first: 0 })).toEqual([]);
  expect((await refusal(readAuditTrail(dataSource, 'education-none', { first: 0 }))).extensions).toEqual({ code: 'NOT_FOUND' });
  for (const first of [-1, 501, 1.5]) {
    expect((await refusal(readAuditTrail(dataSource, measure.id, { first }))).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  }
  expect((await refusal(readAuditTrail(dataSource, measure.id, { after: 'abc' }))).extensions).toEqual({
    code: 'BAD_USER_INPUT',
    field: 'after',
  });
  expect((await refusal(readAuditTrail(dataSource, 'education-none'))).extensions).toEqual({ code: 'NOT_FOUND' });
});
