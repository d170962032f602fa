import { Directive, Field, ID, ObjectType, type ClassType } from 'type-graphql';

export interface RegionRef {
  code: string;
}

/**
 * Defines the Region entity as a department's subgraph sees it: only its key. civil-affairs owns
 * and resolves Region; departments add fields to it. Each subgraph defines its own class because
 * type-graphql attaches field resolvers to a class, and one shared class would carry every
 * department's Region fields into every subgraph.
 */
export function defineRegionReference(): ClassType<RegionRef> {
  @Directive('@key(fields: "code")')
  @ObjectType('Region')
  class RegionReference implements RegionRef {
    @Field(() => ID)
    code: string;
  }
  return RegionReference;
}

export function regionReferences<T extends RegionRef>(type: ClassType<T>, codes: string[]): T[] {
  return codes.map((code) => Object.assign(new type(), { code }));
}
