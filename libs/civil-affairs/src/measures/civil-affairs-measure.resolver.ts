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
import { Region } from '../regions/region.type';
import { civilAffairsFields, type CivilAffairsMeasure } from './civil-affairs-measure.fields';

// The civil-affairs subgraph's fields on Query, Mutation and Region. Each delegates to the shared measure
// operations (store, pagination, write commands), which also name the types and word the
// descriptions alike in every department.
const civilAffairs = departmentMeasureOperations(civilAffairsFields);

@Resolver(() => civilAffairsFields.MeasureType)
export class CivilAffairsMeasureResolver {
  @Query(() => civilAffairs.Connection, { nullable: true, description: civilAffairs.describe.list })
  civilAffairsMeasures(@Args() args: MeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<Connection<CivilAffairsMeasure>> {
    return civilAffairs.list(args, ctx);
  }

  @Directive('@inaccessible')
  @Query(() => MeasureFeedPage, { description: civilAffairs.describe.changes })
  civilAffairsMeasureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, DEPARTMENT_FEED_FIRST) first: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureFeedPage> {
    return civilAffairs.changes(after, first, ctx);
  }

  @Internal()
  @RequireScopes(civilAffairs.writeScopes)
  @Mutation(() => civilAffairs.MutationResult, { description: civilAffairs.describe.create })
  createCivilAffairsMeasure(
    @Arg('input', () => civilAffairs.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<CivilAffairsMeasure>> {
    return civilAffairs.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(civilAffairs.writeScopes)
  @Mutation(() => civilAffairs.MutationResult, { description: civilAffairs.describe.update })
  updateCivilAffairsMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => civilAffairs.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<CivilAffairsMeasure>> {
    return civilAffairs.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(civilAffairs.writeScopes)
  @Mutation(() => civilAffairs.MutationResult, { description: civilAffairs.describe.archive })
  archiveCivilAffairsMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<CivilAffairsMeasure>> {
    return civilAffairs.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(civilAffairs.writeScopes)
  @Mutation(() => civilAffairs.MutationResult, { description: civilAffairs.describe.recordObservation })
  recordCivilAffairsMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<CivilAffairsMeasure>> {
    return civilAffairs.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(civilAffairs.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: civilAffairs.describe.audit })
  civilAffairsMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return civilAffairs.audit(ctx, id, { first, after });
  }
}

@Resolver(() => Region)
export class RegionMeasuresResolver {
  @FieldResolver(() => [civilAffairsFields.MeasureType], { nullable: true, description: civilAffairs.describe.regionMeasures })
  civilAffairsMeasures(
    @Root() region: RegionRef,
    @Args() args: RegionMeasureListArgs,
    @Ctx() ctx: DepartmentContext,
  ): Promise<CivilAffairsMeasure[]> {
    return civilAffairs.touchingRegion(region.code, args, ctx);
  }
}

/** CivilAffairsMeasure as an entity: the gateway asks for it by id. */
export const civilAffairsMeasureReference = {
  __resolveReference: (reference: { id: string }, ctx: DepartmentContext): Promise<CivilAffairsMeasure | null> =>
    civilAffairs.byId(reference.id, ctx),
};
