import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthInfo } from '@hkp/subgraph-kit';
import { createTestDatabase, type TestDatabase } from '@hkp/testing';
import { MeasureCommands, type MeasureWriteResult, type MeasureWriteSpec } from './measure-commands';
import { mergeDetails } from './measure-details';
import { count, nameList } from './measure-validation';
import { openMeasureTables, refusal } from './testing/measure-tables';

// The write path as one unit on real PostgreSQL: what every committed write leaves behind (one
// outbox event at the new version, one audit entry naming exactly what changed), that a refused or
// failed write leaves nothing at all, and that the catalog nudge runs only after the commit.

const EDITOR: AuthInfo = { authenticated: true, subject: 'editor@gdedu', scopes: new Set(['education:write']) };

interface EducationFields {
  stages: string[] | null;
  pairedCounties: number | null;
}

const spec: MeasureWriteSpec<EducationFields> = {
  department: 'EDUCATION',
  service: 'education',
  details: {
    shape: { stages: nameList('stages').nullish(), pairedCounties: count('pairedCounties', 200).nullish() },
    toDetails: (input, current) => mergeDetails(current, input, ['stages', 'pairedCounties']),
  },
};

let db: TestDatabase;
let dataSource: DataSource;
/** What the nudge saw of each write, read on another connection when it ran. */
let nudges: { id: string; version: number; storedVersion: number | null; events: number }[];
let writes: MeasureCommands;

