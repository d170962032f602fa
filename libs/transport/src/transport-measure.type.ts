import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { MeasureEntity } from '@hkp/policy-model';

export enum TransportMode {
  ROAD = 'ROAD',
  LOGISTICS = 'LOGISTICS',
  COLD_CHAIN = 'COLD_CHAIN',
  RURAL_DELIVERY = 'RURAL_DELIVERY',
  PUBLIC_TRANSPORT = 'PUBLIC_TRANSPORT',
  WATERWAY = 'WATERWAY',
}
registerEnumType(TransportMode, { name: 'TransportMode', description: 'What kind of transport a measure is about.' });

@Directive('@key(fields: "id")')
@ObjectType('TransportMeasure', { description: 'A measure of 省交通运输厅. Common fields come from the PolicyMeasure interface.' })
export class TransportMeasure {
  @Field(() => ID)
  id: string;

  @Field(() => [TransportMode], { nullable: true })
  modes: TransportMode[];
}

const MODES = new Set<string>(Object.values(TransportMode));

export function toTransportMeasure(entity: MeasureEntity): TransportMeasure {
  const details = entity.details as { modes?: string[] };
  return Object.assign(new TransportMeasure(), {
    id: entity.id,
    modes: (details.modes ?? []).filter((m) => MODES.has(m)) as TransportMode[],
  });
}
