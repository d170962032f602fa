import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface QueryCostOptions {
  /** Items assumed for a list field without a `first` argument that `listSizes` does not name. */
  listSize: number;
  /**
   * Items assumed for particular lists without a `first` argument, by `Type.field` (an interface's
   * entry covers the types implementing it): the most the data holds, with room to grow. An entry
   * `Outer.list Type.field` sizes the list where it sits directly inside the list `Outer.list`, for
   * trees whose levels do not all hold the most (a town's 84 villages, a county's 580 in all).
   */
  listSizes?: Readonly<Record<string, number>>;
  /** Arguments that say how many items a list or connection returns. */
  slicingArguments?: readonly string[];
}

const DEFAULT_SLICING_ARGUMENTS = ['first', 'last', 'limit'];

/**
 * How many items the lists of this graph without a `first` argument hold at most, rounded up: the
 * estimate prices what a page really fetches rather than a flat guess, which undercounted a
 * town's villages (up to 84) and a measure's regions (up to 57), and overcounted the rest.
 * Lists with `first` are sized by it (or its default) instead.
 */
export const ASSUMED_LIST_SIZES: Readonly<Record<string, number>> = {
  'Region.children': 100,
  // Under another level of children: a county or city has at most 609 regions two levels down.
  'Region.children Region.children': 7,
  // Province, city, county, town above a village.
  'Region.ancestors': 4,
  'Region.keyFigures': 10,
  'PolicyMeasure.regions': 60,
  'PolicyMeasure.targets': 10,
  'PolicyMeasure.funding': 10,
  'Target.observations': 10,
  'AssistancePairing.helpedRegions': 20,
};

/**
 * Estimates what an operation costs before anything runs, in the manner of the IBM/GraphQL cost
 * directive spec: every field that returns an object costs 1, times the number of items of every
 * list above it. A list holds as many items as its `first` argument asks for (variables and the
 * schema's defaults count), else what `listSizes` says of it, else `listSize`; a connection's
 * `first` sizes its `edges` and `nodes`.
 * Scalars, `__typename` and introspection cost nothing. Fragments are costed once per size, so a
 * document that spreads the same fragment many times cannot make the estimate itself expensive.
 */
export function estimateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  options: QueryCostOptions,
): number {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return 0;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const slicing = options.slicingArguments ?? DEFAULT_SLICING_ARGUMENTS;
  const vars = variables ?? {};
  // Cost of a selection set at multiplier 1 (everything is linear in the multiplier).
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const listSizes = options.listSizes ?? {};

  /** The list's own key, and those of the interfaces its type implements. */
  const keysOf = (parentType: GraphQLNamedType, name: string): string[] => [
    `${parentType.name}.${name}`,
    ...(isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getInterfaces().map((i) => `${i.name}.${name}`) : []),
  ];
  const assumedSize = (keys: string[], enclosing: string[]): number => {
    for (const outer of enclosing) {
      for (const key of keys) {
        const nested = listSizes[`${outer} ${key}`];
        if (nested !== undefined) return nested;
      }
    }
    for (const key of keys) {
      const own = listSizes[key];
      if (own !== undefined) return own;
    }
    return options.listSize;
  };

  const sliceSize = (node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of slicing) {
      const definition = field.args.find((a) => a.name === name);
      if (!definition) continue;
      const given = node.arguments?.find((a) => a.name.value === name);
      let value: unknown = given ? valueFromASTUntyped(given.value, vars) : definition.defaultValue;
      if (given?.value.kind === Kind.VARIABLE && value === undefined) value = definition.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    }
    return undefined;
  };

  // `enclosing`: the keys of the list directly above (empty at the root and below objects that are not lists).
  const costOf = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType,
    pendingSize: number | undefined,
    enclosing: string[],
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue; // __typename, and introspection (switched separately)
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[name];
        if (!field) continue;
        const namedType = getNamedType(field.type);
        const isList = isListType(getNullableType(field.type));
        const size = sliceSize(selection, field);
        const keys = keysOf(parentType, name);
        const factor = isList ? (size ?? pendingSize ?? assumedSize(keys, enclosing)) : 1;
        let fieldCost = isCompositeType(namedType) ? 1 : 0;
        if (selection.selectionSet) {
          // A connection (an object with `first`) hands its size to the lists under it.
          fieldCost += costOf(selection.selectionSet, namedType, !isList && size !== undefined ? size : undefined, isList ? keys : []);
        }
        total += factor * fieldCost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parentType) : parentType;
        total += costOf(selection.selectionSet, type, pendingSize, enclosing);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const key = `${fragment.name.value}|${parentType.name}|${pendingSize ?? ''}|${enclosing.join(',')}`;
        let cost = memo.get(key);
        if (cost === undefined) {
          if (inProgress.has(key)) continue; // a cycle: validation refuses it anyway
          inProgress.add(key);
          const type = schema.getType(fragment.typeCondition.name.value) ?? parentType;
          cost = costOf(fragment.selectionSet, type, pendingSize, enclosing);
          inProgress.delete(key);
          memo.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  return costOf(operation.selectionSet, rootType, undefined, []);
}

/** The variables an operation's size arguments read (`first: $n`): the only ones an estimate depends on. */
function sizeVariablesOf(document: DocumentNode, slicing: readonly string[]): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (!slicing.includes(node.name.value)) return false;
      visit(node.value, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
      return false;
    },
  });
  return [...names];
}

export type CostEstimator = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
) => number;

/**
 * estimateQueryCost with its estimates kept per schema, document (parsers reuse the object for the
 * same text), operation and the values of the variables that size lists: a request costs a lookup,
 * and `first: $n` still prices each request's own `$n`.
 */
export function createCostEstimator(options: QueryCostOptions, maxPerDocument = 64): CostEstimator {
  const slicing = options.slicingArguments ?? DEFAULT_SLICING_ARGUMENTS;
  const known = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, { sizeVariables: string[]; estimates: Map<string, number> }>>();
  return (schema, document, operationName, variables) => {
    let bySchema = known.get(schema);
    if (!bySchema) known.set(schema, (bySchema = new WeakMap()));
    let byDocument = bySchema.get(document);
    if (!byDocument) bySchema.set(document, (byDocument = { sizeVariables: sizeVariablesOf(document, slicing), estimates: new Map() }));
    // A value wrapped in a list, none for a missing one: `undefined` (the default applies) and `null`
    // differ. Without size variables the operation alone decides (no name and '' pick the same one).
    const key =
      byDocument.sizeVariables.length === 0
        ? (operationName ?? '')
        : JSON.stringify([
            operationName ?? null,
            byDocument.sizeVariables.map((name) => (variables?.[name] !== undefined ? [variables[name]] : [])),
          ]);
    let estimate = byDocument.estimates.get(key);
    if (estimate === undefined) {
      estimate = estimateQueryCost(schema, document, operationName, variables, options);
      if (byDocument.estimates.size >= maxPerDocument) byDocument.estimates.clear();
      byDocument.estimates.set(key, estimate);
    }
    return estimate;
  };
}
