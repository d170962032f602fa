import { GraphQLError, Kind, visit, BREAK, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** What the authorization rules decided for one document and one kind of caller. */
type Verdict = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/** The part of an onExecute payload the rules' walker uses. */
interface ExecutePayload {
  args: ExecutionArgs;
  setResultAndStopExecution(result: unknown): void;
}
type OnExecute = (payload: ExecutePayload) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPlugin = GatewayPlugin<any>;

/**
 * Whether an operation's `@skip` / `@include` read a variable: then which fields the rules check
 * depends on the request's values, and its verdict is not reused.
 */
function hasVariableConditions(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if ((node.name.value === 'skip' || node.name.value === 'include') && node.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** A new error with the same message, locations, path and extensions, so no two answers share one object. */
const copyOf = (error: GraphQLError) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions },
  });

/**
 * Keeps what the schema's authorization rules (Envelop's generic auth, an extended validation
 * walk run before every execution) decided, per schema, document, operation and caller's scopes,
 * and reuses it: a document the walker accepted is handed on as the walker rewrote it (the same
 * object each time, so the query plan stays cached), a refused one gets the same errors again.
 * The walk depends on nothing else of the request, except the values of variables in
 * `@skip(if: $x)` / `@include(if: $x)`: such documents are walked every time.
 *
 * `authPlugin` is the generic-auth plugin; `callerKey` tells callers apart as the rules do (no
 * user, or a user and the scopes it holds), from the execution context.
 */
export function useAuthorizationVerdicts(
  authPlugin: AnyPlugin,
  callerKey: (context: Record<string, unknown>) => string,
  maxPerDocument = 64,
): AnyPlugin {
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Verdict> | null>>();

  const verdictsFor = (schema: GraphQLSchema, document: DocumentNode): Map<string, Verdict> | null => {
    let bySchema = verdicts.get(schema);
    if (!bySchema) verdicts.set(schema, (bySchema = new WeakMap()));
    let byCaller = bySchema.get(document);
    if (byCaller === undefined) {
      byCaller = hasVariableConditions(document) ? null : new Map();
      bySchema.set(document, byCaller);
    }
    return byCaller;
  };

  const cached =
    (walk: OnExecute): OnExecute =>
    (payload) => {
      const { args } = payload;
      const byCaller = verdictsFor(args.schema, args.document);
      if (!byCaller) return walk(payload);
      const key = `${args.operationName ?? ''}\n${callerKey(args.contextValue as Record<string, unknown>)}`;
      const known = byCaller.get(key);
      if (known) {
        if ('errors' in known) payload.setResultAndStopExecution({ data: null, errors: known.errors.map(copyOf) });
        else args.document = known.document;
        return undefined;
      }
      let refused: { errors?: readonly GraphQLError[] } | undefined;
      const hooks = walk({
        ...payload,
        args,
        setResultAndStopExecution: (result) => {
          refused = result as { errors?: readonly GraphQLError[] };
          payload.setResultAndStopExecution(result);
        },
      });
      // Hooks to run on the result: a mode whose verdict is not final before execution.
      if (hooks !== undefined) return hooks;
      if (byCaller.size >= maxPerDocument) byCaller.clear();
      byCaller.set(key, refused ? { errors: (refused.errors ?? []).map(copyOf) } : { document: args.document });
      return undefined;
    };

  return {
    ...authPlugin,
    onPluginInit(init) {
      // Generic auth adds its walker as a plugin of its own here; it is added with its
      // onExecute cached. Subscriptions keep the walk per request (one per stream).
      authPlugin.onPluginInit?.({
        ...init,
        addPlugin: (added) =>
          init.addPlugin(added.onExecute ? { ...added, onExecute: cached(added.onExecute as unknown as OnExecute) as never } : added),
      });
    },
  };
}
