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
import { educationFields, type EducationMeasure } from './education-measure.fields';

/** Region as this subgraph sees it (its key only); civil-affairs resolves the rest. */
export const EducationRegion = defineRegionReference();

// The education subgraph's fields on Query, Mutation and Region. Each delegates to the shared measure
// operations (store, pagination, write commands), which also name the types and word the
// descriptions alike in every department.
const education = departmentMeasureOperations(educationFields);

@Resolver(() => educationFields.MeasureType)
export class EducationMeasureResolver {
  @Query(() => education.Connection, { nullable: true, description: education.describe.list })
  educationMeasures(@Args() args: MeasureListArgs, @Ctx() ctx: DepartmentContext): Promise<Connection<EducationMeasure>> {
    return education.list(args, ctx);
  }

  @Directive('@inaccessible')
  @Query(() => MeasureFeedPage, { description: education.describe.changes })
  educationMeasureChanges(
    @Arg('after', () => String, { nullable: true, defaultValue: '0' }) after: string,
    @Arg('first', () => Int, DEPARTMENT_FEED_FIRST) first: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureFeedPage> {
    return education.changes(after, first, ctx);
  }

  @Internal()
  @RequireScopes(education.writeScopes)
  @Mutation(() => education.MutationResult, { description: education.describe.create })
  createEducationMeasure(
    @Arg('input', () => education.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<EducationMeasure>> {
    return education.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(education.writeScopes)
  @Mutation(() => education.MutationResult, { description: education.describe.update })
  updateEducationMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => education.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<EducationMeasure>> {
    return education.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(education.writeScopes)
  @Mutation(() => education.MutationResult, { description: education.describe.archive })
  archiveEducationMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<EducationMeasure>> {
    return education.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(education.writeScopes)
  @Mutation(() => education.MutationResult, { description: education.describe.recordObservation })
  recordEducationMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<EducationMeasure>> {
    return education.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(education.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: education.describe.audit })
  educationMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return education.audit(ctx, id, { first, after });
  }
}

@Resolver(() => EducationRegion)
export class EducationRegionResolver {
  @FieldResolver(() => [educationFields.MeasureType], { nullable: true, description: education.describe.regionMeasures })
  educationMeasures(
    @Root() region: RegionRef,
    @Args() args: RegionMeasureListArgs,
    @Ctx() ctx: DepartmentContext,
  ): Promise<EducationMeasure[]> {
    return education.touchingRegion(region.code, args, ctx);
  }
}

/** EducationMeasure as an entity: the gateway asks for it by id. */
export const educationMeasureReference = {
  __resolveReference: (reference: { id: string }, ctx: DepartmentContext): Promise<EducationMeasure | null> =>
    education.byId(reference.id, ctx),
};
