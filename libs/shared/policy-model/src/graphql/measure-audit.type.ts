import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Internal } from './contract-tags';

export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  ARCHIVE = 'ARCHIVE',
  OBSERVE = 'OBSERVE',
}
registerEnumType(AuditAction, { name: 'AuditAction', description: 'What a write did to a measure.' });

@Internal()
@Directive('@shareable')
@ObjectType('MeasureFieldChange', { description: 'One field a write changed, with its value before and after (as JSON).' })
export class MeasureFieldChange {
  @Field({ description: 'The input field (title, targets, stages …); `archived` and `observation` for those actions.' })
  field: string;

  @Field(() => String, { nullable: true, description: 'The value before, as JSON; null when the field had no value (e.g. on create).' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as JSON.' })
  after: string | null;
}

@Internal()
@Directive('@shareable')
@ObjectType('MeasureAuditEntry', { description: 'One write to a measure: who made it, with which scopes, and what it changed.' })
export class MeasureAuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({ description: "The subject of the writer's token." })
  actor: string;

  @Field(() => [String], { description: 'The scopes the token carried.' })
  scopes: string[];

  @Field(() => AuditAction)
  action: AuditAction;

  @Field(() => ID)
  measureId: string;

  @Field(() => Int, { description: 'The version of the measure the write produced.' })
  version: number;

  @Field(() => [MeasureFieldChange])
  changes: MeasureFieldChange[];
}
