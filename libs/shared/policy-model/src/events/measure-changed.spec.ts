import { MEASURE_CHANGED_SCHEMA_VERSION, measureChangedJsonSchema, type MeasureSnapshot } from './measure-changed';
import { readMeasureChanged, toMeasureChangedEvent, undeclaredPaths } from './measure-changed-codec';

// The event's contract on its own: what a writer may append and what a reader makes of what it is given.

const snapshot = (): MeasureSnapshot => ({
  id: 'education-1',
  version: 2,
  department: 'EDUCATION',
  responsibleBody: '省教育厅',
  category: 'EDUCATION',
  level: 'PROVINCE',
  issuer: '广东省教育厅',
  title: '广东省县域普通高中振兴行动计划',
  originalTitle: '广东省县域普通高中振兴行动计划',
  points: ['扩大县域优质高中学位供给。'],
  pointsNormalised: ['扩大县域优质高中学位供给。'],
  periodStart: 2024,
  periodEnd: 2027,
  publishedOn: '2024-03',
  regionCodes: ['440000'],
  targets: [
    {
      id: 'education-1:t1',
      indicator: '县域普通高中优质学位',
      value: 10,
      unit: '万个',
      year: 2027,
      comparator: 'AT_LEAST',
      baseline: null,
      regionCode: null,
      excerpt: '',
      observations: [{ id: 'o1', value: 4, observedOn: '2025', note: null, source: null, recordedAt: '2026-01-05T08:00:00.000Z' }],
    },
  ],
  source: { document: 'api', documentTitle: 'Entered through the API', excerpt: '', article: 'nanfang-daily-2024-03-01' },
  archived: false,
  updatedAt: '2026-01-05T08:00:00.000Z',
});
const envelope = { seq: '7', measureId: 'education-1', version: 2, kind: 'UPSERT' as const };

describe('toMeasureChangedEvent (the writer)', () => {
  it('stamps the schema version and keeps the snapshot as built', () => {
    expect(toMeasureChangedEvent(envelope, snapshot())).toEqual({ ...envelope, snapshot: { ...snapshot(), schemaVersion: 1 } });
  });

  it('refuses a snapshot with a field the schema does not declare, naming it', () => {
    const extended = { ...snapshot(), fundingLines: [] } as MeasureSnapshot;
    expect(() => toMeasureChangedEvent(envelope, extended)).toThrow(/does not declare \(snapshot\.fundingLines\)/);
  });

  it('refuses a snapshot that does not fit the schema, naming the field', () => {
    expect(() => toMeasureChangedEvent(envelope, { ...snapshot(), updatedAt: 'yesterday' })).toThrow(
      /does not fit its schema: snapshot\.updatedAt/,
    );
  });
});

describe('readMeasureChanged (the tolerant reader)', () => {
  const written = () => toMeasureChangedEvent(envelope, snapshot());

  it('reads an event served as JSON text as it reads the stored one', () => {
    const event = written();
    expect(readMeasureChanged({ ...event, snapshot: JSON.stringify(event.snapshot) })).toEqual({ ok: true, event });
  });

  it('ignores fields it does not know, at any depth', () => {
    const event = written();
    const future = {
      ...event.snapshot,
      fundingTotal: 12,
      targets: [{ ...event.snapshot.targets[0]!, dueQuarter: 'Q4' }],
      source: { ...event.snapshot.source, publisher: '南方日报' },
    };
    expect(readMeasureChanged({ ...event, snapshot: JSON.stringify(future) })).toEqual({ ok: true, event });
  });

  it('takes an event written before versions and observations as version 1 with no observations', () => {
    const { observations: _observations, ...target } = snapshot().targets[0]!;
    const old = { ...snapshot(), targets: [target] };
    const read = readMeasureChanged({ ...envelope, snapshot: old });
    expect(read).toMatchObject({
      ok: true,
      event: { snapshot: { schemaVersion: 1, targets: [{ id: 'education-1:t1', observations: [] }] } },
    });
  });

  it('does not read an event of a newer major version, and says which', () => {
    const read = readMeasureChanged({ ...envelope, snapshot: { ...snapshot(), schemaVersion: MEASURE_CHANGED_SCHEMA_VERSION + 1 } });
    expect(read).toEqual({
      ok: false,
      reason: 'newer-version',
      schemaVersion: 2,
      message: 'the event is of schema version 2, and this reader knows versions up to 1',
    });
  });

  it('does not read an event missing a required field, or one that is not JSON, and says why', () => {
    const { title: _title, ...untitled } = snapshot();
    expect(readMeasureChanged({ ...envelope, snapshot: untitled })).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: /snapshot\.title/,
    });
    expect(readMeasureChanged({ ...envelope, snapshot: '{"id":' })).toMatchObject({ ok: false, reason: 'invalid', message: /not JSON/ });
    expect(readMeasureChanged({ ...envelope, kind: 'DELETE', snapshot: snapshot() })).toMatchObject({ ok: false, message: /^kind:/ });
  });
});

describe('undeclaredPaths', () => {
  it('lists the keys a parse dropped, with their paths into arrays', () => {
    expect(undeclaredPaths({ a: 1, b: [{ c: 1, d: 2 }], e: undefined }, { a: 1, b: [{ c: 1 }] })).toEqual(['b[0].d']);
    expect(undeclaredPaths({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});

describe('measureChangedJsonSchema', () => {
  it('describes the wire form: defaulted fields optional, the major version stated', () => {
    const schema = measureChangedJsonSchema() as {
      'x-schema-version': number;
      required: string[];
      properties: { snapshot: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(schema['x-schema-version']).toBe(MEASURE_CHANGED_SCHEMA_VERSION);
    expect(schema.required).toEqual(['seq', 'measureId', 'version', 'kind', 'snapshot']);
    expect(schema.properties.snapshot.required).not.toContain('schemaVersion');
    expect(schema.properties.snapshot.required).toContain('title');
  });
});
