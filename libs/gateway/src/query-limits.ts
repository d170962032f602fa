import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type DocumentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { clientError, GatewayErrorCode } from './client-errors';
import { isAsyncIterable } from '@graphql-tools/utils';
import { ASSUMED_LIST_SIZES, createCostEstimator } from './query-cost';

export interface QueryLimits {
  /** Fields in the whole document with every fragment spread expanded where it is spread. */
  maxSelections: number;
  maxDepth: number;
  /** Nesting of lists and objects in a variable's value. */
  maxVariableDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Items assumed for a list without `first` when estimating cost. */
  costListSize: number;
  /** Items assumed for particular lists without `first`, by `Type.field`; ASSUMED_LIST_SIZES when unset. */
  costListSizes?: Readonly<Record<string, number>>;
  /** Hide "Did you mean …?" in validation errors (they reveal the schema without introspection). */
  blockFieldSuggestions: boolean;
}

/** The response header with the operation's estimated cost. */
export const QUERY_COST_HEADER = 'x-query-cost';

export type QueryLimitKind = 'selections' | 'depth' | 'aliases' | 'tokens' | 'cost';

/** The one error every refused operation gets: QUERY_TOO_COMPLEX, HTTP 400, and which limit. */
export function queryTooComplex(message: string, limit: QueryLimitKind, max: number, extra: Record<string, unknown> = {}): GraphQLError {
  return clientError(message, GatewayErrorCode.QUERY_TOO_COMPLEX, 400, { limit, max, ...extra });
}

/**
 * Counts the lexical tokens of a document, stopping one past `max` (so a huge document costs no
 * more than a document of `max` tokens). A document that does not lex is left to the parser.
 */
export function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      count += 1;
      if (count > max) return count;
    }
  } catch {
    return count; // a syntax error: the parser reports it with its position
  }
  return count;
}

/**
 * countTokens against `max` with the texts already found within it remembered: clients send the
 * same operations again and again, and a text seen before is then a lookup instead of a pass of
 * the lexer over it. Only texts within the limit are kept (one over it costs at most `max` tokens
 * to count again), up to `maxEntries` of them of at most `maxLength` characters (a full set is
 * emptied and filled again).
 */
export function createTokenLimit(max: number, maxEntries = 1_000, maxLength = 10_000): (query: string) => boolean {
  const within = new Set<string>();
  return (query) => {
    if (within.has(query)) return true;
    if (countTokens(query, max) > max) return false;
    if (query.length <= maxLength) {
      if (within.size >= maxEntries) within.clear();
      within.add(query);
    }
    return true;
  };
}

export type ExpandedSize = { fields: number } | { cycle: string };

/** Depth and aliases of one operation, as graphql-armor's max-depth and max-aliases rules count them. */
export interface OperationShape {
  depth: number;
  aliases: number;
}

/** A document measured for every limit that depends on it alone, in one walk. */
export type DocumentShape = { cycle: string } | { fields: number; operations: Map<OperationDefinitionNode, OperationShape> };

/** A selection set's fields and aliases with its fragments expanded, and its depth below its parent. */
interface Measured {
  fields: number;
  depth: number;
  aliases: number;
}

/**
 * Measures a document in one walk: the fields its operations select with every fragment spread
 * expanded where it is spread (see countExpandedFields), and each operation's depth and aliases.
 * Each fragment is measured once and reused, so the walk takes time linear in the document however
 * large the expansion, and the field count saturates one past `maxSelections`. Depth and aliases
 * are counted as graphql-armor's max-depth (fragments flattened, `__schema` and below not counted)
 * and max-aliases (every alias, fragments expanded) count them, which the gateway used before, so
 * the numbers in their refusals stay the same; these matter only for a document within the field
 * limit. A fragment that spreads itself is reported as a cycle.
 */
