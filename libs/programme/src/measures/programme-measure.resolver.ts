import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  AUDIT_FIRST,
  MeasureAuditEntry,
  MeasureWriteOperations,
  Internal,
  RequireScopes,
  TargetObservationInput,
  type DepartmentContext,
  type MeasureMutationResult,
} from '@hkp/policy-model';
import { snapshotToPolicyMeasure } from '../catalog/catalog-row';
import { ProgrammeMeasure } from '../catalog/policy-measure.type';
import { programmeFields } from './programme-measure.fields';

/**
 * The office's writes of its own measures, the same fields as every department's
 * (createProgrammeMeasure …). A write answers with the catalog's view of the measure
 * (leadDepartment is resolved from the measure table).
 */
export const programmeWrites = new MeasureWriteOperations({
  department: programmeFields.department,
  measureType: ProgrammeMeasure,
  detailsInput: programmeFields.DetailsInput,
  toResult: ({ snapshot }) => snapshotToPolicyMeasure(snapshot) as ProgrammeMeasure,
});

@Resolver()
export class ProgrammeMeasureWriteResolver {
  @Internal()
  @RequireScopes(programmeWrites.writeScopes)
  @Mutation(() => programmeWrites.MutationResult, { description: programmeWrites.describe.create })
  createProgrammeMeasure(
    @Arg('input', () => programmeWrites.CreateInput) input: object,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<ProgrammeMeasure>> {
    return programmeWrites.create(ctx, input, idempotencyKey);
  }

  @Internal()
  @RequireScopes(programmeWrites.writeScopes)
  @Mutation(() => programmeWrites.MutationResult, { description: programmeWrites.describe.update })
  updateProgrammeMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => programmeWrites.UpdateInput) input: object,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<ProgrammeMeasure>> {
    return programmeWrites.update(ctx, id, expectedVersion, input);
  }

  @Internal()
  @RequireScopes(programmeWrites.writeScopes)
  @Mutation(() => programmeWrites.MutationResult, { description: programmeWrites.describe.archive })
  archiveProgrammeMeasure(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<ProgrammeMeasure>> {
    return programmeWrites.archive(ctx, id, expectedVersion);
  }

  @Internal()
  @RequireScopes(programmeWrites.writeScopes)
  @Mutation(() => programmeWrites.MutationResult, { description: programmeWrites.describe.recordObservation })
  recordProgrammeMeasureTargetObservation(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('input', () => TargetObservationInput) input: TargetObservationInput,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureMutationResult<ProgrammeMeasure>> {
    return programmeWrites.recordObservation(ctx, targetId, input);
  }

  @Internal()
  @RequireScopes(programmeWrites.writeScopes)
  @Query(() => [MeasureAuditEntry], { nullable: true, description: programmeWrites.describe.audit })
  programmeMeasureAudit(
    @Arg('id', () => ID) id: string,
    @Arg('first', () => Int, AUDIT_FIRST) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The id of the last entry you have.' }) after: string | null | undefined,
    @Ctx() ctx: DepartmentContext,
  ): Promise<MeasureAuditEntry[]> {
    return programmeWrites.audit(ctx, id, { first, after });
  }
}
