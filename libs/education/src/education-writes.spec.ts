import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { departmentMeasureLoader, type DepartmentContext, type MeasureCommands, type MeasureSnapshot } from '@hkp/policy-model';
import { buildModuleSchema, LoaderRegistry, printSubgraphSdl, type AuthInfo, type StartedSubgraph } from '@hkp/subgraph-kit';
import { graphqlRequest, silentLogger, startIsolatedSubgraph, type IsolatedSubgraph } from '@hkp/testing';
import { educationSubgraph } from './education.subgraph';

// The write side of a department against real PostgreSQL: the commands layer called directly with
// an AuthInfo (tokens are verified by another part of the system), and the GraphQL mutations'
// guard over HTTP. The catalog nudge points at a closed port here: it must fail quietly.

const EDITOR: AuthInfo = { authenticated: true, subject: 'editor@gdedu', scopes: new Set(['education:write']) };
const OFFICE: AuthInfo = { authenticated: true, subject: 'office@bqw', scopes: new Set(['admin']) };
const HEALTH_EDITOR: AuthInfo = { authenticated: true, subject: 'editor@wsjkw', scopes: new Set(['health:write']) };
const ANONYMOUS: AuthInfo = { authenticated: false, subject: null, scopes: new Set() };

let isolated: IsolatedSubgraph;
let subgraph: StartedSubgraph;
let dataSource: DataSource;
let writes: MeasureCommands;

function commandsFor(auth: AuthInfo): MeasureCommands {
  const context = educationSubgraph.createContext(dataSource, {
    requestId: 'test',
    logger: silentLogger(),
    loaders: new LoaderRegistry(),
    auth,
  }) as DepartmentContext;
  return context.measureWrites;
}

beforeAll(async () => {
  isolated = await startIsolatedSubgraph(educationSubgraph, 'education_writes');
  subgraph = isolated.subgraph;
  dataSource = subgraph.database.dataSource;
  writes = commandsFor(EDITOR);
}, 120_000);

afterAll(() => isolated?.stop());

function input(overrides: Record<string, unknown> = {}) {
  return {
    title: '廣東省縣域普通高中振興行動計劃(2024—2027年)',
    level: 'PROVINCE',
    issuer: '广东省教育厅',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    periodStart: 2024,
    periodEnd: 2027,
    publishedOn: '2024-03',
    regionCodes: ['440000'],
    points: ['擴大縣域優質高中學位供給。'],
    targets: [{ indicator: '县域普通高中优质学位', value: 10, unit: '万个', year: 2027, comparator: 'AT_LEAST' }],
    stages: ['基础教育'],
    ...overrides,
  };
}

async function counts(
  measureId?: string,
): Promise<{ measures: number; audit: number; events: number; keys: number; observations: number }> {
  const where = measureId ? `WHERE measure_id = $1` : '';
  const params = measureId ? [measureId] : [];
  const one = async (sql: string, p: unknown[] = params) => Number(((await dataSource.query(sql, p)) as { n: string }[])[0]!.n);
  return {
    measures: await one(measureId ? `SELECT count(*) AS n FROM measures WHERE id = $1` : `SELECT count(*) AS n FROM measures`),
    audit: await one(`SELECT count(*) AS n FROM audit_log ${where}`),
    events: await one(`SELECT count(*) AS n FROM measure_events ${where}`),
    keys: await one(
      measureId ? `SELECT count(*) AS n FROM idempotency_keys WHERE measure_id = $1` : `SELECT count(*) AS n FROM idempotency_keys`,
    ),
    observations: await one(`SELECT count(*) AS n FROM target_observations ${where}`),
  };
}

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected the write to be refused');
}

async function events(measureId: string): Promise<{ version: number; kind: string; snapshot: MeasureSnapshot }[]> {
  return dataSource.query(`SELECT version, kind, snapshot FROM measure_events WHERE measure_id = $1 ORDER BY seq`, [measureId]);
}

async function auditOf(
  measureId: string,
): Promise<
  { action: string; version: number; actor: string; scopes: string[]; changes: Record<string, { before: unknown; after: unknown }> }[]
