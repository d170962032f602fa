import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBodyLimit } from './body-limit';

// A server that puts the limit in front of an echo of what the next handler would read.
let server: Server;
let url: string;
beforeAll(async () => {
  const limit = createBodyLimit(1024);
  server = createServer((req, res) => {
    void limit(req, res).then((answered) => {
      if (answered) return;
      const body = (req as IncomingMessage & { body?: Buffer }).body;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ bytes: body?.length ?? 0, text: body?.toString('utf8') ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createBodyLimit', () => {
  it('passes a body within the limit on as req.body', async () => {
    const response = await fetch(url, { method: 'POST', body: '{"query":"{ __typename }"}' });
    expect(await response.json()).toEqual({ bytes: 26, text: '{"query":"{ __typename }"}' });
  });

  it('leaves bodiless requests alone', async () => {
    expect(await (await fetch(url)).json()).toEqual({ bytes: 0, text: null });
    expect(await (await fetch(url, { method: 'POST', body: '' })).json()).toEqual({ bytes: 0, text: null });
  });

  it('answers 413 PAYLOAD_TOO_LARGE at once when Content-Length is over the limit', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'The request body is larger than the 1024 bytes this API accepts.',
          extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: 1024 },
        },
      ],
    });
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i += 1) req.write('y'.repeat(400));
      req.end();
    });
    expect(status).toBe(413);
  });
});
