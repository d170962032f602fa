import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerParseErrorsAsGraphQL } from './parse-errors';

/** A POST whose Content-Length is not a number: Node's parser refuses it before any handler runs. */
function postMalformed(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': 'nope' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer({ maxHeaderSize: 2048 }, (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'),
  );
  answerParseErrorsAsGraphQL(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('answerParseErrorsAsGraphQL', () => {
  it('answers headers over the server limit with 431 and a JSON error naming the limit', async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${'a'.repeat(3000)}` } });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/larger than the 2048 bytes/),
          extensions: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', maxBytes: 2048 },
        },
      ],
    });
  });

  it('answers malformed HTTP with 400 BAD_REQUEST, then closes the connection', async () => {
    const response = await postMalformed(url);
    expect(response.status).toBe(400);
    expect(response.headers['connection']).toBe('close');
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(JSON.parse(response.body)).toEqual({
      errors: [{ message: expect.stringMatching(/not valid HTTP/), extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('leaves well-formed requests to the request handler', async () => {
    expect(await (await fetch(url, { headers: { authorization: `Bearer ${'a'.repeat(1000)}` } })).json()).toEqual({ data: {} });
  });
});
