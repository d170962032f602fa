import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { printClientSchema } from '@hkp/composition';
import type { GatewayFeature } from './gateway-feature';

/** Where the client schema of the served supergraph is published. */
export const CLIENT_SCHEMA_PATH = '/schema.graphql';

/** The schema the runtime serves now (it builds it on first use and again after a reload). */
export type CurrentSchema = () => GraphQLSchema | Promise<GraphQLSchema>;

interface PrintedSchema {
  sdl: string;
  etag: string;
}

/** Whether an If-None-Match header names this entity tag (or `*`); weak tags compare by their value. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * GET /schema.graphql: the SDL code generators read, of whatever supergraph the gateway serves now
 * (printClientSchema, the same text `npm run compose` commits as schema/<contract>.graphql), with
 * an ETag so generators and portals can ask cheaply whether it changed. It is published even where
 * introspection is off when the gateway serves a contract, whose schema is public by definition;
 * a gateway serving the whole supergraph publishes it only where introspection is on.
 */
export function createClientSchemaFeature(enabled: boolean, currentSchema: CurrentSchema): GatewayFeature {
  // Printed once per schema the runtime builds (a reload makes a new one).
  const printed = new WeakMap<GraphQLSchema, PrintedSchema>();
  const printedOf = (schema: GraphQLSchema): PrintedSchema => {
    let entry = printed.get(schema);
    if (!entry) {
      const sdl = printClientSchema(schema);
      entry = { sdl, etag: `"${createHash('sha256').update(sdl).digest('base64url')}"` };
      printed.set(schema, entry);
    }
    return entry;
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { sdl, etag } = printedOf(await currentSchema());
    // Revalidated each time: a reloaded supergraph changes it without a restart.
    const headers = { etag, 'cache-control': 'no-cache' };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(sdl) });
    res.end(req.method === 'HEAD' ? undefined : sdl);
  }

  return {
    name: 'client-schema',
    handleHttp: async (req, res) => {
      if (!enabled || (req.url ?? '/').split('?')[0] !== CLIENT_SCHEMA_PATH) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      await answer(req, res);
      return true;
    },
  };
}