export function measureDocument(document: DocumentNode, maxSelections: number): DocumentShape {
  const cap = maxSelections + 1;
  const saturated: Measured = { fields: cap, depth: 0, aliases: 0 };
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const measuredFragments = new Map<string, Measured>();
  const expanding = new Set<string>();
  // graphql-armor counts a spread of an unknown fragment as nothing the first time, and as one
  // alias less (its "in progress" mark) every time after; validation refuses such a document anyway.
  const unknownSpread = new Set<string>();
  let cycle: string | undefined;

  const measure = (selectionSet: SelectionSetNode): Measured => {
    let fields = 0;
    let depth = 0;
    let aliases = 0;
    for (const selection of selectionSet.selections) {
      let inner: Measured | undefined;
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        if (selection.alias) aliases += 1;
        const below = selection.selectionSet ? measure(selection.selectionSet) : undefined;
        if (below) {
          fields += below.fields;
          aliases += below.aliases;
        }
        if (selection.name.value !== '__schema') depth = Math.max(depth, 1 + (below?.depth ?? 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet);
      } else {
        inner = measureFragment(selection.name.value);
      }
      if (inner) {
        fields += inner.fields;
        aliases += inner.aliases;
        depth = Math.max(depth, inner.depth);
      }
      if (cycle !== undefined || fields >= cap) return saturated;
    }
    return { fields, depth, aliases };
  };
  const measureFragment = (name: string): Measured => {
    const known = measuredFragments.get(name);
    if (known) return known;
    const selectionSet = fragments.get(name);
    if (!selectionSet) {
      if (unknownSpread.has(name)) return { fields: 0, depth: 0, aliases: -1 };
      unknownSpread.add(name);
      return { fields: 0, depth: 0, aliases: 0 };
    }
    if (expanding.has(name)) {
      cycle = name;
      return saturated;
    }
    expanding.add(name);
    const measured = measure(selectionSet);
    expanding.delete(name);
    measuredFragments.set(name, measured);
    return measured;
  };

  let fields = 0;
  const operations = new Map<OperationDefinitionNode, OperationShape>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const measured = measure(definition.selectionSet);
    if (cycle !== undefined) return { cycle };
    fields = Math.min(cap, fields + measured.fields);
    operations.set(definition, { depth: measured.depth, aliases: measured.aliases });
  }
  // A fragment no operation spreads can still hold a cycle; validation walks every fragment.
  for (const name of fragments.keys()) {
    measureFragment(name);
    if (cycle !== undefined) return { cycle };
  }
  return { fields, operations };
}

/**
 * Counts the fields a document's operations select with every fragment spread expanded where it
 * is spread, as execution would see them: scalars and `__typename` count, inline fragments add
 * their fields, a fragment spread twice counts twice. Each fragment's size is computed once and
 * reused, so the count takes time linear in the document even when the expansion would be
 * astronomically large (a chain of fragments each spreading the next two). Sizes saturate one
 * past `max`. A spread of an unknown fragment counts nothing (validation reports it); a fragment
 * that spreads itself, directly or through others, would never end and is reported as a cycle.
 */
export function countExpandedFields(document: DocumentNode, max: number): ExpandedSize {
  const shape = measureDocument(document, max);
  return 'cycle' in shape ? { cycle: shape.cycle } : { fields: shape.fields };
}

/**
 * The first variable whose value nests lists or objects deeper than `max`, without recursion (a
 * 40,000-deep array fits in a 100 kB body and would overflow the stack of anything that recurses
 * over it: hashing it for the response cache, printing it in an error).
 */
