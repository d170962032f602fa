import {
  BREAK,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { findForbiddenCharacter, formatCodePoint, type ForbiddenCharacter, type TextKind } from './forbidden-character';

/** A string in an operation's inputs that holds a character the API refuses. */
export interface ForbiddenInput extends ForbiddenCharacter {
  /** Where the value came from: a variable's value (or its default), or a literal argument in the document. */
  source: 'variable' | 'argument';
  /** The variable's or the argument's name. */
  name: string;
  /** From the variable or argument name into the value: `input.title`, `filter.q`, `codes[2]`. */
  path: string;
  /** The field or directive the argument belongs to (`measures`, `@include`); for arguments only. */
  owner?: string;
  /** What the value's type allows: line breaks pass in `text` (String) only. */
  kind: TextKind;
  /** The literal, for its location in the document. */
  node?: ASTNode;
}

// Only String allows line breaks; ID, enums and custom scalars (dates, _Any keys) hold none.
const kindOf = (type: GraphQLInputType | undefined): TextKind => (type && getNamedType(type).name === 'String' ? 'text' : 'code');

function unwrapNonNull(type: GraphQLInputType | undefined): GraphQLInputType | undefined {
  return type && isNonNullType(type) ? type.ofType : type;
}

type Found = Pick<ForbiddenInput, 'path' | 'kind' | 'node'> & ForbiddenCharacter;

/** What a value holds, read the same way from JSON variables and from document literals. */
type Shape<V> = { text: string; node?: ASTNode } | { items: readonly V[] } | { fields: readonly (readonly [string, V])[] } | undefined;

const jsonShape = (value: unknown): Shape<unknown> => {
  if (typeof value === 'string') return { text: value };
  if (value === null || typeof value !== 'object') return undefined;
  return Array.isArray(value) ? { items: value } : { fields: Object.entries(value) };
};

const literalShape = (node: ValueNode): Shape<ValueNode> => {
  if (node.kind === Kind.STRING) return { text: node.value, node };
  if (node.kind === Kind.LIST) return { items: node.values };
  if (node.kind === Kind.OBJECT) return { fields: node.fields.map((field) => [field.name.value, field.value] as const) };
  return undefined; // numbers, booleans, enum names, null; variables are checked by their values
};

interface PathStep {
  parent?: PathStep;
  key: string | number;
}

function formatPath(step: PathStep): string {
  const keys: (string | number)[] = [];
  for (let current: PathStep | undefined = step; current; current = current.parent) keys.push(current.key);
  return keys.reverse().reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}

/**
 * The first forbidden string in a value, in document order, walked along its declared type with a
 * stack of its own (JSON nests deeper than the call stack goes). A list given one value is read as
 * that item; fields not in the input type are left to coercion, which refuses them; the strings of a
 * custom scalar's object (an _Any representation) are held to the scalar's kind.
 */
function findIn<V>(root: V, rootType: GraphQLInputType | undefined, name: string, shapeOf: (value: V) => Shape<V>): Found | undefined {
  const stack: { value: V; type: GraphQLInputType | undefined; step: PathStep }[] = [{ value: root, type: rootType, step: { key: name } }];
  while (stack.length > 0) {
    const { value, type, step } = stack.pop()!;
    const shape = shapeOf(value);
    if (!shape) continue;
    if ('text' in shape) {
      const kind = kindOf(type);
      const found = findForbiddenCharacter(shape.text, kind);
      if (found) return { ...found, kind, path: formatPath(step), node: shape.node };
      continue;
    }
    const nullable = unwrapNonNull(type);
    const element = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
    // Pushed last to first, so the first in the value is looked at first.
    if ('items' in shape) {
      for (let index = shape.items.length - 1; index >= 0; index -= 1)
        stack.push({ value: shape.items[index]!, type: element, step: { parent: step, key: index } });
      continue;
    }
    const objectType = unwrapNonNull(element);
    const fields = objectType && isInputObjectType(objectType) ? objectType.getFields() : undefined;
    for (let index = shape.fields.length - 1; index >= 0; index -= 1) {
      const [key, field] = shape.fields[index]!;
      if (fields && !fields[key]) continue;
      stack.push({ value: field, type: fields ? fields[key]!.type : objectType, step: { parent: step, key } });
    }
  }
  return undefined;
}

/** The first forbidden string in the variables' values, or in a default where no value is given. */
function findInVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variableValues: Readonly<Record<string, unknown>> | null | undefined,
): ForbiddenInput | undefined {
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const given = variableValues && Object.prototype.hasOwnProperty.call(variableValues, name) ? variableValues[name] : undefined;
    // The default counts only when no value is given (it is what the operation then runs with).
    const found =
      given !== undefined
        ? findIn(given, type, name, jsonShape)
        : definition.defaultValue
          ? findIn(definition.defaultValue, type, name, literalShape)
          : undefined;
    if (found) return { ...found, source: 'variable', name };
  }
  return undefined;
}

