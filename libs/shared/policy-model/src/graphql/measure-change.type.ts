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
