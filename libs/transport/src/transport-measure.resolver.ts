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
import { transportFields, type TransportMeasure } from './transport-measure.fields';

/** Region as this subgraph sees it (its key only); civil-affairs resolves the rest. */
export const TransportRegion = defineRegionReference();

// The transport subgraph's fields on Query, Mutation and Region. Each delegates to the shared measure
// operations (store, pagination, write commands), which also name the types and word the
// descriptions alike in every department.
const transport = departmentMeasureOperations(transportFields);

@Resolver(() => transportFields.MeasureType)
export class TransportMeasureResolver {
  @Query(() => transport.Connection, { nullable: true, description: transport.describe.list })
  transportMeasures(@Args() args: MeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<Connection<TransportMeasure>> {
    return transport.list(args, ctx);
  }

  @Directive('@inaccessible')
  @Query(() => MeasureFeedPage, { description: transport.describe.changes })
  transportMeasureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, DEPARTMENT_FEED_FIRST) first: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureFeedPage> {
    return transport.changes(after, first, ctx);
  }

  @Internal()
  @RequireScopes(transport.writeScopes)
  @Mutation(() => transport.MutationResult, { description: transport.describe.create })
  createTransportMeasure(
    @Arg('input', () => transport.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<TransportMeasure>> {
    return transport.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(transport.writeScopes)
  @Mutation(() => transport.MutationResult, { description: transport.describe.update })
  updateTransportMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => transport.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<TransportMeasure>> {
    return transport.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(transport.writeScopes)
  @Mutation(() => transport.MutationResult, { description: transport.describe.archive })
  archiveTransportMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<TransportMeasure>> {
    return transport.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(transport.writeScopes)
  @Mutation(() => transport.MutationResult, { description: transport.describe.recordObservation })
  recordTransportMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<TransportMeasure>> {
    return transport.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(transport.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: transport.describe.audit })
  transportMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return transport.audit(ctx, id, { first, after });
  }
}

@Resolver(() => TransportRegion)
export class TransportRegionResolver {
  @FieldResolver(() => [transportFields.MeasureType], { nullable: true, description: transport.describe.regionMeasures })
  transportMeasures(
    @Root() region: RegionRef,
    @Args() args: RegionMeasureListArgs,
    @Ctx() ctx: DepartmentContext,
  ): Promise<TransportMeasure[]> {
    return transport.touchingRegion(region.code, args, ctx);
  }
}

/** TransportMeasure as an entity: the gateway asks for it by id. */
export const transportMeasureReference = {
  __resolveReference: (reference: { id: string }, ctx: DepartmentContext): Promise<TransportMeasure | null> =>
    transport.byId(reference.id, ctx),
};
