import { ArgsType, Field, ID, Int, type ClassType } from 'type-graphql';
import type { DepartmentEntry } from '@hkp/departments';
import {
  checkPageSize,
  ConnectionType,
  FEED_PAGE,
  pageSize,
  pageWindow,
  toConnection,
  userInputError,
  type Connection,
  type SortKeyShape,
  type SubgraphContext,
} from '@hkp/subgraph-kit';
import type { MeasureEntity } from './entities/measure.entity';
import type { z } from 'zod';
import type { FieldsShape, MeasureFields, MeasureFieldsInput, MeasureFieldsOutput } from './fields/measure-fields';
import { MeasureAuditEntry } from './graphql/measure-audit.type';
import { RegionScope } from './graphql/measure-enums';
import { MeasureChange, MeasureFeedPage } from './graphql/measure-change.type';
import { CONNECTION_FIRST, type RegionMeasureListArgs } from './graphql/region-list-args';
import { TargetObservation } from './graphql/target-observation.type';
import type { MeasureSnapshot } from './measure-snapshot';
import type { MeasureStore } from './measure-store';
import { assertKnownRegionCode } from './region-scope';
import type { MeasureCommands } from './writes/measure-commands';
import type { TargetObservationInput } from './writes/measure-input';
import { defineMeasureWriteTypes, toAuditEntry, type MeasureMutationResult } from './writes/measure-write-schema';
import { writeScopesOf } from './writes/write-access';

// What a department's measure resolvers delegate to: the types named after its measure type, the
// descriptions of its fields, and each operation on the store and the write commands. The
// resolver classes themselves, with their fields and decorators, are in the department's folder.

export interface DepartmentContext extends SubgraphContext {
  measures: MeasureStore;
  /** Writes of the department's measures (checks scopes itself). */
  measureWrites: MeasureCommands;
}

