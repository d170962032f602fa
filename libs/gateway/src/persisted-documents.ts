import { readFileSync } from 'node:fs';
import type { GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';
import { ConfigError } from '@hkp/util-env';
import { clientError, GatewayErrorCode } from './client-errors';

export interface PersistedDocumentsConfig {
  /** A JSON file of `{ "<id>": "<query>" }` (the client build's persisted-documents manifest). */
  path: string;
  /** Refuse every request that sends a query text instead of an id. */
  only: boolean;
  /**
   * Client names (`x-client-name`) held to the manifest even when others may send query texts: a
   * client that ships its documents (the portal) runs exactly them and nothing else.
   */
  clients?: readonly string[];
}

/** Whether a request may send a query text: never under `only`, never from a client held to the manifest. */
export function arbitraryDocumentsAllowed(
  config: Pick<PersistedDocumentsConfig, 'only' | 'clients'>,
): boolean | ((request: Request) => boolean) {
  if (config.only) return false;
  const held = new Set(config.clients ?? []);
  if (held.size === 0) return true;
  return (request) => !held.has(request.headers.get('x-client-name') ?? '');
}

/** Reads and checks the manifest once at start; a broken file stops the gateway with its name. */
export function loadPersistedDocuments(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`PERSISTED_DOCUMENTS_PATH=${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`PERSISTED_DOCUMENTS_PATH=${path} must hold a JSON object of { "<id>": "<query>" }.`);
  }
  const documents = new Map<string, string>();
  for (const [id, query] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof query !== 'string' || query.trim() === '') {
      throw new ConfigError(`PERSISTED_DOCUMENTS_PATH=${path}: the document "${id}" is not a query string.`);
    }
    documents.set(id, query);
  }
  return documents;
}

/**
 * Hive's persisted documents option over a local manifest. A client sends the id as
 * `documentId` (body or URL) or as Apollo's `extensions.persistedQuery.sha256Hash`.
 */
export function persistedDocumentsOptions(config: PersistedDocumentsConfig): NonNullable<GatewayConfigSupergraph['persistedDocuments']> {
  const documents = loadPersistedDocuments(config.path);
  return {
    getPersistedOperation: (id: string) => documents.get(id) ?? null,
    allowArbitraryDocuments: arbitraryDocumentsAllowed(config),
    customErrors: {
      notFound: () =>
        clientError(
          'No persisted document has this id. Use an id from the client build this gateway was deployed with.',
          GatewayErrorCode.PERSISTED_QUERY_NOT_FOUND,
          400,
        ),
      persistedQueryOnly: () =>
        clientError(
          config.only
            ? 'This API only runs persisted documents: send "documentId" instead of "query".'
            : 'This client (x-client-name) runs only the persisted documents of its build: send "documentId" instead of "query".',
          GatewayErrorCode.PERSISTED_QUERY_REQUIRED,
          400,
        ),
      keyNotFound: () =>
        config.only || (config.clients?.length ?? 0) > 0
          ? clientError('This API only runs persisted documents: send "documentId".', GatewayErrorCode.PERSISTED_QUERY_REQUIRED, 400)
          : clientError('Send a "query", or the "documentId" of a persisted document.', GatewayErrorCode.BAD_REQUEST, 400),
    },
  };
}