> {
  return dataSource.query(`SELECT action, version, actor, scopes, changes FROM audit_log WHERE measure_id = $1 ORDER BY id`, [measureId]);
}

describe('create, update, archive', () => {
  it('creates version 1, updates to 2, archives at 3, each with its audit entry and outbox event', async () => {
    const created = await writes.create(EDITOR, input());
    const id = created.measure.id;
    expect(id).toMatch(/^education-[0-9a-f-]{36}$/);
    expect(created.measure).toMatchObject({
      version: 1,
      department: 'EDUCATION',
      originalTitle: '廣東省縣域普通高中振興行動計劃(2024—2027年)',
      title: '广东省县域普通高中振兴行动计划(2024—2027年)',
      points: ['擴大縣域優質高中學位供給。'],
      pointsNormalised: ['扩大县域优质高中学位供给。'],
      details: { stages: ['基础教育'] },
      source: { document: 'api', documentTitle: 'Entered through the API by editor@gdedu', excerpt: '' },
    });
    expect(created).toMatchObject({ replayed: false, catalogUpdated: false });
    expect(created.snapshot.targets).toEqual([
      expect.objectContaining({ id: `${id}:t1`, indicator: '县域普通高中优质学位', value: 10, comparator: 'AT_LEAST', observations: [] }),
    ]);

    const updated = await writes.update(EDITOR, id, 1, { title: '广东省县域普通高中振兴行动计划', pairedCounties: 57, periodEnd: 2028 });
    expect(updated.measure).toMatchObject({
      version: 2,
      title: '广东省县域普通高中振兴行动计划',
      periodEnd: 2028,
      details: { stages: ['基础教育'], pairedCounties: 57 },
    });

    const archived = await writes.archive(OFFICE, id, 2);
    expect(archived.measure.version).toBe(3);
    expect(archived.measure.archivedAt).toBeInstanceOf(Date);

    expect((await events(id)).map((e) => [e.version, e.kind, e.snapshot.version, e.snapshot.archived])).toEqual([
      [1, 'UPSERT', 1, false],
      [2, 'UPSERT', 2, false],
      [3, 'ARCHIVE', 3, true],
    ]);
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.version, a.actor, a.scopes])).toEqual([
      ['CREATE', 1, 'editor@gdedu', ['education:write']],
      ['UPDATE', 2, 'editor@gdedu', ['education:write']],
      ['ARCHIVE', 3, 'office@bqw', ['admin']],
    ]);
    expect(audit[0]!.changes['title']).toEqual({ before: null, after: '廣東省縣域普通高中振興行動計劃(2024—2027年)' });
    expect(audit[1]!.changes).toEqual({
      title: { before: '廣東省縣域普通高中振興行動計劃(2024—2027年)', after: '广东省县域普通高中振兴行动计划' },
      periodEnd: { before: 2027, after: 2028 },
      pairedCounties: { before: null, after: 57 },
    });
    expect(audit[2]!.changes).toEqual({ archived: { before: false, after: true } });

    // Archived: no more changes, and it says why.
    const refused = await rejection(writes.update(EDITOR, id, 3, { title: '再改' }));
    expect(refused.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, archived: true });
    expect(refused.message).toMatch(/archived.*cannot be changed/);
    expect((await rejection(writes.archive(EDITOR, id, 3))).extensions['code']).toBe('CONFLICT');
    expect(await counts(id)).toMatchObject({ audit: 3, events: 3 });

    // The audit read, for the department's editors and the office only.
    const trail = await writes.auditTrail(OFFICE, id);
    expect(trail.map((t) => t.action)).toEqual(['CREATE', 'UPDATE', 'ARCHIVE']);
    expect((await writes.auditTrail(EDITOR, id, { first: 1, after: trail[0]!.id })).map((t) => t.version)).toEqual([2]);
    expect((await rejection(writes.auditTrail(HEALTH_EDITOR, id))).extensions['code']).toBe('FORBIDDEN');
    expect((await rejection(writes.auditTrail(EDITOR, 'education-none'))).extensions['code']).toBe('NOT_FOUND');
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, and overwrites nothing', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '过期版本测试' }));
    await writes.update(EDITOR, measure.id, 1, { title: '第二版' });
    const before = await counts(measure.id);
    const error = await rejection(writes.update(EDITOR, measure.id, 1, { title: '基于旧版本的修改', regionCodes: ['440600'] }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect(error.message).toMatch(/is at version 2, not 1.*send expectedVersion 2/);
    const [row] = (await dataSource.query(`SELECT version, title, region_codes FROM measures WHERE id = $1`, [measure.id])) as {
      version: number;
      title: string;
      region_codes: string[];
    }[];
    expect(row).toEqual({ version: 2, title: '第二版', region_codes: ['440000'] });
    expect(await counts(measure.id)).toEqual(before);
    expect((await rejection(writes.archive(EDITOR, measure.id, 1))).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });

  it('answers NOT_FOUND for an unknown id or target', async () => {
    expect((await rejection(writes.update(EDITOR, 'education-no-such-measure', 1, { title: 'x' }))).extensions['code']).toBe('NOT_FOUND');
    expect((await rejection(writes.archive(EDITOR, 'education-no-such-measure', 1))).extensions['code']).toBe('NOT_FOUND');
    expect(
      (await rejection(writes.recordObservation(EDITOR, 'education-no-such:t1', { value: 1, observedOn: '2024' }))).extensions['code'],
    ).toBe('NOT_FOUND');
  });

  it('lets exactly one of 20 concurrent updates from the same version win; the rest get CONFLICT', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '并发更新测试' }));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => writes.update(EDITOR, measure.id, 1, { title: `并发更新 ${i}`, pairedInstitutions: i })),
    );
    const won = results.filter(
      (r): r is PromiseFulfilledResult<Awaited<ReturnType<MeasureCommands['update']>>> => r.status === 'fulfilled',
    );
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const failure of lost) expect((failure.reason as GraphQLError).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const winner = won[0]!.value.measure;
    const [row] = (await dataSource.query(`SELECT version, title, details FROM measures WHERE id = $1`, [measure.id])) as {
      version: number;
      title: string;
      details: { pairedInstitutions: number };
    }[];
    expect(row).toEqual({
      version: 2,
      title: winner.title,
      details: { stages: ['基础教育'], pairedInstitutions: winner.details['pairedInstitutions'] },
    });
    expect(row!.title).toBe(`并发更新 ${row!.details.pairedInstitutions}`);
    expect(await counts(measure.id)).toMatchObject({ audit: 2, events: 2 });
    const [, update] = await auditOf(measure.id);
    expect(update).toMatchObject({ action: 'UPDATE', version: 2, changes: { title: { before: '并发更新测试', after: row!.title } } });
    expect((await events(measure.id)).map((e) => e.snapshot.title)).toEqual(['并发更新测试', row!.title]);
  });

  it('writes nothing for an update that changes nothing', async () => {
    const { measure } = await writes.create(EDITOR, input({ title: '无变化' }));
    const same = await writes.update(EDITOR, measure.id, 1, { title: '无变化', stages: ['基础教育'] });
    expect(same).toMatchObject({ changed: false, measure: { version: 1 } });
    expect(await counts(measure.id)).toMatchObject({ audit: 1, events: 1 });
  });
});

