import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  departmentMeasureOperations,
  MeasureAuditEntry,
  MeasureFeedPage,
  AUDIT_FIRST,
  DEPARTMENT_FEED_FIRST,
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
import { financeFields, type FinanceMeasure } from './finance-measure.fields';
import { FinanceRegion } from './region.ref';

// The finance subgraph's fields on Query, Mutation and Region. Each delegates to the shared measure
// operations (store, pagination, write commands), which also name the types and word the
// descriptions alike in every department.
const finance = departmentMeasureOperations(financeFields);

@Resolver(() => financeFields.MeasureType)
export class FinanceMeasureResolver {
  @Query(() => finance.Connection, { nullable: true, description: finance.describe.list })
  financeMeasures(@Args() args: MeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<Connection<FinanceMeasure>> {
    return finance.list(args, ctx);
  }

  @Directive('@inaccessible')
  @Query(() => MeasureFeedPage, { description: finance.describe.changes })
  financeMeasureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, DEPARTMENT_FEED_FIRST) first: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureFeedPage> {
    return finance.changes(after, first, ctx);
  }

  @Internal()
  @RequireScopes(finance.writeScopes)
  @Mutation(() => finance.MutationResult, { description: finance.describe.create })
  createFinanceMeasure(
    @Arg('input', () => finance.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<FinanceMeasure>> {
    return finance.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(finance.writeScopes)
  @Mutation(() => finance.MutationResult, { description: finance.describe.update })
  updateFinanceMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => finance.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<FinanceMeasure>> {
    return finance.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(finance.writeScopes)
  @Mutation(() => finance.MutationResult, { description: finance.describe.archive })
  archiveFinanceMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<FinanceMeasure>> {
    return finance.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(finance.writeScopes)
  @Mutation(() => finance.MutationResult, { description: finance.describe.recordObservation })
  recordFinanceMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<FinanceMeasure>> {
    return finance.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(finance.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: finance.describe.audit })
  financeMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return finance.audit(ctx, id, { first, after });
  }
}

@Resolver(() => FinanceRegion)
export class FinanceRegionResolver {
  @FieldResolver(() => [financeFields.MeasureType], { nullable: true, description: finance.describe.regionMeasures })
  financeMeasures(
    @Root() region: RegionRef,
    @Args() args: RegionMeasureListArgs,
    @Ctx() ctx: DepartmentContext,
  ): Promise<FinanceMeasure[]> {
    return finance.touchingRegion(region.code, args, ctx);
  }
}

/** FinanceMeasure as an entity: the gateway asks for it by id. */
export const financeMeasureReference = {
  __resolveReference: (reference: { id: string }, ctx: DepartmentContext): Promise<FinanceMeasure | null> =>
    finance.byId(reference.id, ctx),
};
