import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';
import { count, mergeDetails, nameList, type DepartmentDetailsOptions } from '@hkp/policy-model';

@InputType('HealthPlanStructureInput', { description: 'How a plan is organised, e.g. 1 overall goal, 3 projects, 16 sub-projects.' })
export class HealthPlanStructureInput {
  @Field(() => Int, { nullable: true })
  overallGoals?: number | null;

  @Field(() => Int, { nullable: true })
  projects?: number | null;

  @Field(() => Int, { nullable: true })
  subProjects?: number | null;
}

/** The fields of HealthMeasure a write sets (next to the common ones of Create/UpdateHealthMeasureInput). */
@InputType('HealthMeasureDetailsInput')
export class HealthMeasureDetailsInput {
  @Field(() => HealthPlanStructureInput, { nullable: true, description: 'Replaces the whole structure; null removes it.' })
  structure?: HealthPlanStructureInput | null;

  @Field(() => [String], { nullable: true, description: 'Named programmes it runs: 万名医师下乡, 县域医共体 … (at most 50).' })
  programmes?: string[] | null;
}

export const healthDetails: DepartmentDetailsOptions<HealthMeasureDetailsInput> = {
  input: HealthMeasureDetailsInput,
  shape: {
    structure: z
      .object({
        overallGoals: count('structure.overallGoals', 1_000).nullish(),
        projects: count('structure.projects', 1_000).nullish(),
        subProjects: count('structure.subProjects', 10_000).nullish(),
      })
      .nullish(),
    programmes: nameList('programmes', { maxItems: 50, maxLength: 100 }).nullish(),
  },
  toDetails: (input, current) => {
    const structure = input.structure
      ? Object.fromEntries(Object.entries(input.structure).filter(([, value]) => value !== undefined && value !== null))
      : input.structure;
    return mergeDetails(current, { ...input, structure } as HealthMeasureDetailsInput, ['structure', 'programmes']);
  },
};
