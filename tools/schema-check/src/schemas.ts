import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, parse, print, type GraphQLSchema } from 'graphql';
import { DEPARTMENT_NAMES } from '@hkp/departments';

/** The schemas a release fixes: each department's subgraph and the API clients see through the gateway. */
export interface SchemaSource {
  /** `api` (the gateway's client-facing schema) or a department's name. */
  name: string;
  /** The committed file it is read from now. */
  currentPath: string;
  /** Its released snapshot. */
  releasedPath: string;
}

export const API_SCHEMA = 'api';

export function releasedDir(root: string): string {
  return join(root, 'schema', 'released');
}

export function schemaSources(root: string, departments: readonly string[] = DEPARTMENT_NAMES): SchemaSource[] {
  return [
    { name: API_SCHEMA, currentPath: join(root, 'supergraph.graphql'), releasedPath: join(releasedDir(root), 'api.graphql') },
    ...departments.map((name) => ({
      name,
      currentPath: join(root, 'libs', name, 'schema.graphql'),
      releasedPath: join(releasedDir(root), `${name}.graphql`),
    })),
  ];
}

/**
 * The text a release keeps for a source: a department's subgraph SDL as committed, or, for the API,
 * the public schema of the supergraph (no join/link internals, no @inaccessible fields).
 */
export function releasableText(source: SchemaSource, committed: string): string {
  if (source.name !== API_SCHEMA) return committed;
  return `${print(transformSupergraphToPublicSchema(parse(committed))).trim()}\n`;
}

/** The current text of a source, or null when its file does not exist (a department not yet composed). */
export function readCurrent(source: SchemaSource): string | null {
  return existsSync(source.currentPath) ? releasableText(source, readFileSync(source.currentPath, 'utf8')) : null;
}

/** The released text, or null when the source was never released (a new department). */
export function readReleased(source: SchemaSource): string | null {
  return existsSync(source.releasedPath) ? readFileSync(source.releasedPath, 'utf8') : null;
}

/**
 * A schema to compare. Subgraph SDL uses federation directives it does not define, so it is built
 * without validation: the diff reads types, fields, arguments and deprecations, not directives.
 */
export function buildComparable(sdl: string): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}
