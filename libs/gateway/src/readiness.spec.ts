import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSubgraphs, readinessUrlOf } from './readiness';

describe('readinessUrlOf', () => {
  it('puts /health/ready next to /graphql', () => {
    expect(readinessUrlOf('http://127.0.0.1:4006/graphql')).toBe('http://127.0.0.1:4006/health/ready');
    expect(readinessUrlOf('http://127.0.0.1:4006/graphql/')).toBe('http://127.0.0.1:4006/health/ready');
    expect(readinessUrlOf('https://api.example.gov.cn/civil-affairs/graphql')).toBe(
      'https://api.example.gov.cn/civil-affairs/health/ready',
    );
  });
});

describe('checkSubgraphs', () => {
  let server: Server;
  let base: string;
  let deadPort: number;
  const hung: import('node:http').ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/up/health/ready') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      if (req.url === '/down/health/ready')
        return res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable"}');
      if (req.url === '/slow/health/ready') return void hung.push(res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port nothing listens on: bind, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  afterAll(async () => {
    for (const res of hung) res.end();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is ready when every subgraph answers 200', async () => {
    const report = await checkSubgraphs([
      { graph: 'A', name: 'a', url: `${base}/up/graphql` },
      { graph: 'B', name: 'b', url: `${base}/up/graphql` },
    ]);
    expect(report).toEqual({
      ready: true,
      subgraphs: [
        { name: 'a', url: `${base}/up/graphql`, ready: true, status: 200 },
        { name: 'b', url: `${base}/up/graphql`, ready: true, status: 200 },
      ],
    });
  });

  it('is not ready when one subgraph answers 503 or does not listen, and says which', async () => {
    const report = await checkSubgraphs([
      { graph: 'UP', name: 'up', url: `${base}/up/graphql` },
      { graph: 'DOWN', name: 'down', url: `${base}/down/graphql` },
      { graph: 'GONE', name: 'gone', url: `http://127.0.0.1:${deadPort}/graphql` },
    ]);
    expect(report.ready).toBe(false);
    expect(report.subgraphs).toEqual([
      { name: 'up', url: `${base}/up/graphql`, ready: true, status: 200 },
      { name: 'down', url: `${base}/down/graphql`, ready: false, status: 503 },
      { name: 'gone', url: `http://127.0.0.1:${deadPort}/graphql`, ready: false, error: 'unreachable' },
    ]);
  });

  it('gives up on a subgraph that does not answer in time', async () => {
    const started = Date.now();
    const report = await checkSubgraphs([{ graph: 'SLOW', name: 'slow', url: `${base}/slow/graphql` }], 200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report).toEqual({ ready: false, subgraphs: [{ name: 'slow', url: `${base}/slow/graphql`, ready: false, error: 'timed out' }] });
  });

  it('is not ready without any subgraph', async () => {
    expect(await checkSubgraphs([])).toEqual({ ready: false, subgraphs: [] });
  });
});
