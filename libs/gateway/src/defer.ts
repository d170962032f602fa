import {
  GraphQLSchema,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { GraphQLDeferDirective, GraphQLStreamDirective, isAsyncIterable } from '@graphql-tools/utils';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { GatewayFeature } from './gateway-feature';

/** A fragment marked `@defer`, as an operation of its own: its ancestors down to it, and nothing else. */
export interface DeferredPart {
  label?: string;
  /** Response keys from the root to the objects the fragment applies to (lists are walked through). */
  path: string[];
  operation: OperationDefinitionNode;
}

export interface DeferSplit {
  /** The operation without its deferred fragments. */
  initial: OperationDefinitionNode;
  deferred: DeferredPart[];
}

const selectionSet = (selections: readonly SelectionNode[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections });
const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

function deferDirective(directives: readonly DirectiveNode[] | undefined): DirectiveNode | undefined {
  return directives?.find((d) => d.name.value === 'defer');
}

function argument(directive: DirectiveNode, name: string, variables: Record<string, unknown>): unknown {
  const given = directive.arguments?.find((a) => a.name.value === name);
  return given ? valueFromASTUntyped(given.value, variables) : undefined;
}

const withoutDefer = (directives: readonly DirectiveNode[] | undefined) => directives?.filter((d) => d.name.value !== 'defer');

/** Every fragment spread replaced by an inline fragment with its directives (bounded: the expanded-selection limit ran first). */
function inlineSpreads(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): SelectionSetNode {
  return selectionSet(
    set.selections.flatMap((s): SelectionNode[] => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (!fragment) return [];
        return [
          {
            kind: Kind.INLINE_FRAGMENT,
            typeCondition: fragment.typeCondition,
            directives: s.directives,
            selectionSet: inlineSpreads(fragment.selectionSet, fragments),
          },
        ];
      }
      if (s.selectionSet) return [{ ...s, selectionSet: inlineSpreads(s.selectionSet, fragments) }];
      return [s];
    }),
  );
}

/** Nested `@defer`s inside a deferred fragment arrive with it. */
function stripDefers(set: SelectionSetNode): SelectionSetNode {
  return selectionSet(
    set.selections.map((s) =>
      s.kind === Kind.FRAGMENT_SPREAD
        ? s
        : {
            ...s,
            ...(s.kind === Kind.INLINE_FRAGMENT ? { directives: withoutDefer(s.directives) } : {}),
            ...(s.selectionSet ? { selectionSet: stripDefers(s.selectionSet) } : {}),
          },
    ),
  );
}

/**
 * Splits an operation at its `@defer` fragments (those whose `if` is not false): the initial
 * operation leaves them out, and each becomes an operation of its own that selects only the fields
 * leading to it. Undefined when nothing is deferred. The query planner then plans and runs each
 * like any operation; no subgraph needs to know `@defer`.
 */
export function splitDeferred(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): DeferSplit | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = inlineSpreads(operation.selectionSet, fragments);
  const deferred: DeferredPart[] = [];

  const initialOf = (set: SelectionSetNode, wrap: (inner: SelectionSetNode) => SelectionSetNode, path: string[]): SelectionSetNode => {
    const kept: SelectionNode[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const directive = deferDirective(s.directives);
        if (directive && argument(directive, 'if', variables) !== false) {
          const label = argument(directive, 'label', variables);
          const fragment = { ...s, directives: withoutDefer(s.directives), selectionSet: stripDefers(s.selectionSet) };
          deferred.push({
            ...(typeof label === 'string' ? { label } : {}),
            path,
            operation: { ...operation, selectionSet: wrap(selectionSet([fragment])) },
          });
          continue;
        }
        const inner = initialOf(s.selectionSet, (x) => wrap(selectionSet([{ ...s, selectionSet: x }])), path);
        kept.push({ ...s, directives: withoutDefer(s.directives), selectionSet: inner });
      } else if (s.kind === Kind.FIELD && s.selectionSet) {
        const key = s.alias?.value ?? s.name.value;
        kept.push({
          ...s,
          selectionSet: initialOf(s.selectionSet, (x) => wrap(selectionSet([{ ...s, selectionSet: x }])), [...path, key]),
        });
      } else {
        kept.push(s);
      }
    }
    return selectionSet(kept.length > 0 ? kept : [TYPENAME]);
  };

  const initial = { ...operation, selectionSet: initialOf(root, (x) => x, []) };
  return deferred.length > 0 ? { initial, deferred } : undefined;
}

