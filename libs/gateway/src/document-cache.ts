import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getEnvNum } from '@hkp/util-env';
import type { DocumentNode, GraphQLSchema, Source, Token, ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayFeature } from './gateway-feature';

export interface DocumentCacheConfig {
  /** GATEWAY_DOCUMENT_CACHE_MB: what the kept parsed documents and parse errors may hold, in bytes (estimated). */
  maxBytes: number;
  /** GATEWAY_DOCUMENT_CACHE_ENTRIES: how many documents and parse errors are kept at most. */
  maxEntries: number;
}

export function readDocumentCacheConfig(env: Record<string, string | undefined>): DocumentCacheConfig {
  return {
    maxBytes: getEnvNum('GATEWAY_DOCUMENT_CACHE_MB', 32, env, { min: 1 }) * 2 ** 20,
    maxEntries: getEnvNum('GATEWAY_DOCUMENT_CACHE_ENTRIES', 1024, env, { min: 1 }),
  };
}

/**
 * Heap a parsed document holds per token: graphql-js keeps every token (with its neighbours) and a
 * location per node for error positions. Measured on 2,000-token documents: about 400 bytes.
 */
const BYTES_PER_TOKEN = 500;
/** A parse error: its message, location and the source it points into (counted apart). */
const BYTES_PER_ERROR = 1_024;

/** The estimated heap of a document kept under its text (the text as the key, UTF-16), or of a parse error. */
export function keptBytes(text: string, kept: DocumentNode | Error): number {
  if (kept instanceof Error) return 2 * text.length + BYTES_PER_ERROR;
  let tokens = 0;
  for (let token: Token | null | undefined = kept.loc?.startToken; token; token = token.next) tokens += 1;
  // Parsed without locations (no tokens to count): a token for every four characters, at most.
  if (!kept.loc) tokens = Math.ceil(text.length / 4);
  return 2 * text.length + BYTES_PER_TOKEN * Math.max(tokens, 1);
}

const textOf = (source: string | Source): string => (typeof source === 'string' ? source : source.body);

/**
 * Whether a plugin is graphql-yoga's own parse and validation cache (server.js adds it after every
 * plugin of ours): 1,024 documents by count, whatever their size.
 */
function isYogaDocumentCache(plugin: unknown): boolean {
  const hooks = plugin as { onParse?: unknown; onValidate?: unknown } | null;
  return typeof hooks?.onParse === 'function' && typeof hooks.onValidate === 'function' && String(hooks.onParse).includes('documentCache');
}

/**
 * Parsed documents and validation verdicts kept within a byte budget, in place of Yoga's cache,
 * which keeps 1,024 documents by count: distinct documents near the token limit (about 1 MB of heap
 * each with their validation errors) filled a 512 MB heap after some 250 anonymous requests and
 * the gateway ran out of memory. Here each entry counts what it holds (keptBytes), the least
 * recently used go first, and a validation is kept only when the document is valid (the errors
 * of an invalid one are not kept: it is validated again if sent again, which the rate limit bounds).
 */
export function useBoundedDocumentCache(config: DocumentCacheConfig): GatewayPlugin {
  const parsed = new LRUCache<string, DocumentNode | Error>({
    max: config.maxEntries,
    maxSize: config.maxBytes,
    sizeCalculation: (kept, text) => keptBytes(text, kept),
    // As Yoga's: an hour, then parsed again.
    ttl: 3_600_000,
  });
  // Valid documents, per schema (a reload validates again) and per set of rules.
  const valid = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Set<string>>>();
  const plugin: GatewayPlugin = {
    onPluginInit({ plugins }) {
      const yogaCache = plugins.findIndex((other) => other !== plugin && isYogaDocumentCache(other));
      // Dependencies are pinned: an upgrade that moved Yoga's cache fails every gateway test here first.
      if (yogaCache < 0)
        throw new Error("graphql-yoga's parse and validation cache was not found; the bounded document cache cannot replace it.");
      plugins.splice(yogaCache, 1);
    },
    onParse({ params, setParsedDocument }) {
      const text = textOf(params.source);
      const kept = parsed.get(text);
      if (kept instanceof Error) throw kept;
      if (kept) {
        setParsedDocument(kept);
        return;
      }
      return ({ result }) => {
        if (result != null) parsed.set(text, result as DocumentNode | Error);
      };
    },
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      if (schema == null) return;
      const rulesKey = rules?.map((rule: ValidationRule) => rule.name).join(',') ?? '';
      let bySchema = valid.get(schema);
      if (bySchema?.get(documentAST)?.has(rulesKey)) {
        setResult([]);
        return;
      }
      return ({ valid: isValid }) => {
        if (!isValid) return;
        if (!bySchema) valid.set(schema, (bySchema = new WeakMap()));
        let rulesSets = bySchema.get(documentAST);
        if (!rulesSets) bySchema.set(documentAST, (rulesSets = new Set()));
        rulesSets.add(rulesKey);
      };
    },
  };
  return plugin;
}

/** The bounded document cache as a gateway feature: it must come after every other feature's plugins, where Yoga put its own. */
export function createDocumentCacheFeature(config: DocumentCacheConfig): GatewayFeature {
  return { name: 'document-cache', plugins: [useBoundedDocumentCache(config)] };
}
