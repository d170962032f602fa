import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { MeasureEntity } from '@hkp/policy-model';

@ObjectType('HealthPlanStructure', { description: 'How a plan is organised, e.g. 1 overall goal, 3 projects, 16 sub-projects.' })
export class HealthPlanStructure {
  @Field(() => Int, { nullable: true })
  overallGoals: number | null;

  @Field(() => Int, { nullable: true })
  projects: number | null;

  @Field(() => Int, { nullable: true })
  subProjects: number | null;
}

@Directive('@key(fields: "id")')
@ObjectType('HealthMeasure', { description: 'A measure of 省卫生健康委. Common fields come from the PolicyMeasure interface.' })
export class HealthMeasure {
  @Field(() => ID)
  id: string;

  @Field(() => HealthPlanStructure, { nullable: true })
  structure: HealthPlanStructure | null;

  @Field(() => [String], { nullable: true, description: 'Named programmes it runs: 万名医师下乡, 县域医共体 …' })
  programmes: string[];
}

export function toHealthMeasure(entity: MeasureEntity): HealthMeasure {
  const details = entity.details as { structure?: Partial<HealthPlanStructure>; programmes?: string[] };
  return Object.assign(new HealthMeasure(), {
    id: entity.id,
    structure: details.structure
      ? Object.assign(new HealthPlanStructure(), {
          overallGoals: details.structure.overallGoals ?? null,
          projects: details.structure.projects ?? null,
          subProjects: details.structure.subProjects ?? null,
        })
      : null,
    programmes: details.programmes ?? [],
  });
}
