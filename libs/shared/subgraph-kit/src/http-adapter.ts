import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';
import { createBodyLimit, errorBody, HttpErrorCode, sendErrorBody, UNSUPPORTED_MEDIA_TYPE_MESSAGE } from '@hkp/http-errors';

export const MAX_BODY_BYTES = 1_000_000;

const limitBody = createBodyLimit(MAX_BODY_BYTES);

function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Serves Apollo Server on a plain Node request (Apollo's integration contract). */
export async function handleGraphQL<C extends BaseContext>(
  server: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  context: ContextThunk<C>,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  // Apollo answers any other POST body with a 400 that does not say what to send.
  if (method === 'POST' && mediaTypeOf(req) !== 'application/json') {
    req.resume();
    return sendErrorBody(req, res, 415, errorBody(UNSUPPORTED_MEDIA_TYPE_MESSAGE, HttpErrorCode.BAD_REQUEST));
  }
  if (await limitBody(req, res)) return;
  const raw = (req as IncomingMessage & { body?: Buffer }).body?.toString('utf8');
  let body: unknown;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return sendErrorBody(req, res, 400, errorBody('The request body is not valid JSON.', HttpErrorCode.BAD_REQUEST));
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
