import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { negotiateEncoding, nodeResponseCoding } from './compression';

describe('negotiateEncoding', () => {
  it('answers with what the client prefers by q-value, brotli before gzip when they tie', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('BR ; q=1.0, gzip;q=0.9')).toBe('br');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0.5, br;q=0')).toBe('gzip');
  });

  it('sends the answer as it is when the client takes neither', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('')).toBeUndefined();
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('deflate, zstd')).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeUndefined();
  });
});

describe('nodeResponseCoding (a route writing on the Node response: the exports)', () => {
  const LINES = Array.from(
    { length: 2000 },
    (_, i) => `${JSON.stringify({ id: `education-${i}`, title: '佛山市教育扩容提质行动方案' })}\n`,
  );
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      // As the CORS feature does with an allow-list: Vary: Origin is already on the response.
      res.setHeader('vary', 'Origin');
      const type = req.url === '/image' ? 'image/png' : 'application/x-ndjson; charset=utf-8';
      const coding = nodeResponseCoding(req, res, type);
      res.writeHead(200, { ...coding.headers, 'content-type': type });
      const body = coding.body();
      void (async () => {
        for (const line of LINES) if (!body.write(line)) await once(body, 'drain');
        body.end();
      })();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The raw answer: headers and the body's bytes as sent (no client-side decoding). */
  function get(path: string, acceptEncoding?: string): Promise<{ headers: IncomingHttpHeaders; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      request(`${origin}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  }

  it('streams the body with brotli or gzip as Accept-Encoding prefers, adding Accept-Encoding to Vary', async () => {
    const whole = LINES.join('');
    for (const [accept, coding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const { headers, bytes } = await get('/export', accept);
      expect(headers['content-encoding']).toBe(coding);
      expect(headers['vary']).toBe('Origin, Accept-Encoding');
      expect(bytes.length).toBeLessThan(Buffer.byteLength(whole) / 5);
      expect(decode(bytes).toString('utf8')).toBe(whole);
    }
  });

  it('sends the body as it is to a client that takes neither, and a type that is compressed already', async () => {
    const plain = await get('/export');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Origin, Accept-Encoding');
    expect(plain.bytes.toString('utf8')).toBe(LINES.join(''));

    const image = await get('/image', 'br');
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['vary']).toBe('Origin');
  });
});
