import { Lexer, Source, TokenKind, type GraphQLError, type ValidationContext } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { clientError, GatewayErrorCode } from './client-errors';
import { estimateQueryCost } from './query-cost';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Items assumed for a list without `first` when estimating cost. */
  costListSize: number;
  /** Hide "Did you mean …?" in validation errors (they reveal the schema without introspection). */
  blockFieldSuggestions: boolean;
}

export type QueryLimitKind = 'depth' | 'aliases' | 'tokens' | 'cost';

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

// graphql-armor's messages start with "Syntax Error: " (they were meant to be thrown by the parser).
const armorMessage = (error: GraphQLError) => error.message.replace(/^Syntax Error:\s*/, '');
const armorLimit = (message: string) => Number(/found (\d+)/.exec(message)?.[1] ?? NaN);

/**
 * Refuses abusive operations before any subgraph is called: the token count before parsing, depth
 * and aliases during validation (cached per document), the estimated cost before execution (it
 * depends on variables). Each refusal is QUERY_TOO_COMPLEX with `extensions.limit`.
 */
export function createQueryLimitPlugins(limits: QueryLimits): GatewayPlugin[] {
  const reportTo =
    (limit: QueryLimitKind, max: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      const message = armorMessage(error);
      context?.reportError(queryTooComplex(message, limit, max, { found: armorLimit(message) }));
    };

  const tokens: GatewayPlugin = {
    onParams({ params, setResult }) {
      if (typeof params.query !== 'string') return;
      const count = countTokens(params.query, limits.maxTokens);
      if (count > limits.maxTokens) {
        setResult({
          errors: [queryTooComplex(`The document has more than ${limits.maxTokens} tokens. Send a smaller operation.`, 'tokens', limits.maxTokens)],
        });
      }
    },
  };

  const cost: GatewayPlugin = {
    onExecute({ args, setResultAndStopExecution }) {
      const estimated = estimateQueryCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, {
        listSize: limits.costListSize,
      });
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
      }
    },
  };

  const plugins: GatewayPlugin[] = [
    tokens,
    maxDepthPlugin({
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [reportTo('depth', limits.maxDepth)],
    }) as GatewayPlugin,
    maxAliasesPlugin({
      n: limits.maxAliases,
      allowList: [],
      propagateOnRejection: false,
      onReject: [reportTo('aliases', limits.maxAliases)],
    }) as GatewayPlugin,
    cost,
  ];
  if (limits.blockFieldSuggestions) plugins.push(blockFieldSuggestionsPlugin({ mask: '' }) as GatewayPlugin);
  return plugins;
}
