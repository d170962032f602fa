import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { mergeDetails, type DepartmentDetailsOptions } from '@hkp/policy-model';
import { TransportMode } from './transport-measure.type';

const MODES = Object.values(TransportMode) as [TransportMode, ...TransportMode[]];

/** The fields of TransportMeasure a write sets (next to the common ones of Create/UpdateTransportMeasureInput). */
@InputType('TransportMeasureDetailsInput')
export class TransportMeasureDetailsInput {
  @Field(() => [TransportMode], { nullable: true, description: 'What kinds of transport it is about.' })
  modes?: TransportMode[] | null;
}

export const transportDetails: DepartmentDetailsOptions<TransportMeasureDetailsInput> = {
  input: TransportMeasureDetailsInput,
  shape: {
    modes: z
      .array(z.enum(MODES, { error: `each mode must be one of ${MODES.join(', ')}.` }))
      .refine((modes) => new Set(modes).size === modes.length, { error: 'modes lists a mode twice.' })
      .nullish(),
  },
  toDetails: (input, current) => mergeDetails(current, input, ['modes']),
};
