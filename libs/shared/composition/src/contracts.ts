import { readFileSync } from 'node:fs';
import { composeSchemaContract } from '@theguild/federation-composition';
import { Kind, OperationTypeNode, parse, visit, type ConstDirectiveNode } from 'graphql';
import { z } from 'zod';
import { CompositionError, type SubgraphSdl } from './compose-supergraph';
import { apiSchemaOf } from './client-schema';

/** One entry of schema/contracts.json: a filtered supergraph that gateways can serve instead of the whole one. */
export const contractDefinition = z.strictObject({
  /** `public` → supergraph.public.graphql, schema/public.graphql, released as `api-public`. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter'),
  description: z.string().min(1),
  /** Fields and types carrying any of these tags are left out (made @inaccessible). */
  excludeTags: z.array(z.string().min(1)).default([]),
  /** When given, only fields and types carrying one of these tags are kept. */
  includeTags: z.array(z.string().min(1)).default([]),
  /** The operation types the contract may have; composing fails when another one survives the filter. */
  operations: z.array(z.enum(['query', 'mutation', 'subscription'])).min(1),
  /** Every field must be answerable without a token: one that needs a scope or a token fails composition. */
  tokenFree: z.boolean().default(false),
});
export type ContractDefinition = z.infer<typeof contractDefinition>;

const contractsFile = z.array(contractDefinition).superRefine((contracts, ctx) => {
  const seen = new Set<string>();
  for (const [index, contract] of contracts.entries()) {
    if (seen.has(contract.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${contract.name}" is defined twice` });
    seen.add(contract.name);
  }
});

/** Reads and validates a contracts file; a mistake names the entry and the field. */
export function readContracts(path: string): ContractDefinition[] {
  const parsed = contractsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${path}: [${issue.path.join('.')}] ${issue.message}`);
    throw new CompositionError(problems);
  }
  return parsed.data;
}

/**
 * Composes a contract: the subgraphs with the contract's tag filter applied (what is filtered out
 * becomes @inaccessible, types nothing reaches any more too), by the federation composition's own
 * contract support. Then checks what the contract promises: only its operation types, and, when
 * token-free, no field that needs a token.
 */
export function composeContract(subgraphs: SubgraphSdl[], contract: ContractDefinition): string {
  const result = composeSchemaContract(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
    { include: new Set(contract.includeTags), exclude: new Set(contract.excludeTags) },
    true,
  );
  if (result.errors && result.errors.length > 0) {
    throw new CompositionError(result.errors.map((e) => `contract "${contract.name}": ${e.message}`));
  }
  if (!result.supergraphSdl) throw new CompositionError([`contract "${contract.name}": composition produced no supergraph`]);
  const supergraph = `${result.supergraphSdl.trim()}\n`;
  const violations = contractViolations(supergraph, contract);
  if (violations.length > 0) throw new CompositionError(violations.map((v) => `contract "${contract.name}": ${v}`));
  return supergraph;
}

/** What a composed contract exposes that its definition forbids, each with the tag to add. */
export function contractViolations(supergraph: string, contract: ContractDefinition): string[] {
  const api = apiSchemaOf(supergraph);
  const violations: string[] = [];
  const remedy = contract.excludeTags.length > 0 ? `tag it @tag(name: "${contract.excludeTags[0]}")` : 'leave its tag off';
  for (const operation of [OperationTypeNode.QUERY, OperationTypeNode.MUTATION, OperationTypeNode.SUBSCRIPTION]) {
    const root = api.getRootType(operation);
    if (!root || contract.operations.includes(operation)) continue;
    for (const field of Object.keys(root.getFields())) {
      violations.push(`${root.name}.${field} is a ${operation}, which the contract does not have: ${remedy}.`);
    }
  }
  if (contract.tokenFree) {
    for (const coordinate of tokenBoundCoordinates(supergraph)) {
      const [typeName, fieldName] = coordinate.split('.');
      const type = api.getType(typeName);
      if (type && 'getFields' in type && (fieldName === undefined || fieldName in type.getFields())) {
        violations.push(`${coordinate} needs a token, and the contract is token-free: ${remedy}.`);
      }
    }
  }
  return violations;
}

/** Types and fields of a supergraph with @authenticated or @requiresScopes. */
function tokenBoundCoordinates(supergraph: string): string[] {
  const needsToken = (directives: readonly ConstDirectiveNode[] | undefined) =>
    directives?.some((d) => d.name.value === 'authenticated' || d.name.value === 'requiresScopes') ?? false;
  const found: string[] = [];
  visit(parse(supergraph), {
    enter(node) {
      if (node.kind !== Kind.OBJECT_TYPE_DEFINITION && node.kind !== Kind.INTERFACE_TYPE_DEFINITION) return;
      if (needsToken(node.directives)) found.push(node.name.value);
      for (const field of node.fields ?? []) if (needsToken(field.directives)) found.push(`${node.name.value}.${field.name.value}`);
      return false;
    },
  });
  return found;
}