describe('idempotent create', () => {
  it('answers a retry with the same key and input with the same measure, without a second row', async () => {
    const key = randomUUID();
    const before = await counts();
    const first = await writes.create(EDITOR, input({ title: '幂等创建' }), key);
    const again = await writes.create(EDITOR, input({ title: '幂等创建' }), key);
    expect(again.measure.id).toBe(first.measure.id);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(await counts()).toMatchObject({
      measures: before.measures + 1,
      audit: before.audit + 1,
      events: before.events + 1,
      keys: before.keys + 1,
    });

    // The key is the caller's: another caller's same key is another create.
    const other = await writes.create(OFFICE, input({ title: '幂等创建' }), key);
    expect(other.measure.id).not.toBe(first.measure.id);
  });

  it('makes one measure from 12 concurrent retries', async () => {
    const key = randomUUID();
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 12 }, () => writes.create(EDITOR, input({ title: '并发幂等创建' }), key)));
    expect(new Set(results.map((r) => r.measure.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await counts()).toMatchObject({
      measures: before.measures + 1,
      audit: before.audit + 1,
      events: before.events + 1,
      keys: before.keys + 1,
    });
  });

  it('refuses the same key with another input (CONFLICT) and writes nothing', async () => {
    const key = randomUUID();
    const first = await writes.create(EDITOR, input({ title: '幂等键冲突' }), key);
    const before = await counts();
    const error = await rejection(writes.create(EDITOR, input({ title: '另一个措施' }), key));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', measureId: first.measure.id });
    expect(error.message).toMatch(/already used for a different create/);
    expect(await counts()).toEqual(before);
  });
});