beforeAll(async () => {
  db = await createTestDatabase('measure_commands');
  dataSource = await openMeasureTables(db.url);
  writes = new MeasureCommands(dataSource, spec as MeasureWriteSpec<never>, {
    afterCommit: async ({ measure }) => {
      const [row] = (await dataSource.query(`SELECT version FROM measures WHERE id = $1`, [measure.id])) as { version: number }[];
      const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM measure_events WHERE measure_id = $1`, [measure.id])) as {
        n: number;
      }[];
      nudges.push({ id: measure.id, version: measure.version, storedVersion: row?.version ?? null, events: n });
      return true;
    },
  });
});

beforeEach(() => {
  nudges = [];
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

function input(overrides: Record<string, unknown> = {}) {
  return {
    title: '广东省县域普通高中振兴行动计划',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    periodStart: 2024,
    periodEnd: 2027,
    regionCodes: ['440000'],
    points: ['扩大县域优质高中学位供给。'],
    targets: [{ indicator: '县域普通高中优质学位', value: 10, unit: '万个', year: 2027, comparator: 'AT_LEAST' }],
    stages: ['基础教育'],
    ...overrides,
  };
}

/** Everything a write may touch, whole: a write that failed must leave all of it as it was. */
async function everything(): Promise<Record<string, unknown[]>> {
  const all = (sql: string) => dataSource.query(sql) as Promise<unknown[]>;
  return {
    measures: await all(`SELECT * FROM measures ORDER BY id`),
    targets: await all(`SELECT * FROM targets ORDER BY id`),
    observations: await all(`SELECT * FROM target_observations ORDER BY id`),
    audit: await all(`SELECT * FROM audit_log ORDER BY id`),
    events: await all(`SELECT * FROM measure_events ORDER BY seq`),
    keys: await all(`SELECT * FROM idempotency_keys ORDER BY actor, key`),
  };
}

async function eventsOf(measureId: string): Promise<{ version: number; kind: string; snapshotVersion: number }[]> {
  return dataSource.query(
    `SELECT version, kind, (snapshot->>'version')::int AS "snapshotVersion" FROM measure_events WHERE measure_id = $1 ORDER BY seq`,
    [measureId],
  );
}

async function auditOf(measureId: string): Promise<{ action: string; version: number; changes: Record<string, unknown> }[]> {
  return dataSource.query(`SELECT action, version, changes FROM audit_log WHERE measure_id = $1 ORDER BY id`, [measureId]);
}

describe('a committed write', () => {
  it('appends exactly one outbox event and one audit entry, at the version it made', async () => {
    const created = await writes.create(EDITOR, input());
    const id = created.measure.id;
    const updated = await writes.update(EDITOR, id, 1, { pairedCounties: 57 });
    const observed = await writes.recordObservation(EDITOR, created.snapshot.targets[0]!.id, { value: 6.5, observedOn: '2025' });
    const archived = await writes.archive(EDITOR, id, 3);
    expect([created, updated, observed, archived].map((r) => r.measure.version)).toEqual([1, 2, 3, 4]);
    expect(await eventsOf(id)).toEqual([
      { version: 1, kind: 'UPSERT', snapshotVersion: 1 },
      { version: 2, kind: 'UPSERT', snapshotVersion: 2 },
      { version: 3, kind: 'UPSERT', snapshotVersion: 3 },
      { version: 4, kind: 'ARCHIVE', snapshotVersion: 4 },
    ]);
    expect((await auditOf(id)).map((a) => [a.action, a.version])).toEqual([
      ['CREATE', 1],
      ['UPDATE', 2],
      ['OBSERVE', 3],
      ['ARCHIVE', 4],
    ]);
  });

  it('has an audit diff that names exactly the fields that changed', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '审计差异' }));
    await writes.update(EDITOR, measure.id, 1, {
      title: '审计差异(修订)',
      regionCodes: ['440000'], // as stored: not a change
      stages: ['基础教育', '职业教育'],
      pairedCounties: 12,
    });
    const [, update] = await auditOf(measure.id);
    expect(update!.changes).toEqual({
      title: { before: '审计差异', after: '审计差异(修订)' },
      stages: { before: ['基础教育'], after: ['基础教育', '职业教育'] },
      pairedCounties: { before: null, after: 12 },
    });
  });

  it('is not made by an update that changes nothing: no version, no event, no audit entry', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '无变化' }));
    const before = await everything();
    const same = await writes.update(EDITOR, measure.id, 1, { title: '无变化', stages: ['基础教育'] });
    expect(same).toMatchObject({ changed: false, measure: { version: 1 } });
    expect(await everything()).toEqual(before);
  });
});

describe('a refused write writes nothing', () => {
  it('refuses a stale expectedVersion with CONFLICT and the current version', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '过期版本' }));
    await writes.update(EDITOR, measure.id, 1, { title: '第二版' });
    const before = await everything();
    nudges = [];
    const error = await refusal(writes.update(EDITOR, measure.id, 1, { title: '基于第一版', targets: [] }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(await everything()).toEqual(before);
    expect(nudges).toEqual([]);
  });

  it('answers a retried create with the same key and input with the first answer, and refuses another input', async () => {
    const key = randomUUID();
    const first = await writes.create(EDITOR, input({ title: '幂等' }), key);
    const before = await everything();
    const again = await writes.create(EDITOR, input({ title: '幂等' }), key);
    expect(again).toMatchObject({ replayed: true, changed: false, measure: { id: first.measure.id, version: 1 } });
    expect(again.snapshot).toEqual(first.snapshot);
    expect(await everything()).toEqual(before);

    const error = await refusal(writes.create(EDITOR, input({ title: '另一个' }), key));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', measureId: first.measure.id });
    expect(await everything()).toEqual(before);
  });

  it('leaves measure and targets untouched when a rule against the stored measure fails inside the transaction', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '存储规则' }));
    const before = await everything();
    const error = await refusal(
      writes.update(EDITOR, measure.id, 1, {
        title: '改了标题',
        periodStart: 2030,
        targets: [{ id: 'education-other:t1', indicator: '学位', value: 1, unit: '个' }],
      }),
    );
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    expect((error.extensions['fields'] as { path: string }[]).map((f) => f.path)).toEqual(['input.periodStart', 'input.targets.0.id']);
    expect(await everything()).toEqual(before);
  });
});

describe('a write whose last steps fail', () => {
  // The database refuses the audit entry or the outbox event (as a full disk or a lost connection
  // would fail them): the steps before them, already executed, must be rolled back with them.
  async function failing(table: 'audit_log' | 'measure_events', write: () => Promise<unknown>): Promise<void> {
    await dataSource.query(
      `CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`,
    );
    await dataSource.query(`CREATE TRIGGER refuse_row BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_row()`);
    try {
      await expect(write()).rejects.toThrow('refused');
    } finally {
      await dataSource.query(`DROP TRIGGER refuse_row ON ${table}`);
    }
  }

  for (const table of ['audit_log', 'measure_events'] as const) {
    it(`leaves nothing half-written when ${table} refuses its row, and does not nudge the catalog`, async () => {
      const { measure, snapshot } = await writes.create(EDITOR, input({ title: `失败于 ${table}` }));
      const targetId = snapshot.targets[0]!.id;
      const before = await everything();
      nudges = [];
      await failing(table, () => writes.create(EDITOR, input({ title: '新措施' }), randomUUID()));
      await failing(table, () =>
        writes.update(EDITOR, measure.id, 1, { title: '改', targets: [{ indicator: '新指标', value: 2, unit: '个' }], stages: null }),
      );
      await failing(table, () => writes.recordObservation(EDITOR, targetId, { value: 1, observedOn: '2025' }));
      await failing(table, () => writes.archive(EDITOR, measure.id, 1));
      expect(await everything()).toEqual(before);
      expect(nudges).toEqual([]);
    });
  }
});

describe('the catalog nudge', () => {
  it('runs once per write, after the commit: another connection already sees the new version and its event', async () => {
    const created = await writes.create(EDITOR, input({ title: '提交之后' }));
    const updated = await writes.update(EDITOR, created.measure.id, 1, { pairedCounties: 3 });
    const results: MeasureWriteResult[] = [created, updated];
    expect(nudges).toEqual([
      { id: created.measure.id, version: 1, storedVersion: 1, events: 1 },
      { id: created.measure.id, version: 2, storedVersion: 2, events: 2 },
    ]);
    expect(results.map((r) => r.catalogUpdated)).toEqual([true, true]);
  });

  it('does not run for a write refused before it starts', async () => {
    await refusal(writes.create(EDITOR, input({ title: '' })));
    await refusal(writes.create({ authenticated: false, subject: null, scopes: new Set() }, input()));
    expect(nudges).toEqual([]);
  });
});
