import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, parse, print, type GraphQLSchema } from 'graphql';
import { readContracts } from '@hkp/composition';
import { DEPARTMENT_NAMES } from '@hkp/departments';

/** The schemas a release fixes: each department's subgraph and the API clients see through the gateway. */
export interface SchemaSource {
  /** `api` (the gateway's client-facing schema), `api-<contract>` (a contract's) or a department's name. */
  name: string;
  /** The committed file it is read from now. */
  currentPath: string;
  /** Its released snapshot. */
  releasedPath: string;
}

export const API_SCHEMA = 'api';

/** The name a contract's client-facing schema is checked and released under: `api-public`. */
export const contractApiSchema = (contract: string) => `${API_SCHEMA}-${contract}`;

/** Whether a source is read from a supergraph (the whole one or a contract's) rather than a subgraph. */
export const isApiSchema = (name: string) => name === API_SCHEMA || name.startsWith(`${API_SCHEMA}-`);

/** The contracts of schema/contracts.json, none when the workspace has no such file. */
function contractNames(root: string): string[] {
  const path = join(root, 'schema', 'contracts.json');
  return existsSync(path) ? readContracts(path).map((c) => c.name) : [];
}

export function releasedDir(root: string): string {
  return join(root, 'schema', 'released');
}

export function schemaSources(root: string, departments: readonly string[] = DEPARTMENT_NAMES): SchemaSource[] {
  return [
    { name: API_SCHEMA, currentPath: join(root, 'supergraph.graphql'), releasedPath: join(releasedDir(root), 'api.graphql') },
    ...contractNames(root).map((contract) => ({
      name: contractApiSchema(contract),
      currentPath: join(root, `supergraph.${contract}.graphql`),
      releasedPath: join(releasedDir(root), `${contractApiSchema(contract)}.graphql`),
    })),
    ...departments.map((name) => ({
      name,
      currentPath: join(root, 'libs', name, 'schema.graphql'),
      releasedPath: join(releasedDir(root), `${name}.graphql`),
    })),
  ];
}

/**
 * The text a release keeps for a source: a department's subgraph SDL as committed, or, for the API
 * and each contract's, the public schema of the supergraph (no join/link internals, no @inaccessible fields).
 */
export function releasableText(source: SchemaSource, committed: string): string {
  if (!isApiSchema(source.name)) return committed;
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