describe('validation and authorisation', () => {
  it('writes nothing when the input is invalid: no measure, no audit entry, no outbox event, no key', async () => {
    const before = await counts();
    const error = await rejection(
      writes.create(
        EDITOR,
        input({ title: '', regionCodes: ['450000'], targets: [{ indicator: '学位', value: Number.NaN, unit: '个' }] }),
        randomUUID(),
      ),
    );
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    expect(error.extensions['fields']).toEqual([
      { path: 'input.title', message: 'title must not be empty.' },
      { path: 'input.regionCodes.0', message: expect.stringMatching(/"450000" is not a Guangdong division code/) },
      { path: 'input.targets.0.value', message: 'value must be a finite number, got NaN.' },
    ]);
    expect(await counts()).toEqual(before);

    const { measure } = await writes.create(EDITOR, input({ title: '更新校验', periodStart: 2024, periodEnd: 2027 }));
    const afterCreate = await counts();
    const badUpdate = await rejection(writes.update(EDITOR, measure.id, 1, { periodStart: 2030 }));
    expect(badUpdate.extensions['fields']).toEqual([
      { path: 'input.periodStart', message: expect.stringMatching(/periodEnd \(2027\) must not be before periodStart \(2030\)/) },
    ]);
    const foreignTarget = await rejection(
      writes.update(EDITOR, measure.id, 1, {
        targets: [{ id: 'education-action-plan-2023-2027:t1', indicator: 'x', value: 1, unit: '个' }],
      }),
    );
    expect(foreignTarget.extensions['fields']).toEqual([
      { path: 'input.targets.0.id', message: expect.stringMatching(/is not a target of measure/) },
    ]);
    expect((await rejection(writes.update(EDITOR, measure.id, 0, { title: 'x' }))).extensions['fields']).toEqual([
      { path: 'expectedVersion', message: 'expectedVersion must be at least 1: the version you last read.' },
    ]);
    expect(await counts()).toEqual(afterCreate);
  });

  it('refuses anonymous callers (UNAUTHENTICATED) and callers without the scope (FORBIDDEN) before anything else', async () => {
    const before = await counts();
    expect((await rejection(writes.create(ANONYMOUS, input()))).extensions['code']).toBe('UNAUTHENTICATED');
    expect((await rejection(writes.create(HEALTH_EDITOR, input()))).extensions['code']).toBe('FORBIDDEN');
    expect((await rejection(writes.create(HEALTH_EDITOR, { title: '' }))).extensions['code']).toBe('FORBIDDEN');
    expect((await rejection(writes.update(ANONYMOUS, 'education-action-plan-2023-2027', 1, { title: 'x' }))).extensions['code']).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await rejection(writes.recordObservation(HEALTH_EDITOR, 'education-action-plan-2023-2027:t1', { value: 1, observedOn: '2024' })))
        .extensions['code'],
    ).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('target observations', () => {
  it('records an observation into the snapshot the catalog receives, and keeps it while the target is kept', async () => {
    const { measure, snapshot } = await writes.create(EDITOR, input({ title: '观测测试' }));
    const targetId = snapshot.targets[0]!.id;
    const recorded = await writes.recordObservation(EDITOR, targetId, {
      value: 6.5,
      observedOn: '2025',
      note: '年度统计',
      source: '省教育厅统计公报',
    });
    expect(recorded.measure.version).toBe(2);
    expect(recorded.observation).toMatchObject({ targetId, value: 6.5, observedOn: '2025', note: '年度统计', source: '省教育厅统计公报' });
    await writes.recordObservation(EDITOR, targetId, { value: 4.1, observedOn: '2024-06' });

    const feed = await events(measure.id);
    expect(feed.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(feed[2]!.snapshot.targets[0]!.observations!.map((o) => [o.observedOn, o.value])).toEqual([
      ['2024-06', 4.1],
      ['2025', 6.5],
    ]);
    expect((await auditOf(measure.id)).map((a) => a.action)).toEqual(['CREATE', 'OBSERVE', 'OBSERVE']);

    // An update that keeps the target by id keeps its observations; one that drops it drops them.
    const kept = await writes.update(EDITOR, measure.id, 3, {
      targets: [{ id: targetId, indicator: '县域普通高中优质学位', value: 12, unit: '万个', year: 2027 }],
    });
    expect(kept.snapshot.targets[0]).toMatchObject({
      id: targetId,
      value: 12,
      observations: [expect.objectContaining({ value: 4.1 }), expect.objectContaining({ value: 6.5 })],
    });
    const replaced = await writes.update(EDITOR, measure.id, 4, { targets: [{ indicator: '新指标', value: 1, unit: '个' }] });
    expect(replaced.snapshot.targets).toEqual([expect.objectContaining({ indicator: '新指标', observations: [] })]);
    expect(await counts(measure.id)).toMatchObject({ observations: 0 });
    expect((await rejection(writes.recordObservation(EDITOR, targetId, { value: 1, observedOn: '2025' }))).extensions['code']).toBe(
      'NOT_FOUND',
    );
  });
});

describe('seed imports after writes', () => {
  it('leave measures the department changed through the API as they are', async () => {
    await writes.update(EDITOR, 'education-action-plan-2023-2027', 1, { pairedCounties: 99 });
    await dataSource.query(`UPDATE seed_state SET checksum = 'changed' WHERE dataset = 'measures'`);
    await departmentMeasureLoader('EDUCATION')(dataSource, silentLogger());
    const [row] = (await dataSource.query(`SELECT version, details FROM measures WHERE id = 'education-action-plan-2023-2027'`)) as {
      version: number;
      details: Record<string, unknown>;
    }[];
    expect(row).toMatchObject({ version: 2, details: { pairedCounties: 99 } });
  });
});

describe('over HTTP', () => {
  const create = `mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input, idempotencyKey: "k1") { version measure { id stages } } }`;

  it('answers an anonymous write with UNAUTHENTICATED and writes nothing', async () => {
    const before = await counts();
    const { status, body } = await graphqlRequest(subgraph.url, create, { input: input() });
    expect(status).toBe(200);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    for (const mutation of [
      `mutation { updateEducationMeasure(id: "education-action-plan-2023-2027", expectedVersion: 1, input: { title: "x" }) { version } }`,
      `mutation { archiveEducationMeasure(id: "education-action-plan-2023-2027", expectedVersion: 1) { version } }`,
      `mutation { recordEducationMeasureTargetObservation(targetId: "education-action-plan-2023-2027:t1", input: { value: 1, observedOn: "2024" }) { version } }`,
    ]) {
      const answer = await graphqlRequest(subgraph.url, mutation);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
    const audit = await graphqlRequest(subgraph.url, `{ educationMeasureAudit(id: "education-action-plan-2023-2027") { action } }`);
    expect(audit.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await counts()).toEqual(before);
  });

  it('answers an anonymous write with UNAUTHENTICATED even when its input is invalid', async () => {
    const { body } = await graphqlRequest(subgraph.url, create, { input: input({ title: '', regionCodes: ['1'] }) });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('states the write rule in its SDL', async () => {
    const sdl = printSubgraphSdl(await buildModuleSchema(educationSubgraph));
    for (const field of [
      'createEducationMeasure',
      'updateEducationMeasure',
      'archiveEducationMeasure',
      'recordEducationMeasureTargetObservation',
      'educationMeasureAudit',
    ]) {
      expect(sdl).toMatch(
        new RegExp(`${field}\\([^)]*\\): [^\\n]*@requiresScopes\\(scopes: \\[\\["education:write"\\], \\["admin"\\]\\]\\)`),
      );
    }
  });
});
