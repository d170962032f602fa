import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { workspaceRoot } from '@hkp/util-env';
import {
  MEASURE_CHANGED_SCHEMA_VERSION,
  measureChangedEventSchema,
  measureChangedJsonSchema,
  measureChangedPayloadSchema,
  snapshotTargetSchema,
} from '@hkp/policy-model/events';
import { writeApprovals } from './approvals';
import { checkSchemas } from './check';
import { diffEventSchemas } from './event-diff';
import { eventSchemaPath, staleEventSchemas, writeEventSchemas, type EventSchemaSource } from './event-schemas';
import { releaseSchemas } from './release';
import { formatReport } from './report';

// The MeasureChanged event checked like a schema: a department changes the zod schema of the
// event (policy-model events/measure-changed.ts), writes schema/events/ and runs the check.

const EVENT = 'events/measure-changed';

/** The event as a department's code would describe it after changing its schema. */
function changedEvent(schema: z.ZodType, version = MEASURE_CHANGED_SCHEMA_VERSION): EventSchemaSource {
  return { name: EVENT, generate: () => ({ ...z.toJSONSchema(schema, { io: 'input' }), 'x-schema-version': version }) };
}
const withSnapshot = (snapshot: z.ZodType) => measureChangedEventSchema.extend({ snapshot });

describe('diffEventSchemas', () => {
  const diff = (after: z.ZodType, before: z.ZodType = measureChangedEventSchema) =>
    diffEventSchemas(changedEvent(before).generate(), changedEvent(after).generate()).map((c) => [c.type, c.coordinate, c.breaks]);

  it('finds nothing between the schema and itself', () => {
    expect(diffEventSchemas(measureChangedJsonSchema(), measureChangedJsonSchema())).toEqual([]);
  });

  it('calls an added optional field safe, and an added required one a break of old writers', () => {
    expect(diff(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number().optional() })))).toEqual([
      ['FIELD_ADDED', 'snapshot.fundingTotal', []],
    ]);
    expect(diff(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number() })))).toEqual([
      ['REQUIRED_FIELD_ADDED', 'snapshot.fundingTotal', ['old writers']],
    ]);
  });

  it('calls a removed required field a break of old readers, a removed optional one safe', () => {
    expect(diff(withSnapshot(measureChangedPayloadSchema.omit({ title: true })))).toEqual([
      ['FIELD_REMOVED', 'snapshot.title', ['old readers']],
    ]);
    const source = measureChangedPayloadSchema.shape.source;
    expect(diff(withSnapshot(measureChangedPayloadSchema.extend({ source: source.omit({ article: true }) })))).toEqual([
      ['OPTIONAL_FIELD_REMOVED', 'snapshot.source.article', []],
    ]);
  });

  it('calls a retyped field a break of both sides, inside arrays too', () => {
    const target = snapshotTargetSchema.extend({ value: z.string() });
    expect(diff(withSnapshot(measureChangedPayloadSchema.extend({ targets: z.array(target) })))).toEqual([
      ['FIELD_TYPE_CHANGED', 'snapshot.targets[].value', ['old readers', 'old writers']],
    ]);
  });

  it('tells which side nullability, optionality and enum values break', () => {
    const p = measureChangedPayloadSchema;
    expect(diff(withSnapshot(p.extend({ title: z.string().nullable() })))).toEqual([
      ['FIELD_MADE_NULLABLE', 'snapshot.title', ['old readers']],
    ]);
    expect(diff(withSnapshot(p.extend({ publishedOn: z.string() })))).toEqual([
      ['FIELD_MADE_NON_NULLABLE', 'snapshot.publishedOn', ['old writers']],
    ]);
    expect(diff(withSnapshot(p.extend({ title: z.string().optional() })))).toEqual([
      ['FIELD_MADE_OPTIONAL', 'snapshot.title', ['old readers']],
    ]);
    expect(diff(withSnapshot(p.extend({ schemaVersion: z.number().int().positive() })))).toEqual([
      ['FIELD_MADE_REQUIRED', 'snapshot.schemaVersion', ['old writers']],
    ]);
    expect(diff(measureChangedEventSchema.extend({ kind: z.enum(['UPSERT', 'ARCHIVE', 'DELETE']) }))).toEqual([
      ['ENUM_VALUE_ADDED', 'kind', ['old readers']],
    ]);
    expect(diff(measureChangedEventSchema.extend({ kind: z.enum(['UPSERT']) }))).toEqual([['ENUM_VALUE_REMOVED', 'kind', ['old writers']]]);
  });

  it('calls a new major version a break of old readers (they skip the new events)', () => {
    const changes = diffEventSchemas(measureChangedJsonSchema(), changedEvent(measureChangedEventSchema, 2).generate());
    expect(changes).toEqual([expect.objectContaining({ type: 'SCHEMA_VERSION_CHANGED', breaks: ['old readers'] })]);
    expect(changes[0]!.message).toBe('the major version changed from 1 to 2: readers of 1 skip the new events until they are upgraded');
  });
});

describe('the committed event schemas', () => {
  it('are what the code describes (npm run schema:check -- --write-events writes them)', () => {
    expect(staleEventSchemas(workspaceRoot())).toEqual([]);
  });

  it('have a released snapshot', () => {
    expect(JSON.parse(readFileSync(join(workspaceRoot(), 'schema', 'released', 'events', 'measure-changed.json'), 'utf8'))).toMatchObject({
      title: 'MeasureChanged',
      'x-schema-version': expect.any(Number),
    });
  });
});