/** The arguments of `<prefix>Measures`. */
@ArgsType()
export class MeasureListArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only measures this region selects under `scope` (by default: for this region or a region below it).',
  })
  regionCode?: string;

  @Field(() => RegionScope, {
    nullable: true,
    defaultValue: RegionScope.WITHIN,
    description:
      'How regionCode selects: WITHIN (this region or below it), APPLIES (this region, the regions above it and the whole province) or AT (exactly this region). Without regionCode it changes nothing.',
  })
  scope?: RegionScope;

  @Field(() => Int, CONNECTION_FIRST)
  first?: number;

  @Field({ nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

/** A department's own list is sorted by id; its cursors hold the last id. */
const BY_ID: SortKeyShape = ['string'];

export interface MeasureWriteOperationsOptions<T extends { id: string }, D extends object> {
  department: DepartmentEntry;
  /** The type a write answers with. */
  measureType: ClassType<T>;
  /** The department's own input fields (`<Type>DetailsInput`). */
  detailsInput: ClassType<D>;
  toResult: (written: { measure: MeasureEntity; snapshot: MeasureSnapshot }) => T;
}

/** The write side of a department's measures: `create<Type>` … and `<prefix>MeasureAudit`. */
export class MeasureWriteOperations<T extends { id: string }, D extends object> {
  readonly CreateInput: ClassType<object>;
  readonly UpdateInput: ClassType<object>;
  readonly MutationResult: ClassType<MeasureMutationResult<T>>;
  /** `<name>:write` or admin, which every write field requires. */
  readonly writeScopes: string[];
  /** The descriptions of the write fields, naming the type and the scopes. */
  readonly describe: { create: string; update: string; archive: string; recordObservation: string; audit: string };
  /** Types the write fields answer with, for the schema to include. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes: Function[];
  private readonly toPayload: ReturnType<typeof defineMeasureWriteTypes<T, D>>['toPayload'];

  constructor(options: MeasureWriteOperationsOptions<T, D>) {
    const { typeName, name } = options.department;
    const types = defineMeasureWriteTypes({ ...options, typeName });
    this.CreateInput = types.CreateInput;
    this.UpdateInput = types.UpdateInput;
    this.MutationResult = types.MutationResult;
    this.toPayload = types.toPayload;
    this.orphanedTypes = [types.MutationResult, MeasureAuditEntry, TargetObservation];
    this.writeScopes = writeScopesOf(name);
    const aType = `${/^[AEIOU]/.test(typeName) ? 'an' : 'a'} ${typeName}`;
    const needs = `Needs the scope ${this.writeScopes.map((s) => `"${s}"`).join(' or ')}.`;
    this.describe = {
      create: `Creates ${aType} (version 1). Send an idempotencyKey (e.g. a UUID) to retry safely: the same key with the same input answers with the measure made the first time. ${needs}`,
      update: `Changes ${aType} if it is still at expectedVersion (else CONFLICT with extensions.currentVersion, and nothing is changed). ${needs}`,
      archive: `Archives ${aType} (it leaves lists and search; it can no longer be changed). ${needs}`,
      recordObservation: `Records a measured value of a target of ${aType}; the measure's version increases. ${needs}`,
      audit: `Every write to one of this department's measures, oldest first. ${needs}`,
    };
  }

  async create(ctx: WriteContext, input: object, idempotencyKey: string | null | undefined): Promise<MeasureMutationResult<T>> {
    return this.toPayload(await ctx.measureWrites.create(ctx.auth, input, idempotencyKey));
  }

  async update(ctx: WriteContext, id: string, expectedVersion: number, input: object): Promise<MeasureMutationResult<T>> {
    return this.toPayload(await ctx.measureWrites.update(ctx.auth, id, expectedVersion, input));
  }

  async archive(ctx: WriteContext, id: string, expectedVersion: number): Promise<MeasureMutationResult<T>> {
    return this.toPayload(await ctx.measureWrites.archive(ctx.auth, id, expectedVersion));
  }

  async recordObservation(ctx: WriteContext, targetId: string, input: TargetObservationInput): Promise<MeasureMutationResult<T>> {
    return this.toPayload(await ctx.measureWrites.recordObservation(ctx.auth, targetId, input));
  }

  async audit(ctx: WriteContext, id: string, page: { first: number; after: string | null | undefined }): Promise<MeasureAuditEntry[]> {
    return (await ctx.measureWrites.auditTrail(ctx.auth, id, page)).map(toAuditEntry);
  }
}

type WriteContext = Pick<DepartmentContext, 'auth' | 'measureWrites'>;

/** Reads and writes of a department's measures, its type built from its fields. */
export class DepartmentMeasureOperations<T extends { id: string }, D extends object> extends MeasureWriteOperations<T, D> {
  readonly Measure: ClassType<T>;
  /** `<Type>Connection`, the page `<prefix>Measures` answers with. */
  readonly Connection: ClassType<Connection<T>>;
  override readonly describe: MeasureWriteOperations<T, D>['describe'] & { list: string; changes: string; regionMeasures: string };
  private readonly toMeasure: (entity: MeasureEntity) => T;

  constructor(department: DepartmentEntry, measureType: ClassType<T>, detailsInput: ClassType<D>, toMeasure: (entity: MeasureEntity) => T) {
    super({ department, measureType, detailsInput, toResult: ({ measure }) => toMeasure(measure) });
    this.Measure = measureType;
    this.toMeasure = toMeasure;
    this.Connection = ConnectionType(() => measureType, department.typeName) as unknown as ClassType<Connection<T>>;
    this.describe = {
      ...this.describe,
      list: `This department's own measures, a page at a time.`,
      changes: "The change feed (outbox) after a position, oldest first, with the feed's id.",
      regionMeasures: `${department.typeName}s this region selects under \`scope\` (by default: for this region or a region below it), the first \`first\` by id (\`${department.fieldPrefix}Measures(regionCode:, scope:)\` pages through all of them).`,
    };
  }

  async list(args: MeasureListArgs, ctx: DepartmentContext): Promise<Connection<T>> {
    if (args.regionCode) assertKnownRegionCode(args.regionCode, 'regionCode');
    const window = pageWindow(args.first, args.after, BY_ID);
    const { rows, totalCount } = await ctx.measures.list({
      regionCode: args.regionCode,
      scope: args.scope ?? RegionScope.WITHIN,
      limit: window.limit + 1,
      afterId: window.after ? (window.after[0] as string) : null,
    });
    return toConnection(rows.map(this.toMeasure), totalCount, window, (m) => [m.id]);
  }

  async changes(after: string, first: number, ctx: DepartmentContext): Promise<MeasureFeedPage> {
    if (!/^\d{1,18}$/.test(after)) throw userInputError('"after" must be a feed position (a whole number as a string).', 'after');
    const { feedId, latestSeq, events } = await ctx.measures.feed(Number(after), checkPageSize(first, FEED_PAGE));
    const changes = events.map((e) =>
      Object.assign(new MeasureChange(), {
        seq: String(e.seq),
        measureId: e.measureId,
        version: e.version,
        kind: e.kind,
        snapshot: JSON.stringify(e.snapshot),
      }),
    );
    return Object.assign(new MeasureFeedPage(), { feedId, latestSeq, changes });
  }

  async touchingRegion(code: string, args: RegionMeasureListArgs, ctx: DepartmentContext): Promise<T[]> {
    return (await ctx.measures.touchingRegion(code, pageSize(args.first), args.scope ?? RegionScope.WITHIN)).map(this.toMeasure);
  }

  async byId(id: string, ctx: DepartmentContext): Promise<T | null> {
    const entity = await ctx.measures.byId(id);
    return entity ? this.toMeasure(entity) : null;
  }
}

const operationsOf = new WeakMap<object, DepartmentMeasureOperations<{ id: string }, object>>();

/**
 * The operations of the department whose fields these are: one per declaration, so that the
 * department's resolvers and its subgraph share the same GraphQL types.
 */
export function departmentMeasureOperations<S extends FieldsShape, C extends Record<string, z.ZodType>>(
  fields: MeasureFields<S, C>,
): DepartmentMeasureOperations<{ id: string } & MeasureFieldsOutput<S>, MeasureFieldsInput<S>> {
  let operations = operationsOf.get(fields);
  if (!operations) {
    operations = new DepartmentMeasureOperations(fields.department, fields.MeasureType, fields.DetailsInput, (entity) =>
      fields.toMeasure(entity),
    ) as DepartmentMeasureOperations<{ id: string }, object>;
    operationsOf.set(fields, operations);
  }
  return operations as unknown as DepartmentMeasureOperations<{ id: string } & MeasureFieldsOutput<S>, MeasureFieldsInput<S>>;
}
