import { Directive } from 'type-graphql';

/** The tag that keeps a type or field out of the public contract (schema/contracts.json excludes it). */
export const INTERNAL_TAG = 'internal';

/**
 * Marks a field or type as internal: the gateways serving a contract that excludes the tag (the
 * public one) do not have it. Writes, audit trails and whatever needs a token are internal; a
 * type marked internal makes every field that returns it fail the contract's composition until
 * that field is marked too.
 */
export function Internal(): MethodDecorator & ClassDecorator & PropertyDecorator {
  return Directive(`@tag(name: "${INTERNAL_TAG}")`);
}
