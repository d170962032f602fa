import { readFileSync } from 'node:fs';
import type { GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';
import { ConfigError } from '@hkp/util-env';
import { clientError, GatewayErrorCode } from './client-errors';

export interface PersistedDocumentsConfig {
  /** A JSON file of `{ "<id>": "<query>" }` (the client build's persisted-documents manifest). */
  path: string;
  /** Refuse every request that sends a query text instead of an id. */
  only: boolean;
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
    allowArbitraryDocuments: !config.only,
    customErrors: {
      notFound: () =>
        clientError(
          'No persisted document has this id. Use an id from the client build this gateway was deployed with.',
          GatewayErrorCode.PERSISTED_QUERY_NOT_FOUND,
          400,
        ),
      persistedQueryOnly: () =>
        clientError(
          'This API only runs persisted documents: send "documentId" instead of "query".',
          GatewayErrorCode.PERSISTED_QUERY_REQUIRED,
          400,
        ),
      keyNotFound: () =>
        config.only
          ? clientError('This API only runs persisted documents: send "documentId".', GatewayErrorCode.PERSISTED_QUERY_REQUIRED, 400)
          : clientError('Send a "query", or the "documentId" of a persisted document.', GatewayErrorCode.BAD_REQUEST, 400),
    },
  };
}
