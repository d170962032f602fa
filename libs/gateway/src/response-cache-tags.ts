import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * What a kept answer depends on, as tags a catalog change evicts by:
 *
 * - `m:<id>`: the answer holds the measure `<id>` (or asked for it by id and got null).
 * - `l:<DEPARTMENT>`: the answer read a list of measures that holds only that department's
 *   measures (`educationMeasures`, `measures(filter: { department: EDUCATION })`), whatever its
 *   region scope, page or other filters.
 * - `any`: evicted by every change. A list of every department's measures, a measure whose id the
 *   answer did not select, the change feed itself (`measureChanges`, `measureChangeFeed`).
 *
 * An answer with no tag read no measure data (a region's name, the programme's goals): no change
 * of the catalog evicts it.
 */
export const ANY_CHANGE = 'any';
export const measureTag = (id: string): string => `m:${id}`;
export const departmentListTag = (department: string): string => `l:${department}`;

/** One change the catalog applied, as the gateway reads it from the catalog's change stream. */
export interface CatalogChangeNotice {
  seq: string;
  measureId: string;
  department: string;
}

/**
 * The tags a change evicts: the answers holding the measure, every list of its department (a
 * measure's department never changes) and every answer tagged `any`. Lists are not narrowed by
 * region: a change record names the measure's department but not the regions it had before the
 * change, and a measure that leaves a region leaves that region's lists.
 */
export function tagsOfChange(change: Pick<CatalogChangeNotice, 'measureId' | 'department'>): string[] {
  return [ANY_CHANGE, measureTag(change.measureId), departmentListTag(change.department)];
}

/** What the walk knows of a schema, made once per schema the runtime serves. */
interface SchemaFacts {
  schema: GraphQLSchema;
  /** PolicyMeasure and every type implementing it. */
  measureTypes: Set<string>;
  /** The department of a concrete measure type (EducationMeasure → EDUCATION), when the Department enum has it. */
  departmentOfType: Map<string, string>;
  /** Types whose data is the change feed itself: every change alters an answer holding them. */
  feedTypes: Set<string>;
  /** For a type holding a list of measures (a connection, an edge list): the measure type listed. */
  listedMeasureType: Map<string, string | null>;
}

const factsBySchema = new WeakMap<GraphQLSchema, SchemaFacts>();

const FEED_TYPES = ['CatalogChange', 'MeasureChangeFeed'];

function factsOf(schema: GraphQLSchema): SchemaFacts {
  let facts = factsBySchema.get(schema);
  if (facts) return facts;
  const measureTypes = new Set<string>();
  const departmentOfType = new Map<string, string>();
  const measure = schema.getType('PolicyMeasure');
  const departments = schema.getType('Department');
  const departmentValues = new Set(isEnumType(departments) ? departments.getValues().map((v) => v.name) : []);
  if (isInterfaceType(measure)) {
    measureTypes.add(measure.name);
    for (const type of schema.getPossibleTypes(measure)) {
      measureTypes.add(type.name);
      // EducationMeasure → EDUCATION, CivilAffairsMeasure → CIVIL_AFFAIRS: the subgraphs' naming rule.
      const department = type.name
        .replace(/Measure$/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toUpperCase();
      if (departmentValues.has(department)) departmentOfType.set(type.name, department);
    }
    // An interface implementing PolicyMeasure (none today) is a measure type too.
    for (const type of Object.values(schema.getTypeMap())) {
      if (isInterfaceType(type) && type.getInterfaces().some((i) => i.name === measure.name)) measureTypes.add(type.name);
    }
  }
  facts = {
    schema,
    measureTypes,
    departmentOfType,
    feedTypes: new Set(FEED_TYPES.filter((name) => schema.getType(name))),
    listedMeasureType: new Map(),
  };
  factsBySchema.set(schema, facts);
  return facts;
}

/**
 * The measure type a connection lists (Relay's shape, which every list of the graph has:
 * `nodes: [PolicyMeasure]` or `edges: [{ node: PolicyMeasure }]`). Null for any other type: a
 * Region is not a list of measures although some of its fields are.
 */
function listedMeasureType(facts: SchemaFacts, type: GraphQLNamedType): string | null {
  const known = facts.listedMeasureType.get(type.name);
  if (known !== undefined) return known;
  let found: string | null = null;
  if (isObjectType(type) && !facts.measureTypes.has(type.name)) {
    const { nodes, edges } = type.getFields();
    const nodeType = nodes && isListType(getNullableType(nodes.type)) ? getNamedType(nodes.type) : undefined;
    const edgeType = edges && isListType(getNullableType(edges.type)) ? getNamedType(edges.type) : undefined;
    const edgeNode = isObjectType(edgeType) ? edgeType.getFields()['node'] : undefined;
    if (nodeType && facts.measureTypes.has(nodeType.name)) found = nodeType.name;
    else if (edgeNode && facts.measureTypes.has(getNamedType(edgeNode.type).name)) found = getNamedType(edgeNode.type).name;
  }
  facts.listedMeasureType.set(type.name, found);
  return found;
}

/** Department values of a list's filter argument (`department`, `departments`), if it restricts them. */
function filteredDepartments(args: Record<string, unknown>): Set<string> | undefined {
  let selected: Set<string> | undefined;
  const restrict = (values: string[]) => {
    selected = selected ? new Set(values.filter((v) => selected!.has(v))) : new Set(values);
  };
  for (const holder of [args, args['filter']]) {
    if (!holder || typeof holder !== 'object') continue;
    const { department, departments } = holder as { department?: unknown; departments?: unknown };
    if (typeof department === 'string') restrict([department]);
    if (Array.isArray(departments)) restrict(departments.filter((d): d is string => typeof d === 'string'));
  }
  return selected;
}

interface Walk {
  facts: SchemaFacts;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  tags: Set<string>;
}

/** Every field node of a selection set that can apply to an object of `type`, with the type it is selected on. */
function* fieldsOf(
  walk: Walk,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  seen = new Set<string>(),
): Generator<[GraphQLCompositeType, FieldNode]> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) yield [type, selection];
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.facts.schema.getType(selection.typeCondition.name.value) : type;
      // A fragment on another concrete type contributes only the keys the object has: walking it
      // too can only add tags, never lose one.
      if (on && (isObjectType(on) || isAbstractType(on))) yield* fieldsOf(walk, on, selection.selectionSet, seen);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      const on = walk.facts.schema.getType(fragment.typeCondition.name.value);
      if (on && (isObjectType(on) || isAbstractType(on))) yield* fieldsOf(walk, on, fragment.selectionSet, seen);
      seen.delete(name);
    }
  }
}