/** The objects at `path` in `data` with where each is (list indexes included). */
export function objectsAt(
  data: unknown,
  path: string[],
  at: (string | number)[] = [],
): { path: (string | number)[]; object: Record<string, unknown> }[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => objectsAt(item, path, [...at, i]));
  if (data === null || typeof data !== 'object') return [];
  const [key, ...rest] = path;
  if (key === undefined) return [{ path: at, object: data as Record<string, unknown> }];
  return objectsAt((data as Record<string, unknown>)[key], rest, [...at, key]);
}

type Execute = (args: { document: DocumentNode; [key: string]: unknown }) => unknown;

/** Whether the client takes an answer in parts (multipart/mixed or server-sent events). */
function takesParts(request: Request | undefined): boolean {
  const accept = request?.headers.get('accept') ?? '';
  return /multipart\/mixed|text\/event-stream/i.test(accept);
}

/**
 * `@defer` through the gateway. The Rust query planner plans a whole operation and would answer
 * deferred fragments with the rest; this splits the operation at them instead and runs the parts
 * at once, answering the initial part first and each deferred one as it completes (GraphQL
 * incremental delivery: `{ data, hasNext }`, then `{ incremental: [{ data, path, label }], hasNext }`).
 * A client that does not take parts gets the whole result in one answer. `@stream` is accepted and
 * its list delivered whole, as the incremental delivery proposal allows.
 */
export function useDeferredFragments(): GatewayPlugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      if (!takesParts(request)) return;
      const split = splitDeferred(args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
      if (!split) return;
      const run = executeFn as unknown as Execute;
      setExecuteFn(((executeArgs: Parameters<typeof executeFn>[0]) => {
        const part = (operation: OperationDefinitionNode) =>
          Promise.resolve(run({ ...executeArgs, document: { kind: Kind.DOCUMENT, definitions: [operation] } })) as Promise<ExecutionResult>;
        const initial = part(split.initial);
        const pending = new Map(split.deferred.map((d, i) => [i, part(d.operation).then((result) => ({ i, d, result }))]));
        return (async function* () {
          const first = await initial;
          if (isAsyncIterable(first)) throw new Error('A deferred operation cannot be a subscription.');
          yield { ...first, hasNext: pending.size > 0 };
          while (pending.size > 0) {
            const { i, d, result } = await Promise.race(pending.values());
            pending.delete(i);
            const items = objectsAt(result.data, d.path)
              .filter(({ object }) => Object.keys(object).length > 0)
              .map(({ path, object }) => ({ data: object, path, ...(d.label !== undefined ? { label: d.label } : {}) }));
            const errors = result.errors?.length ? result.errors : undefined;
            const incremental =
              items.length > 0
                ? items.map((item, n) => (n === 0 && errors ? { ...item, errors } : item))
                : errors
                  ? [{ data: null, path: d.path, ...(d.label !== undefined ? { label: d.label } : {}), errors }]
                  : [];
            yield { ...(incremental.length > 0 ? { incremental } : {}), hasNext: pending.size > 0 };
          }
        })();
      }) as unknown as typeof executeFn);
    },
  };
}

/**
 * `@defer` and `@stream` known to validation only. The runtime's own deferStream option would serve
 * a copy of the schema with the two directives added, and the gateway pins each operation to the
 * supergraph generation it started on by the schema it runs against (graceful reload): operations
 * on the copy would not be pinned. So validation sees the copy, execution the schema as served.
 */
export function useDeferDirectivesInValidation(): GatewayPlugin {
  const withDirectives = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const extended = (schema: GraphQLSchema): GraphQLSchema => {
    let known = withDirectives.get(schema);
    if (!known) {
      const missing = [GraphQLDeferDirective, GraphQLStreamDirective].filter((d) => !schema.getDirective(d.name));
      known =
        missing.length > 0 ? new GraphQLSchema({ ...schema.toConfig(), directives: [...schema.getDirectives(), ...missing] }) : schema;
      withDirectives.set(schema, known);
    }
    return known;
  };
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn(((schema: GraphQLSchema, ...rest: unknown[]) =>
        (validateFn as (...args: unknown[]) => unknown)(extended(schema), ...rest)) as unknown as typeof validateFn);
    },
  };
}

/** `@defer` split as above, and `@defer`/`@stream` accepted by validation. */
export function createDeferFeature(): GatewayFeature {
  return { name: 'defer', plugins: [useDeferDirectivesInValidation(), useDeferredFragments()] };
}