/** The first forbidden literal argument of the document's fields and directives, in document order. */
function findInLiterals(schema: GraphQLSchema, document: DocumentNode): ForbiddenInput | undefined {
  let result: ForbiddenInput | undefined;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Defaults are values, checked with the variables (and only where no value is given).
      VariableDefinition: () => false,
      Argument(argument) {
        const owner = typeInfo.getDirective() ? `@${typeInfo.getDirective()!.name}` : typeInfo.getFieldDef()?.name;
        const found = findIn(argument.value, typeInfo.getArgument()?.type, argument.name.value, literalShape);
        if (!found) return false;
        result = { ...found, source: 'argument', name: argument.name.value, owner };
        return BREAK;
      },
    }),
  );
  return result;
}

/**
 * The verdict on a document's literal arguments, per schema (a supergraph reload can change an
 * argument's type while a parsed document is reused) and per document object (parsers cache them):
 * literals do not change between requests, only variables do.
 */
const literalVerdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, ForbiddenInput | null>>();

function findInLiteralsCached(schema: GraphQLSchema, document: DocumentNode): ForbiddenInput | undefined {
  let bySchema = literalVerdicts.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    literalVerdicts.set(schema, bySchema);
  }
  let verdict = bySchema.get(document);
  if (verdict === undefined) {
    verdict = findInLiterals(schema, document) ?? null;
    bySchema.set(document, verdict);
  }
  return verdict ?? undefined;
}

/**
 * The first string in an operation's inputs that holds a control character or an unpaired
 * surrogate: the variables' values of the operation that runs (along their declared types, through
 * input objects and lists) and their defaults, then every literal argument of the document's fields
 * and directives. The literals' verdict is kept per schema and document, so a request costs a walk of
 * its variables' values only. With no `operationName` the document's one operation runs; where the
 * operation cannot be told (several and no name, or an unknown name: execution refuses it anyway),
 * the variables of every operation are checked.
 */
export function findForbiddenInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  variableValues: Readonly<Record<string, unknown>> | null | undefined,
  operationName?: string | null,
): ForbiddenInput | undefined {
  const operation = getOperationAST(document, operationName);
  const operations = operation
    ? [operation]
    : document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  for (const { variableDefinitions } of operations) {
    const found = variableDefinitions && findInVariables(schema, variableDefinitions, variableValues);
    if (found) return found;
  }
  return findInLiteralsCached(schema, document);
}

/**
 * The refusal of a forbidden input: BAD_USER_INPUT, HTTP 400 (where the server sets statuses), with
 * the argument or variable, the path inside it and the character's position and code point.
 */
export function forbiddenInputError(input: ForbiddenInput): GraphQLError {
  const where =
    input.source === 'variable'
      ? `The variable $${input.name}${input.path === input.name ? '' : ` at ${input.path}`}`
      : `The argument ${input.path}${input.owner ? ` of ${input.owner}` : ''}`;
  const codePoint = formatCodePoint(input.codePoint);
  const problem =
    input.reason === 'unpaired-surrogate'
      ? `an unpaired UTF-16 surrogate (${codePoint}) at character ${input.position}, which is not Unicode text. Send valid UTF-8; in JSON, a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF escape.`
      : `the control character ${codePoint} at character ${input.position}. Remove it: ${
          input.kind === 'text'
            ? 'text may hold tabs and line breaks, but no other control characters.'
            : 'ids, codes and dates hold no control characters, not even tabs or line breaks.'
        }`;
  return new GraphQLError(`${where} contains ${problem}`, {
    nodes: input.node ? [input.node] : undefined,
    extensions: {
      code: 'BAD_USER_INPUT',
      field: input.path,
      source: input.source,
      position: input.position,
      codePoint,
      http: { status: 400 },
    },
  });
}