/** What the walk needs of one selected field, worked out once per selection set and schema. */
interface FieldStep {
  key: string;
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  type: GraphQLCompositeType;
  /** The change feed's own types: any change alters them. */
  feed: boolean;
  isMeasure: boolean;
  /** A list of measures (a connection of them, or a list field of a measure type). */
  isList: boolean;
  /** The department every measure of the list belongs to, by its type (EducationMeasure). */
  department: string | undefined;
  /** A connection whose facets are selected. */
  facets: boolean;
  /** Where a measure's selected id is in its object, if selected. */
  idKey: string | undefined;
}

const plans = new WeakMap<SchemaFacts, WeakMap<SelectionSetNode, Map<string, FieldStep[]>>>();

/**
 * The fields a selection set selects on objects of `type`, with what the walk needs of each, made
 * once per schema, selection set (documents are parsed once and kept by the gateway) and type:
 * walking an answer is then a loop over its objects.
 */
function planOf(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode): FieldStep[] {
  const { facts } = walk;
  let bySelection = plans.get(facts);
  if (!bySelection) plans.set(facts, (bySelection = new WeakMap()));
  let byType = bySelection.get(selectionSet);
  if (!byType) bySelection.set(selectionSet, (byType = new Map()));
  let steps = byType.get(type.name);
  if (steps) return steps;
  steps = [];
  for (const [on, node] of fieldsOf(walk, type, selectionSet)) {
    if (node.name.value === '__typename') continue;
    const field = isObjectType(on) || isInterfaceType(on) ? on.getFields()[node.name.value] : undefined;
    if (!field) continue;
    const named = getNamedType(field.type);
    const isMeasure = facts.measureTypes.has(named.name);
    const listed = isMeasure ? null : listedMeasureType(facts, named);
    const composite = named as GraphQLCompositeType;
    const selected = node.selectionSet ? [...fieldsOf(walk, composite, node.selectionSet)].map(([, f]) => f) : [];
    const id = selected.find((f) => f.name.value === 'id');
    steps.push({
      key: node.alias?.value ?? node.name.value,
      node,
      field,
      type: composite,
      feed: facts.feedTypes.has(named.name),
      isMeasure,
      isList: isMeasure ? isListType(getNullableType(field.type)) : listed !== null,
      department: facts.departmentOfType.get(isMeasure ? named.name : (listed ?? '')),
      // Facets count other departments than the filter's (a multi-select sidebar).
      facets: listed !== null && selected.some((f) => f.name.value === 'facets'),
      idKey: id ? (id.alias?.value ?? 'id') : undefined,
    });
  }
  byType.set(type.name, steps);
  return steps;
}

