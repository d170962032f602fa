import { registerEnumType } from 'type-graphql';
import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

export enum TransportMode {
  ROAD = 'ROAD',
  LOGISTICS = 'LOGISTICS',
  COLD_CHAIN = 'COLD_CHAIN',
  RURAL_DELIVERY = 'RURAL_DELIVERY',
  PUBLIC_TRANSPORT = 'PUBLIC_TRANSPORT',
  WATERWAY = 'WATERWAY',
}
registerEnumType(TransportMode, { name: 'TransportMode', description: 'What kind of transport a measure is about.' });

/** TransportMeasure's own fields (the common ones come from the PolicyMeasure interface). */
export const transportFields = defineMeasureFields('transport', {
  modes: fields.enumList(TransportMode, { each: 'mode', inputDescription: 'What kinds of transport it is about.' }),
});

export type TransportMeasure = InstanceType<typeof transportFields.MeasureType>;

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    TRANSPORT: CuratedDetails<typeof transportFields>;
  }
}