export function tooDeepVariable(variables: unknown, max: number): string | undefined {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return undefined;
  for (const [name, value] of Object.entries(variables)) {
    const pending: [unknown, number][] = [[value, 1]];
    while (pending.length > 0) {
      const [item, depth] = pending.pop()!;
      if (item === null || typeof item !== 'object') continue;
      if (depth > max) return name;
      for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Refuses abusive operations before any subgraph is called: the token count before parsing (kept
 * per text), the expanded field count right after parsing (before anything walks the document with
 * its fragments expanded), depth and aliases during validation, the estimated cost before
 * execution (it depends on variables; kept per document and size variables). The field count,
 * depth and aliases come from one walk per document. Each refusal is QUERY_TOO_COMPLEX with
 * `extensions.limit`.
 */
export function createQueryLimitPlugins(limits: QueryLimits): GatewayPlugin[] {
  // Parsed documents are reused for the same text, so each is measured once.
  const shapes = new WeakMap<DocumentNode, DocumentShape>();
  const shapeOf = (document: DocumentNode): DocumentShape => {
    let shape = shapes.get(document);
    if (!shape) shapes.set(document, (shape = measureDocument(document, limits.maxSelections)));
    return shape;
  };

  const withinTokenLimit = createTokenLimit(limits.maxTokens);
  const tokens: GatewayPlugin = {
    onParams({ params, setParams, setResult }) {
      const deep = tooDeepVariable(params.variables, limits.maxVariableDepth);
      if (deep !== undefined) {
        // Later hooks (the response cache's key) see the request without the value.
        setParams({ ...params, variables: {} });
        setResult({
          errors: [
            new GraphQLError(
              `Variable "$${deep}" nests lists or objects more than ${limits.maxVariableDepth} levels deep; no input of this API is that deep.`,
              {
                extensions: { code: 'BAD_USER_INPUT', variable: deep, maxDepth: limits.maxVariableDepth, http: { status: 400 } },
              },
            ),
          ],
        });
        return;
      }
      if (typeof params.query !== 'string') return;
      if (!withinTokenLimit(params.query)) {
        setResult({
          errors: [
            queryTooComplex(`The document has more than ${limits.maxTokens} tokens. Send a smaller operation.`, 'tokens', limits.maxTokens),
          ],
        });
      }
    },
  };

  // Checked on the parsed document, before validation (the authorization rules) and planning walk
  // it with fragments expanded: each of those is then bounded by maxSelections.
  const verdicts = new WeakMap<DocumentNode, GraphQLError | null>();
  const expandedFieldsError = (document: DocumentNode): GraphQLError | null => {
    const size = shapeOf(document);
    if ('cycle' in size) {
      // The code graphql-js's own cycle check would give, had validation been reached.
      return new GraphQLError(
        `Fragment "${size.cycle}" spreads itself, directly or through other fragments, so the operation would never end. Remove the cycle.`,
        {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', fragment: size.cycle, http: { status: 400 } },
        },
      );
    }
    if (size.fields <= limits.maxSelections) return null;
    return queryTooComplex(
      `The operation selects more than ${limits.maxSelections} fields once its fragments are expanded where they are spread. Select fewer fields, or spread fewer fragments.`,
      'selections',
      limits.maxSelections,
    );
  };
  const selections: GatewayPlugin = {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (!result || result instanceof Error) return;
        const document = result as DocumentNode;
        let verdict = verdicts.get(document);
        if (verdict === undefined) {
          verdict = expandedFieldsError(document);
          verdicts.set(document, verdict);
        }
        if (verdict) replaceParseResult(verdict);
      };
    },
  };

  // The estimate of each operation, for its answer's header (one operation per request).
  const estimates = new WeakMap<Request, number>();
  const estimateCost = createCostEstimator({ listSize: limits.costListSize, listSizes: limits.costListSizes ?? ASSUMED_LIST_SIZES });
  const cost: GatewayPlugin = {
    onExecute({ args, setResultAndStopExecution }) {
      const estimated = estimateCost(
        args.schema,
        args.document,
        args.operationName,
        args.variableValues as Record<string, unknown> | undefined,
      );
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      if (request) estimates.set(request, estimated);
      if (estimated > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            queryTooComplex(
              `The operation's estimated cost ${estimated} is over the limit of ${limits.maxCost}. Ask for fewer items per page or fewer nested lists.`,
              'cost',
              limits.maxCost,
              { cost: estimated },
            ),
          ],
        });
        return undefined;
      }
      // Clients tune their pages by it: extensions.cost of the answer (the first part of an incremental one).
      const report = { estimated, limit: limits.maxCost };
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) {
            setResult({ ...result, extensions: { ...result.extensions, cost: report } });
            return undefined;
          }
          let first = true;
          return {
            onNext({ result: part, setResult: setPart }) {
              if (!first) return;
              first = false;
              setPart({ ...part, extensions: { ...part.extensions, cost: report } });
            },
          };
        },
      };
    },
    onResponse({ request, response }) {
      const estimated = estimates.get(request);
      if (estimated !== undefined) response.headers.set(QUERY_COST_HEADER, String(estimated));
    },
  };

  // Reported where graphql-armor's rules reported them: on each operation, depth first, among the
  // other validation errors, with its messages ("found" the operation's own count).
  const depthAndAliases = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const shape = shapeOf(context.getDocument());
      const operation = 'operations' in shape ? shape.operations.get(node) : undefined;
      if (!operation) return;
      const { depth, aliases } = operation;
      if (depth > limits.maxDepth) {
        context.reportError(
          queryTooComplex(`Query depth limit of ${limits.maxDepth} exceeded, found ${depth}.`, 'depth', limits.maxDepth, { found: depth }),
        );
      }
      if (aliases > limits.maxAliases) {
        context.reportError(
          queryTooComplex(`Aliases limit of ${limits.maxAliases} exceeded, found ${aliases}.`, 'aliases', limits.maxAliases, {
            found: aliases,
          }),
        );
      }
    },
  });
  const validation: GatewayPlugin = {
    onValidate({ addValidationRule }) {
      addValidationRule(depthAndAliases);
    },
  };

  const plugins: GatewayPlugin[] = [tokens, selections, validation, cost];
  if (limits.blockFieldSuggestions) plugins.push(blockFieldSuggestionsPlugin({ mask: '' }) as GatewayPlugin);
  return plugins;
}