function argumentsOf(walk: Walk, step: FieldStep): Record<string, unknown> | undefined {
  try {
    return getArgumentValues(step.field, step.node, walk.variables);
  } catch {
    return undefined;
  }
}

/**
 * Walks an object's selections with its value. `inList`: the object is part of a measure list's
 * answer (a connection, its edges, its nodes), whose list tag already covers every measure in it.
 */
function walkObject(
  walk: Walk,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  object: Record<string, unknown>,
  inList: boolean,
): void {
  // `any` evicts on every change: nothing found after it matters.
  if (walk.tags.has(ANY_CHANGE)) return;
  for (const step of planOf(walk, type, selectionSet)) {
    if (step.key in object) walkField(walk, step, object[step.key], inList);
  }
}

function walkField(walk: Walk, step: FieldStep, value: unknown, inList: boolean): void {
  const { tags } = walk;
  if (step.feed) {
    tags.add(ANY_CHANGE);
    return;
  }
  let itemsInList = inList;
  let asked: unknown;
  if (step.isList && !inList) {
    // A list read: every change of a department it may hold evicts it, whatever it held.
    const args = argumentsOf(walk, step);
    const filtered = args ? filteredDepartments(args) : undefined;
    if (!args || step.facets) tags.add(ANY_CHANGE);
    else if (step.department) tags.add(departmentListTag(step.department));
    // An empty list of departments may mean "no restriction" to the catalog: any change.
    else if (filtered && filtered.size > 0) for (const department of filtered) tags.add(departmentListTag(department));
    else tags.add(ANY_CHANGE);
    itemsInList = true;
  } else if (step.isMeasure && !inList) {
    // One measure asked for by id (`measure(id:)`): the id holds even when the answer is null.
    asked = argumentsOf(walk, step)?.['id'];
    if (typeof asked === 'string') tags.add(measureTag(asked));
  }
  const selectionSet = step.node.selectionSet;
  if (value === null || value === undefined || !selectionSet) return;
  const visit = (item: unknown): void => {
    if (Array.isArray(item)) {
      for (const each of item) visit(each);
      return;
    }
    if (item === null || typeof item !== 'object') return;
    const object = item as Record<string, unknown>;
    if (step.isMeasure) {
      if (!itemsInList) {
        const id = step.idKey === undefined ? undefined : object[step.idKey];
        if (typeof id === 'string' || typeof id === 'number') tags.add(measureTag(String(id)));
        else if (typeof asked !== 'string') tags.add(ANY_CHANGE);
      }
      // Inside a measure, its own lists (a region's measures) are lists of their own.
      walkObject(walk, step.type, selectionSet, object, false);
    } else walkObject(walk, step.type, selectionSet, object, itemsInList);
  };
  visit(value);
}

/**
 * The tags of a query's answer (see ANY_CHANGE), from its data walked with the operation's
 * selections and the field types of the schema it ran on. Made when an answer is kept, never on a
 * hit. `any` alone when the operation cannot be walked.
 */
export function tagsOfAnswer(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  data: Record<string, unknown> | null | undefined,
): string[] {
  const operation = getOperationAST(document, operationName);
  const root = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !root || !data) return [ANY_CHANGE];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const walk: Walk = { facts: factsOf(schema), fragments, variables: variables ?? {}, tags: new Set() };
  walkObject(walk, root, operation.selectionSet, data, false);
  // `any` evicts on every change: any other tag beside it adds nothing.
  return walk.tags.has(ANY_CHANGE) ? [ANY_CHANGE] : [...walk.tags];
}

/** Whether a schema has measures at all (a graph without the catalog's types has nothing to tag). */
export function hasMeasures(schema: GraphQLSchema): boolean {
  return factsOf(schema).measureTypes.size > 0;
}

/**
 * Whether a mutation field writes a department's measure: its result holds the measure written
 * (`createEducationMeasure`, `recordHealthMeasureTargetObservation` … answer a
 * `*MeasureMutationResult { measure }`). Such a write reaches the catalog through the department's
 * outbox, which records it as a change; any other mutation does not.
 */
export function writesMeasure(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): boolean {
  const facts = factsOf(schema);
  const result = getNamedType(field.type as GraphQLOutputType);
  if (facts.measureTypes.has(result.name)) return true;
  return isObjectType(result) && Object.values(result.getFields()).some((f) => facts.measureTypes.has(getNamedType(f.type).name));
}
