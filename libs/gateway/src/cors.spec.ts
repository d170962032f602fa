import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCorsFeature, readCorsConfig } from './cors';

describe('readCorsConfig', () => {
  it('allows any origin without credentials unless GATEWAY_CORS_ORIGINS lists some', () => {
    expect(readCorsConfig({})).toEqual({ maxAgeSeconds: 600 });
    expect(readCorsConfig({ GATEWAY_CORS_ORIGINS: ' , ' })).toEqual({ maxAgeSeconds: 600 });
    expect(
      readCorsConfig({ GATEWAY_CORS_ORIGINS: 'https://portal.example.org, http://localhost:5173/', GATEWAY_CORS_MAX_AGE_S: '60' }),
    ).toEqual({ origins: ['https://portal.example.org', 'http://localhost:5173'], maxAgeSeconds: 60 });
  });

  it('refuses at start anything that is not an origin, naming it', () => {
    for (const value of ['portal.example.org', 'https://portal.example.org/app', '*', 'ftp://files.example.org', 'null']) {
      expect(() => readCorsConfig({ GATEWAY_CORS_ORIGINS: value })).toThrow(`"${value}" is not one`);
    }
  });
});

describe('the CORS headers', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const cors = createCorsFeature({ maxAgeSeconds: 600 });
    server = createServer((req, res) => {
      if (cors.handleHttp!(req, res)) return;
      // An export's answer, as export-route.ts sends it.
      res.writeHead(200, { etag: 'W/"abc"', 'last-modified': new Date(0).toUTCString(), 'content-type': 'text/csv' }).end('a,b\r\n');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const list = (value: string | null) => (value ?? '').split(',').map((h) => h.trim().toLowerCase());

  it('lets a portal on another origin read the ETag it revalidates an export with', async () => {
    const answer = await fetch(`${origin}/export/targets.csv`, { headers: { origin: 'https://portal.example.org' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(list(answer.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining(['etag', 'x-request-id', 'retry-after', 'x-query-cost']),
    );
  });

  it('lets it send If-None-Match and If-Modified-Since after a preflight', async () => {
    const preflight = await fetch(`${origin}/export/targets.csv`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://portal.example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match, if-modified-since',
      },
    });
    expect(preflight.status).toBe(204);
    expect(list(preflight.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['if-none-match', 'if-modified-since']),
    );
  });
});
