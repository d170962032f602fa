import { Field, ObjectType } from 'type-graphql';
import { Internal } from '@hkp/policy-model';

@Internal()
@ObjectType({ description: 'The caller, as its verified token says: for a partner to check its token and what it may do.' })
export class Viewer {
  @Field({ description: "The token's subject (`sub`)." })
  subject: string;

  @Field(() => [String], { description: 'The scopes the token grants, sorted (`admin` stands for every scope).' })
  scopes: string[];

  @Field(() => [String], { description: 'The departments whose measures this caller may write (`education`, …).' })
  writableDepartments: string[];
}
