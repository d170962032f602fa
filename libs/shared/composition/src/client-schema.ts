import { pruneSchema } from '@graphql-tools/utils';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, GraphQLSchema, isSpecifiedDirective, lexicographicSortSchema, parse, printSchema } from 'graphql';

/** The schema clients of a supergraph see: no join/link internals, no @inaccessible types or fields. */
export function apiSchemaOf(supergraph: string): GraphQLSchema {
  return buildASTSchema(transformSupergraphToPublicSchema(parse(supergraph)));
}

/**
 * The SDL code generators read: the API schema with only the standard directives (the gateway's
 * authorization directives are its own business), sorted, so the committed schema/<contract>.graphql
 * and what a gateway serves at /schema.graphql are the same text.
 */
export function printClientSchema(schema: GraphQLSchema): string {
  const config = schema.toConfig();
  const standard = new GraphQLSchema({ ...config, directives: config.directives.filter(isSpecifiedDirective) });
  return `${printSchema(lexicographicSortSchema(pruneSchema(standard))).trim()}\n`;
}

/** printClientSchema of a supergraph's API schema. */
export function clientSchemaOf(supergraph: string): string {
  return printClientSchema(apiSchemaOf(supergraph));
}
