import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline, type Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliCompress, type Gzip } from 'node:zlib';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getEnvBool } from '@hkp/util-env';
import type { GatewayFeature } from './gateway-feature';

export type ContentCoding = 'br' | 'gzip';

export interface CompressionConfig {
  enabled: boolean;
}

export function readCompressionConfig(env: Record<string, string | undefined>): CompressionConfig {
  return { enabled: getEnvBool('GATEWAY_COMPRESSION', true, env) };
}

/** Smaller answers are sent as they are: compressing them saves less than a packet. */
export const MIN_COMPRESSED_BYTES = 1024;

// Brotli's default quality (11) takes seconds on the explorer's page; 5 compresses about as well as gzip's best, faster.
const BROTLI_QUALITY = 5;

/** Answers that are text, JSON or GraphQL's incremental parts; images and archives are compressed already. */
const COMPRESSIBLE =
  /^(text\/(?!event-stream)|application\/(json|graphql-response\+json|javascript|xml|atom\+xml|x-ndjson)|multipart\/mixed|image\/svg\+xml)/i;

/** Answers sent part by part (`@defer`, `@stream`): each part is flushed as it comes, not held back for a fuller block. */
const INCREMENTAL = /^multipart\/mixed/i;

/**
 * The coding to answer with, from the request's Accept-Encoding (RFC 9110 §12.5.3): the one with
 * the highest q-value, brotli before gzip when they tie; `*` stands for both; `q=0` refuses one.
 * Undefined when the client takes neither.
 */
export function negotiateEncoding(acceptEncoding: string | null | undefined): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.map((p) => /^q=([01](?:\.\d{0,3})?)$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weightOf = (coding: ContentCoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: ContentCoding | undefined;
  for (const coding of ['br', 'gzip'] as const) {
    if (weightOf(coding) > 0 && (best === undefined || weightOf(coding) > weightOf(best))) best = coding;
  }
  return best;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Bodies of a declared length up to this are compressed whole, off the event loop (a stream of small chunks is many times slower). */
const WHOLE_BODY_BYTES = 32 * 1024 * 1024;
/** Bodies from this size are kept compressed: the explorer's page is the same 9 MB for everyone. */
const KEPT_BYTES = 1024 * 1024;

function brotliParams(length: number | undefined) {
  return {
    [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
    ...(length !== undefined ? { [constants.BROTLI_PARAM_SIZE_HINT]: length } : {}),
  };
}

function compressor(coding: ContentCoding, incremental: boolean, length: number | undefined): BrotliCompress | Gzip {
  if (coding === 'gzip') return createGzip(incremental ? { flush: constants.Z_SYNC_FLUSH } : {});
  return createBrotliCompress({
    ...(incremental ? { flush: constants.BROTLI_OPERATION_FLUSH } : {}),
    params: brotliParams(length),
  });
}

/** The last large body compressed, by coding and content hash. */
let kept: { key: string; body: Buffer } | undefined;

async function compressWhole(body: Buffer, coding: ContentCoding): Promise<Buffer> {
  const key = body.length >= KEPT_BYTES ? `${coding}:${createHash('sha256').update(body).digest('base64')}` : undefined;
  if (key && kept?.key === key) return kept.body;
  const compressed = coding === 'br' ? await brotliAsync(body, { params: brotliParams(body.length) }) : await gzipAsync(body);
  if (key) kept = { key, body: compressed };
  return compressed;
}

/** `Vary` with `value` added to what the answer (or the Node response, where CORS put `Origin`) has. */
function varyWith(existing: (string | null | undefined)[], value: string): string {
  const names = existing.flatMap((v) => (v ? v.split(',') : [])).map((v) => v.trim());
  const unique = [...new Set(names.filter(Boolean))];
  if (!unique.some((n) => n.toLowerCase() === value.toLowerCase())) unique.push(value);
  return unique.join(', ');
}

/**
 * Compresses the runtime's answers (GraphQL results, incremental parts, the explorer's page) with
 * brotli or gzip as the client's Accept-Encoding prefers, with Node's zlib: a body of known length
 * at once on zlib's threads (the last large one kept), anything else as a stream, each part of an
 * incremental answer flushed as it is produced.
 */
export function useCompression(): GatewayPlugin {
  return {
    onResponse({ request, response, serverContext, setResponse, fetchAPI }) {
      const body = response.body;
      if (!body || response.status === 204 || response.status === 304 || response.headers.has('content-encoding')) return;
      const type = response.headers.get('content-type') ?? '';
      if (!COMPRESSIBLE.test(type)) return;
      const declared = response.headers.get('content-length');
      const length = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
      const nodeResponse = (serverContext as { res?: ServerResponse }).res;
      const vary = varyWith([response.headers.get('vary'), nodeResponse?.getHeader('vary')?.toString()], 'Accept-Encoding');
      if (length !== undefined && length < MIN_COMPRESSED_BYTES) {
        response.headers.set('vary', vary);
        return;
      }
      const coding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!coding) {
        response.headers.set('vary', vary);
        return;
      }
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', coding);
      headers.set('vary', vary);
      headers.delete('content-length');
      const incremental = INCREMENTAL.test(type);
      if (!incremental && length !== undefined && length <= WHOLE_BODY_BYTES) {
        return response
          .arrayBuffer()
          .then((whole) => compressWhole(Buffer.from(whole), coding))
          .then((compressed) => {
            headers.set('content-length', String(compressed.length));
            setResponse(
              new fetchAPI.Response(new Uint8Array(compressed), { status: response.status, statusText: response.statusText, headers }),
            );
          });
      }
      const compressed = compressor(coding, incremental, length);
      pipeline(Readable.from(body as unknown as AsyncIterable<Uint8Array>), compressed, () => undefined);
      setResponse(
        new fetchAPI.Response(compressed as unknown as BodyInit, { status: response.status, statusText: response.statusText, headers }),
      );
      return undefined;
    },
  };
}

/** How a route that writes its answer on the Node response itself (the exports) sends its body. */
export interface NodeResponseCoding {
  /** To send with the answer (a 304 and a HEAD too): Vary with Accept-Encoding, and Content-Encoding when one is used. */
  headers: Record<string, string>;
  /** Once the head is written: where to write the body (end it when done); the response itself when uncompressed. */
  body(): Writable;
}

/**
 * Compression for a route outside the runtime, as useCompression does for the runtime's answers:
 * the client's Accept-Encoding chooses brotli or gzip when the type is compressible; the body is
 * compressed as a stream (its length is not known before it is written) into the response.
 */
export function nodeResponseCoding(req: IncomingMessage, res: ServerResponse, contentType: string): NodeResponseCoding {
  if (!COMPRESSIBLE.test(contentType)) return { headers: {}, body: () => res };
  const vary = varyWith([res.getHeader('vary')?.toString()], 'Accept-Encoding');
  const coding = negotiateEncoding(req.headers['accept-encoding']);
  if (!coding) return { headers: { vary }, body: () => res };
  return {
    headers: { vary, 'content-encoding': coding },
    body: () => {
      const compressed = compressor(coding, false, undefined);
      // The response closed early (the client left) destroys the compressor, and so ends the writer's waits.
      pipeline(compressed, res, () => undefined);
      return compressed;
    },
  };
}

/** Compression of the runtime's answers; GATEWAY_COMPRESSION=false leaves it to a proxy in front. */
export function createCompressionFeature(config: CompressionConfig): GatewayFeature {
  return { name: 'compression', plugins: config.enabled ? [useCompression()] : [] };
}
