import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver, type ClassType } from 'type-graphql';
import type { AuthInfo } from '@hkp/subgraph-kit';
import type { MeasureEntity } from '../entities/measure.entity';
import { MeasureAuditEntry, MeasureFieldChange } from '../graphql/measure-audit.type';
import { TargetObservation } from '../graphql/target-observation.type';
import type { MeasureSnapshot } from '../measure-snapshot';
import { defineMeasureInputs, TargetObservationInput } from './measure-input';
import type { AuditRecord, MeasureCommands, MeasureWriteResult, RecordedObservation } from './measure-commands';
import { RequireScopes, writeScopesOf } from './write-access';

/** What the write resolvers need in the request context. */
export interface MeasureWriteContext {
  auth: AuthInfo;
  measureWrites: MeasureCommands;
}

export interface MeasureWriteSchemaOptions<T extends { id: string }, D extends object> {
  /** The department's measure type. */
  measureType: ClassType<T>;
  /** Its GraphQL name, which names the fields: `EducationMeasure` → `createEducationMeasure`. */
  typeName: string;
  /** Prefix of the department's root fields: `education` → `educationMeasureAudit`. */
  fieldPrefix: string;
  /** The service: writes need `<service>:write` or `admin`. */
  service: string;
  /** The department's own input fields (an `@InputType` class no field refers to; all nullable). */
  detailsInput: ClassType<D>;
  /** The written measure as the department's type. */
  toResult: (written: { measure: MeasureEntity; snapshot: MeasureSnapshot }) => T;
}

export function toTargetObservation(observation: RecordedObservation): TargetObservation {
  return Object.assign(new TargetObservation(), { ...observation, recordedAt: new Date(observation.recordedAt) });
}

function toAuditEntry(record: AuditRecord): MeasureAuditEntry {
  return Object.assign(new MeasureAuditEntry(), {
    ...record,
    changes: Object.entries(record.changes).map(([field, change]) =>
      Object.assign(new MeasureFieldChange(), {
        field,
        before: change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
      }),
    ),
  });
}

/**
 * The write API of one department's measures: `create<Type>`, `update<Type>`, `archive<Type>`,
 * `record<Type>TargetObservation` and the `<prefix>MeasureAudit` read, each guarded by the
 * department's write scope (or admin) and stating it with @requiresScopes.
 */
export function defineMeasureWriteSchema<T extends { id: string }, D extends object>(options: MeasureWriteSchemaOptions<T, D>) {
  const { measureType, toResult } = options;
  const graphqlName = options.typeName;
  const aType = `${/^[AEIOU]/.test(graphqlName) ? 'an' : 'a'} ${graphqlName}`;
  const scopes = writeScopesOf(options.service);
  const { CreateInput, UpdateInput } = defineMeasureInputs(graphqlName, options.detailsInput);

  @ObjectType(`${graphqlName}MutationResult`, { description: `The outcome of a write to ${aType}.` })
  class MutationResult {
    @Field(() => measureType, { description: 'The measure after the write.' })
    measure: T;

    @Field(() => Int, { description: 'Its version now: send it as expectedVersion with your next change.' })
    version: number;

    @Field()
    archived: boolean;

    @Field({ description: 'True when an earlier create with the same idempotencyKey answered; nothing new was written.' })
    replayed: boolean;

    @Field({
      description:
        'True when the cross-department catalog (`measures` search) confirmed it already shows this change; otherwise it will within its sync interval.',
    })
    catalogUpdated: boolean;

    @Field(() => TargetObservation, {
      nullable: true,
      description: `The observation recorded (record${graphqlName}TargetObservation only).`,
    })
    observation: TargetObservation | null;
  }

  const toPayload = (result: MeasureWriteResult): MutationResult =>
    Object.assign(new MutationResult(), {
      measure: toResult(result),
      version: result.measure.version,
      archived: result.measure.archivedAt !== null,
      replayed: result.replayed,
      catalogUpdated: result.catalogUpdated,
      observation: result.observation ? toTargetObservation(result.observation) : null,
    });

  const needs = `Needs the scope ${scopes.map((s) => `"${s}"`).join(' or ')}.`;

  @Resolver()
  class MeasureWriteResolver {
    @RequireScopes(scopes)
    @Mutation(() => MutationResult, {
      name: `create${graphqlName}`,
      description: `Creates ${aType} (version 1). Send an idempotencyKey (e.g. a UUID) to retry safely: the same key with the same input answers with the measure made the first time. ${needs}`,
    })
    async create(
      @Arg('input', () => CreateInput) input: object,
      @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
      @Ctx() ctx: MeasureWriteContext,
    ): Promise<MutationResult> {
      return toPayload(await ctx.measureWrites.create(ctx.auth, input, idempotencyKey));
    }

    @RequireScopes(scopes)
    @Mutation(() => MutationResult, {
      name: `update${graphqlName}`,
      description: `Changes ${aType} if it is still at expectedVersion (else CONFLICT with extensions.currentVersion, and nothing is changed). ${needs}`,
    })
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('expectedVersion', () => Int) expectedVersion: number,
      @Arg('input', () => UpdateInput) input: object,
      @Ctx() ctx: MeasureWriteContext,
    ): Promise<MutationResult> {
      return toPayload(await ctx.measureWrites.update(ctx.auth, id, expectedVersion, input));
    }

    @RequireScopes(scopes)
    @Mutation(() => MutationResult, {
      name: `archive${graphqlName}`,
      description: `Archives ${aType} (it leaves lists and search; it can no longer be changed). ${needs}`,
    })
    async archive(
      @Arg('id', () => ID) id: string,
      @Arg('expectedVersion', () => Int) expectedVersion: number,
      @Ctx() ctx: MeasureWriteContext,
    ): Promise<MutationResult> {
      return toPayload(await ctx.measureWrites.archive(ctx.auth, id, expectedVersion));
    }

    @RequireScopes(scopes)
    @Mutation(() => MutationResult, {
      name: `record${graphqlName}TargetObservation`,
      description: `Records a measured value of a target of ${aType}; the measure's version increases. ${needs}`,
    })
    async recordObservation(
      @Arg('targetId', () => ID) targetId: string,
      @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
      @Ctx() ctx: MeasureWriteContext,
    ): Promise<MutationResult> {
      return toPayload(await ctx.measureWrites.recordObservation(ctx.auth, targetId, input));
    }

    @RequireScopes(scopes)
    @Query(() => [MeasureAuditEntry], {
      nullable: true,
      name: `${options.fieldPrefix}MeasureAudit`,
      description: `Every write to one of this department's measures, oldest first. ${needs}`,
    })
    async audit(
      @Arg('id', () => ID) id: string,
      @Arg('first', () => Int, { nullable: true, defaultValue: 100, description: 'At most 500.' }) first: number,
      @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
      @Ctx() ctx: MeasureWriteContext,
    ): Promise<MeasureAuditEntry[]> {
      return (await ctx.measureWrites.auditTrail(ctx.auth, id, { first, after })).map(toAuditEntry);
    }
  }

  return { resolvers: [MeasureWriteResolver], orphanedTypes: [MutationResult, MeasureAuditEntry, TargetObservation] };
}
