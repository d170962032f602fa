import { Field, InputType } from 'type-graphql';
import { mergeDetails, nameList, type DepartmentDetailsOptions } from '@hkp/policy-model';

/**
 * The fields of FinanceMeasure a write sets (next to the common ones of
 * Create/UpdateFinanceMeasureInput). Funding lines come from the curated documents and are kept.
 */
@InputType('FinanceMeasureDetailsInput')
export class FinanceMeasureDetailsInput {
  @Field(() => [String], { nullable: true, description: 'Instruments it uses: 融资, 贷款, 债券, 税收优惠, 专项资金 … (at most 50).' })
  instruments?: string[] | null;
}

export const financeDetails: DepartmentDetailsOptions<FinanceMeasureDetailsInput> = {
  input: FinanceMeasureDetailsInput,
  shape: { instruments: nameList('instruments', { maxItems: 50, maxLength: 100 }).nullish() },
  toDetails: (input, current) => mergeDetails(current, input, ['instruments']),
};
