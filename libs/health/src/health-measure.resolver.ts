import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  AUDIT_FIRST,
  DEPARTMENT_FEED_FIRST,
  defineRegionReference,
  departmentMeasureOperations,
  MeasureAuditEntry,
  MeasureFeedPage,
  MeasureListArgs,
  RegionMeasureListArgs,
  Internal,
  RequireScopes,
  TargetObservationInput,
  type DepartmentContext,
  type MeasureMutationResult,
  type RegionRef,
} from '@hkp/policy-model';
import type { Connection } from '@hkp/subgraph-kit';
import { healthFields, type HealthMeasure } from './health-measure.fields';

/** Region as this subgraph sees it (its key only); civil-affairs resolves the rest. */
export const HealthRegion = defineRegionReference();

// The health subgraph's fields on Query, Mutation and Region. Each delegates to the shared measure
// operations (store, pagination, write commands), which also name the types and word the
// descriptions alike in every department.
const health = departmentMeasureOperations(healthFields);

@Resolver(() => healthFields.MeasureType)
export class HealthMeasureResolver {
  @Query(() => health.Connection, { nullable: true, description: health.describe.list })
  healthMeasures(@Args() args: MeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<Connection<HealthMeasure>> {
    return health.list(args, ctx);
  }

  @Directive('@inaccessible')
  @Query(() => MeasureFeedPage, { description: health.describe.changes })
  healthMeasureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, DEPARTMENT_FEED_FIRST) first: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureFeedPage> {
    return health.changes(after, first, ctx);
  }

  @Internal()
  @RequireScopes(health.writeScopes)
  @Mutation(() => health.MutationResult, { description: health.describe.create })
  createHealthMeasure(
    @Arg('input', () => health.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<HealthMeasure>> {
    return health.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(health.writeScopes)
  @Mutation(() => health.MutationResult, { description: health.describe.update })
  updateHealthMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => health.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<HealthMeasure>> {
    return health.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(health.writeScopes)
  @Mutation(() => health.MutationResult, { description: health.describe.archive })
  archiveHealthMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<HealthMeasure>> {
    return health.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(health.writeScopes)
  @Mutation(() => health.MutationResult, { description: health.describe.recordObservation })
  recordHealthMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<HealthMeasure>> {
    return health.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(health.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: health.describe.audit })
  healthMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return health.audit(ctx, id, { first, after });
  }
}

@Resolver(() => HealthRegion)
export class HealthRegionResolver {
  @FieldResolver(() => [healthFields.MeasureType], { nullable: true, description: health.describe.regionMeasures })
  healthMeasures(@Root() region: RegionRef, @Args() args: RegionMeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<HealthMeasure[]> {
    return health.touchingRegion(region.code, args, ctx);
  }
}

/** HealthMeasure as an entity: the gateway asks for it by id. */
export const healthMeasureReference = {
  __resolveReference: (reference: { id: string }, ctx: DepartmentContext): Promise<HealthMeasure | null> => health.byId(reference.id, ctx),
};
