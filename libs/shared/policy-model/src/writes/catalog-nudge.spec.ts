import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@hkp/testing';
import { nudgeCatalog, withNudgeTimeout } from './catalog-nudge';

// The catalog nudge after a write, against a real HTTP server standing in for the programme
// service: it says whether the catalog confirmed, and never fails the write it follows.

let server: Server;
let url: string;
let answer: (body: string) => { status: number; body: string } | 'hang';
const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) });
      const reply = answer(body);
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const logger = silentLogger();

it("asks the catalog to read the department's feed, with the writer's token and request id, and reports its confirmation", async () => {
  answer = () => ({ status: 200, body: JSON.stringify({ data: { syncCatalog: true } }) });
  expect(await nudgeCatalog('education', { logger, url, requestId: 'req-1', authorization: 'Bearer t' })).toBe(true);
  expect(received).toEqual([
    {
      headers: expect.objectContaining({ authorization: 'Bearer t', 'x-request-id': 'req-1', 'content-type': 'application/json' }),
      body: { query: 'mutation SyncCatalog($source: String!) { syncCatalog(source: $source) }', variables: { source: 'education' } },
    },
  ]);
});

it('answers false, without throwing, when the catalog refuses, errs, is slow or is not there', async () => {
  answer = () => ({ status: 200, body: JSON.stringify({ data: null, errors: [{ message: 'Forbidden' }] }) });
  expect(await nudgeCatalog('education', { logger, url })).toBe(false);
  answer = () => ({ status: 500, body: 'not json' });
  expect(await nudgeCatalog('education', { logger, url })).toBe(false);
  answer = () => 'hang';
  expect(await nudgeCatalog('education', { logger, url, timeoutMs: 100 })).toBe(false);
  expect(await nudgeCatalog('education', { logger, url: 'http://127.0.0.1:9/graphql' })).toBe(false);
});

describe('withNudgeTimeout', () => {
  it('is true when the in-process sync finishes in time, false when it fails or takes too long', async () => {
    expect(await withNudgeTimeout(Promise.resolve(), logger)).toBe(true);
    expect(await withNudgeTimeout(Promise.reject(new Error('sync failed')), logger)).toBe(false);
    expect(await withNudgeTimeout(new Promise(() => undefined), logger, 50)).toBe(false);
  });
});
