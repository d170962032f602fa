import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * One entry of a department's change feed (its outbox). Not part of the public API
 * (@inaccessible): the command office's catalog reads it from each department directly; partners
 * read the catalog's merged feed, `measureChanges`.
 */
@Directive('@shareable')
@Directive('@inaccessible')
@ObjectType('MeasureChange')
export class MeasureChange {
  @Field({ description: 'Position in the feed; ask for changes after the last one you applied.' })
  seq: string;

  @Field(() => ID)
  measureId: string;

  @Field(() => Int)
  version: number;

  @Field({ description: 'UPSERT or ARCHIVE.' })
  kind: string;

  @Field({ description: 'The measure as of this change, as JSON (see MeasureSnapshot in libs/shared/policy-model).' })
  snapshot: string;
}

/**
 * A page of a department's change feed. `feedId` names the outbox the positions belong to: a
 * department whose schema was recreated serves a new id (and seqs from 1 again), so a reader that
 * kept a position knows to start over.
 */
@Directive('@shareable')
@Directive('@inaccessible')
@ObjectType('MeasureFeedPage')
export class MeasureFeedPage {
  @Field(() => ID, { description: "The feed's identity; positions (seq) mean something only within one feed id." })
  feedId: string;

  @Field({ description: 'The highest seq in the feed ("0" when empty).' })
  latestSeq: string;

  @Field(() => [MeasureChange], { description: 'The changes after the position asked for, oldest first.' })
  changes: MeasureChange[];
}