describe('npm run schema:check and schema:release on the event', () => {
  let root: string;
  const DEPARTMENTS: string[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'event-schema-check-'));
    const repo = workspaceRoot();
    // Only the event: the GraphQL schemas have their own spec (schema-check.spec.ts). The released
    // event stands for "now"; each test changes it as a department would.
    cpSync(join(repo, 'schema', 'released', 'events'), join(root, 'schema', 'released', 'events'), { recursive: true });
    cpSync(join(repo, 'schema', 'released', 'events'), join(root, 'schema', 'events'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Changes the event's code, writes schema/events/ as a department does, and checks. */
  async function check(source: EventSchemaSource) {
    writeEventSchemas(root, [source]);
    return checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] });
  }

  it('fails while the committed event schema is not what the code describes, and passes once it is written', async () => {
    const source = changedEvent(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number().optional() })));
    const stale = await checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] });
    expect(stale.failed).toBe(true);
    expect(stale.stale).toEqual(['schema/events/measure-changed.json']);
    expect(formatReport(stale)).toContain(
      'schema/events/measure-changed.json is not what the code describes: run npm run schema:check -- --write-events and commit it.',
    );
    writeEventSchemas(root, [source]);
    expect(await checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] })).toMatchObject({ stale: [], failed: false });
  });

  it('passes an added optional field as safe', async () => {
    const report = await check(changedEvent(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number().optional() }))));
    expect(report.failed).toBe(false);
    expect(report.changes).toEqual([
      expect.objectContaining({ schema: EVENT, coordinate: 'snapshot.fundingTotal', type: 'FIELD_ADDED', verdict: 'safe' }),
    ]);
  });

  it('fails on a removed field, saying whom it breaks, and passes once the owning department approves it', async () => {
    const source = changedEvent(withSnapshot(measureChangedPayloadSchema.omit({ originalTitle: true })));
    const report = await check(source);
    expect(report.failed).toBe(true);
    expect(report.changes).toEqual([
      expect.objectContaining({ coordinate: 'snapshot.originalTitle', type: 'FIELD_REMOVED', verdict: 'blocked', breaks: ['old readers'] }),
    ]);
    const printed = formatReport(report);
    expect(printed).toContain(
      'events/measure-changed: snapshot.originalTitle: FIELD_REMOVED: required field snapshot.originalTitle was removed',
    );
    expect(printed).toContain('breaks old readers: a service still on the previous release cannot read the events the new code writes');
    expect(printed).toContain('give the event a new schemaVersion');

    // Approved for another schema it does not count; for the event it does.
    const approval = {
      coordinate: 'snapshot.originalTitle',
      change: 'FIELD_REMOVED',
      reason: 'The catalog and every department deploy together in this release; the title is kept in title.',
      department: 'programme',
      approvedOn: '2026-12-02',
    };
    writeApprovals(root, [{ ...approval, schema: 'programme' }]);
    expect((await checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] })).failed).toBe(true);
    writeApprovals(root, [{ ...approval, schema: EVENT }]);
    const approved = await checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] });
    expect(approved.failed).toBe(false);
    expect(approved.changes[0]).toMatchObject({ verdict: 'approved' });
  });

  it('fails on a new required field (old writers) and a retyped one (both sides)', async () => {
    const required = await check(changedEvent(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number() }))));
    expect(required.changes.map((c) => [c.type, c.verdict, c.breaks])).toEqual([['REQUIRED_FIELD_ADDED', 'blocked', ['old writers']]]);
    expect(formatReport(required)).toContain(
      'breaks old writers: the new code cannot read the events a service still on the previous release writes',
    );

    const retyped = await check(changedEvent(withSnapshot(measureChangedPayloadSchema.extend({ periodStart: z.string().nullable() }))));
    expect(retyped.changes.map((c) => [c.coordinate, c.type, c.verdict, c.breaks])).toEqual([
      ['snapshot.periodStart', 'FIELD_TYPE_CHANGED', 'blocked', ['old readers', 'old writers']],
    ]);
  });

  it('releases the event with the rest: the released schema is the committed one, the changelog names the change', async () => {
    const source = changedEvent(withSnapshot(measureChangedPayloadSchema.extend({ fundingTotal: z.number().optional() })));
    writeEventSchemas(root, [source]);
    const report = await releaseSchemas(root, '2026-12-03', DEPARTMENTS, { eventSchemas: [source] });
    expect(report.failed).toBe(false);
    expect(readFileSync(join(root, 'schema', 'released', 'events', 'measure-changed.json'), 'utf8')).toBe(
      readFileSync(eventSchemaPath(root, EVENT), 'utf8'),
    );
    const changelog = readFileSync(join(root, 'schema', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('### Event measure-changed (schema/events/measure-changed.json)');
    expect(changelog).toContain('- `snapshot.fundingTotal` FIELD_ADDED: optional field snapshot.fundingTotal was added.');
    expect((await checkSchemas(root, DEPARTMENTS, { eventSchemas: [source] })).changes).toEqual([]);
  });

  it('releases nothing while a breaking event change is not approved', async () => {
    const before = readFileSync(join(root, 'schema', 'released', 'events', 'measure-changed.json'), 'utf8');
    const source = changedEvent(measureChangedEventSchema, MEASURE_CHANGED_SCHEMA_VERSION + 1);
    writeEventSchemas(root, [source]);
    expect((await releaseSchemas(root, '2026-12-03', DEPARTMENTS, { eventSchemas: [source] })).failed).toBe(true);
    expect(readFileSync(join(root, 'schema', 'released', 'events', 'measure-changed.json'), 'utf8')).toBe(before);
  });
});
