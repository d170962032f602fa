import { Field, InputType } from 'type-graphql';
import { mergeDetails, text, type DepartmentDetailsOptions } from '@hkp/policy-model';

/** The fields of ProgrammeMeasure a write sets (next to the common ones of Create/UpdateProgrammeMeasureInput). */
@InputType('ProgrammeMeasureDetailsInput')
export class ProgrammeMeasureDetailsInput {
  @Field(() => String, { nullable: true, description: 'The department that leads it when it has no subgraph of its own (省自然资源厅 …).' })
  leadDepartment?: string | null;
}

export const programmeDetails: DepartmentDetailsOptions<ProgrammeMeasureDetailsInput> = {
  input: ProgrammeMeasureDetailsInput,
  shape: { leadDepartment: text('leadDepartment', 100).nullish() },
  toDetails: (input, current) => mergeDetails(current, input, ['leadDepartment']),
};
