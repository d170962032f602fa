import { createHash } from 'node:crypto';
import { Kind, print, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** One `_entities` field of a subgraph call the entity cache may answer. */
export interface EntityFetchField {
  /** Where its entities are in the answer's data (the alias, else `_entities`). */
  responseKey: string;
  /** The variable holding its representations. */
  variable: string;
  /** A hash of what it selects: entries are kept per selection and representation. */
  selection: string;
}

/** What a cacheable call asks: its `_entities` fields and the variables of their representations. */
export interface EntityFetchShape {
  fields: EntityFetchField[];
  variables: string[];
}

/** The versioned type and the fields of it whose values change only with its version. */
export interface VersionedEntity {
  type: string;
  fields: ReadonlySet<string>;
}

/**
 * Whether a selection reads only versioned data: `__typename`, and the versioned fields (objects
 * under them are the same type, e.g. Region.parent) without arguments or directives, through
 * inline fragments and fragments on the type.
 */
function readsOnlyVersionedData(
  selectionSet: SelectionSetNode,
  entity: VersionedEntity,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  spread: Set<string>,
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length) return false;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition?.name.value;
      if (on !== undefined && on !== entity.type) return false;
      if (!readsOnlyVersionedData(selection.selectionSet, entity, fragments, spread)) return false;
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || fragment.typeCondition.name.value !== entity.type || fragment.directives?.length) return false;
      // Each fragment is looked at once (a cycle is invalid GraphQL and stops here too).
      if (spread.has(name)) continue;
      spread.add(name);
      if (!readsOnlyVersionedData(fragment.selectionSet, entity, fragments, spread)) return false;
    } else {
      if (selection.arguments?.length) return false;
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (!entity.fields.has(name)) return false;
      if (selection.selectionSet && !readsOnlyVersionedData(selection.selectionSet, entity, fragments, spread)) return false;
    }
  }
  return true;
}

/**
 * The shape of a subgraph call the entity cache may answer, or null: a query whose every root
 * field is `_entities(representations: $variable)` selecting only versioned data (the query
 * planner's batches: `_e0: _entities(representations: $__batch_reps_0)`, with named fragments),
 * with no other variables or directives. Whether its representations are all of the versioned type
 * is checked per call.
 */
export function entityFetchShape(document: DocumentNode, entity: VersionedEntity): EntityFetchShape | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const fragmentList = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  if (operations.length !== 1 || operations.length + fragmentList.length !== document.definitions.length) return null;
  const operation = operations[0]!;
  if (operation.operation !== 'query' || operation.directives?.length) return null;
  const fragments = new Map(fragmentList.map((f) => [f.name.value, f]));
  // Fragments are part of what a field selects: in its key, as the document defines them.
  const fragmentText = fragmentList.map((f) => print(f)).join('\n');
  const fields: EntityFetchField[] = [];
  const variables = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities' || selection.directives?.length) return null;
    const argument = selection.arguments?.length === 1 ? selection.arguments[0]! : undefined;
    if (argument?.name.value !== 'representations' || argument.value.kind !== Kind.VARIABLE) return null;
    if (!selection.selectionSet || !readsOnlyVersionedData(selection.selectionSet, entity, fragments, new Set())) return null;
    const variable = argument.value.name.value;
    variables.add(variable);
    fields.push({
      responseKey: selection.alias?.value ?? selection.name.value,
      variable,
      selection: createHash('sha256')
        .update(`${print(selection.selectionSet)}\n${fragmentText}`)
        .digest('base64url')
        .slice(0, 22),
    });
  }
  if (fields.length === 0) return null;
  // Any other variable could change the answer without being part of a representation.
  for (const definition of operation.variableDefinitions ?? []) {
    if (!variables.has(definition.variable.name.value)) return null;
  }
  return { fields, variables: [...variables] };
}

/** entityFetchShape, worked out once per document object (the planner hands out the same one per plan) and versioned fields. */
export function createShapeMemo(): (document: DocumentNode, entity: VersionedEntity) => EntityFetchShape | null {
  let memo = new WeakMap<DocumentNode, EntityFetchShape | null>();
  let memoFor: VersionedEntity | undefined;
  return (document, entity) => {
    // The subgraph may declare other fields after a deploy: shapes are worked out again.
    if (memoFor !== entity) {
      memo = new WeakMap();
      memoFor = entity;
    }
    let shape = memo.get(document);
    if (shape === undefined) {
      shape = entityFetchShape(document, entity);
      memo.set(document, shape);
    }
    return shape;
  };
}
