import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';

/**
 * A measured value of a target at a point in time (e.g. 城镇化率 72.1% in 2024), recorded by the
 * owning department. The same type in the department that records it and in the catalog that
 * shows it, hence shareable.
 */
@Directive('@shareable')
@ObjectType('TargetObservation', { description: 'A value of a target as measured at a point in time, recorded by the owning department.' })
export class TargetObservation {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The target it measures.' })
  targetId: string;

  @Field(() => Float, { description: "The measured value, in the target's unit." })
  value: number;

  @Field({ description: 'When it was measured: YYYY, YYYY-MM or YYYY-MM-DD.' })
  observedOn: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from (a statistical bulletin, a report …).' })
  source: string | null;

  @Field({ description: 'When the department recorded it.' })
  recordedAt: Date;
}
