import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import type { RunningGateway } from '@hkp/gateway';
import { healthSubgraph } from '@hkp/health';
import { programmeSubgraph } from '@hkp/programme';
import { startModule, type StartedSubgraph } from '@hkp/subgraph-kit';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  silentLogger,
  startIsolatedFederation,
  startTestGateway,
  subgraphRequestCount,
  waitForQuietSubgraphs,
  waitUntil,
  writeSupergraphFile,
  type IsolatedFederation,
  type SupergraphFile,
} from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';
import { openEventStream } from './support/event-stream-client';

// The response cache evicts an answer when the catalog has applied a change to what it read (a
// measure it holds, a list of that measure's department), read from the catalog's change stream,
// on every gateway sharing Redis; everything else stays cached. Two gateways share one Redis
// prefix; the second reaches the programme subgraph (the catalog) through a proxy that can hold an answer, to
// make a read that begins before the catalog applies a change and ends after it.

const REDIS_URL = 'redis://127.0.0.1:6379';
// Long enough that no answer below expires during the test: what is fresh was evicted.
const TTL_MS = '60000';
const issuer = createTestTokenIssuer('cache-eviction-editor');
let federation: IsolatedFederation;
let second: RunningGateway;
let secondUrl: string;
let proxied: SupergraphFile;
let proxy: HoldingProxy;
let editor: Record<string, string>;
let first: { id: string; version: number };
let other: { id: string };
/** The programme service started again by the last test (stopped before the federation). */
let restarted: StartedSubgraph | undefined;

/** A pass-through proxy that can keep the answer to the next request whose body matches, until released. */
interface HoldingProxy {
  url: string;
  /** Holds the upstream's answer to the next matching request; resolves once that answer is held. */
  holdNext(match: RegExp): { held: Promise<void>; release: () => void };
  stop(): Promise<void>;
}

async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let hold: { match: RegExp; held: () => void; released: Promise<void> } | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(key)) headers[key] = value;
      }
      const upstream = await fetch(new URL(req.url ?? '/graphql', target), {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : new Uint8Array(body),
      });
      const mine = hold && hold.match.test(body.toString('utf8')) ? hold : undefined;
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      if (!mine) {
        // Passed on as it comes: the gateway's own change stream goes through here too.
        const reader = upstream.body?.getReader();
        for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) res.write(part.value);
        return res.end();
      }
      hold = undefined;
      const text = await upstream.text();
      mine.held();
      await mine.released;
      res.end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    holdNext(match) {
      let release!: () => void;
      let held!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const heldNow = new Promise<void>((resolve) => (held = resolve));
      hold = { match, held, released };
      return { held: heldNow, release };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What one request through `url` made the subgraphs do, and its answer. */
async function counted(url: string, query: string, variables?: object) {
  const before = subgraphRequestCount(federation);
  const response = await graphqlRequest(url, query, variables);
  expect(response.body.errors).toBeUndefined();
  return { calls: subgraphRequestCount(federation) - before, body: response.body };
}

const CREATE = `mutation Create($input: CreateEducationMeasureInput!) { createEducationMeasure(input: $input) { catalogUpdated version measure { id } } }`;
const UPDATE = `mutation Update($id: ID!, $version: Int!, $title: String!) {
  updateEducationMeasure(id: $id, expectedVersion: $version, input: { title: $title }) { catalogUpdated version }
}`;

async function create(title: string): Promise<{ id: string; version: number }> {
  const { body } = await graphqlRequest(federation.gatewayUrl, CREATE, { input: foshanEducationMeasure(title) }, editor);
  expect(body.errors).toBeUndefined();
  expect(body.data.createEducationMeasure.catalogUpdated).toBe(true);
  return { id: body.data.createEducationMeasure.measure.id, version: body.data.createEducationMeasure.version };
}

/** Renames the first measure through `url` (a gateway, or the education subgraph itself). */
async function rename(url: string, title: string): Promise<void> {
  const { body } = await graphqlRequest(url, UPDATE, { id: first.id, version: first.version, title }, editor);
  expect(body.errors).toBeUndefined();
  expect(body.data.updateEducationMeasure.catalogUpdated).toBe(true);
  first = { id: first.id, version: body.data.updateEducationMeasure.version };
}

// The measure itself (from the catalog and the education subgraph), and the lists it is in.
const MEASURE = 'query Measure($id: ID!) { measure(id: $id) { id title version } }';
const CATALOG_LIST =
  'query CatalogList($first: Int) { measures(first: $first, filter: { department: EDUCATION, regionCode: "440600" }) { totalCount nodes { id title } } }';
const DEPARTMENT_LIST =
  'query DepartmentList($first: Int) { educationMeasures(regionCode: "440600", first: $first) { nodes { id title } } }';
// What no change of the first measure alters.
const OTHER_MEASURE = 'query Other($id: ID!) { measure(id: $id) { id title } }';
const HEALTH_LIST = '{ healthMeasures(first: 5) { totalCount nodes { id title } } }';
const REGION = '{ region(code: "440600") { code name } }';

const titleIn = (nodes: { id: string; title: string }[]) => nodes.find((node) => node.id === first.id)?.title;

beforeAll(async () => {
  editor = bearerHeaders(await issuer.token(['education:write']));
  const cache = {
    RATE_LIMIT_ENABLED: 'false',
    GATEWAY_RESPONSE_CACHE_TTL_MS: TTL_MS,
    REDIS_URL,
    GATEWAY_RESPONSE_CACHE_KEY_PREFIX: `hkp-test-eviction-${randomUUID()}`,
  };
  federation = await startIsolatedFederation(
    'response_cache_eviction_e2e',
    [civilAffairsSubgraph, programmeSubgraph, educationSubgraph, healthSubgraph],
    // No catalog poll in the background: every subgraph call counted is one a read made.
    { trustedIssuer: issuer, env: QUIET_CATALOG_SYNC, gatewayEnv: cache },
  );
  proxy = await startHoldingProxy(federation.subgraphs['programme']!.url);
  proxied = writeSupergraphFile(
    federation.subgraphSdl.map((subgraph) => (subgraph.name === 'programme' ? { ...subgraph, url: proxy.url } : subgraph)),
  );
  // One subscription at most: the gateway's own stream must not take it.
  second = await startTestGateway(proxied.path, { ...cache, JWT_PUBLIC_KEY: issuer.publicKey, GATEWAY_MAX_SUBSCRIPTIONS: '1' });
  secondUrl = second.url;
  first = await create(`佛山市缓存驱逐方案${randomUUID().slice(0, 8)}`);
  other = await create(`佛山市无关方案${randomUUID().slice(0, 8)}`);
}, 180_000);

afterAll(async () => {
  await second?.stop();
  await restarted?.stop();
  await proxy?.stop();
  await federation?.stop();
  proxied?.remove();
});

it('evicts the answers holding a measure and the lists of its department once the catalog applied a write, and keeps every other answer', async () => {
  const url = federation.gatewayUrl;
  const reads: [string, object | undefined][] = [
    [MEASURE, { id: first.id }],
    [CATALOG_LIST, { first: 100 }],
    [DEPARTMENT_LIST, { first: 100 }],
    [OTHER_MEASURE, { id: other.id }],
    [HEALTH_LIST, undefined],
    [REGION, undefined],
  ];
  const before = [];
  for (const [query, variables] of reads) before.push((await counted(url, query, variables)).body);
  await waitForQuietSubgraphs(federation, 300);
  for (const [query, variables] of reads) expect((await counted(url, query, variables)).calls).toBe(0);

  const title = `佛山市缓存驱逐方案（修订）${randomUUID().slice(0, 8)}`;
  await rename(url, title);
  // The write's own work (the catalog reading the department's feed) is over before counting.
  await waitForQuietSubgraphs(federation, 300);

  // Still served from the cache, unchanged: another measure, another department's list, a region.
  for (const [index, [query, variables]] of reads.entries()) {
    if (index < 3) continue;
    expect(await counted(url, query, variables)).toEqual({ calls: 0, body: before[index] });
  }
  // Asked again, and showing the write.
  const measure = await counted(url, MEASURE, { id: first.id });
  expect(measure.calls).toBeGreaterThan(0);
  expect(measure.body.data.measure).toEqual({ id: first.id, title, version: first.version });
  const catalogList = await counted(url, CATALOG_LIST, { first: 100 });
  expect(catalogList.calls).toBeGreaterThan(0);
  expect(titleIn(catalogList.body.data.measures.nodes)).toBe(title);
  const departmentList = await counted(url, DEPARTMENT_LIST, { first: 100 });
  expect(departmentList.calls).toBeGreaterThan(0);
  expect(titleIn(departmentList.body.data.educationMeasures.nodes)).toBe(title);
});

it('shares answers between gateways through Redis, and a change made behind both evicts them on both', async () => {
  const variables = { id: first.id };
  const cached = await counted(federation.gatewayUrl, MEASURE, variables);
  // Kept in Redis by the first gateway, served by the second.
  await waitForQuietSubgraphs(federation, 300);
  expect(await counted(secondUrl, MEASURE, variables)).toEqual({ calls: 0, body: cached.body });

  // Written to the education subgraph itself: no gateway sees a mutation, only the catalog's change.
  const title = `佛山市缓存驱逐方案（直写）${randomUUID().slice(0, 8)}`;
  await rename(federation.subgraphs['education']!.url, title);
  for (const url of [secondUrl, federation.gatewayUrl]) {
    await waitUntil(
      async () => (await graphqlRequest(url, MEASURE, variables)).body.data?.measure?.title === title,
      () => `${url} to answer the measure's new title`,
      { timeoutMs: 10_000 },
    );
  }
});

it('keeps no answer of a read that began before the catalog applied a change and ended after it', async () => {
  // A page size no other read used: this read is a miss, answered by the catalog through the proxy.
  const variables = { first: 99 };
  const { held, release } = proxy.holdNext(/\bmeasures\b/);
  const read = graphqlRequest(secondUrl, CATALOG_LIST, variables);
  await held; // the catalog has answered, with the title before the write below

  const title = `佛山市缓存驱逐方案（读写交错）${randomUUID().slice(0, 8)}`;
  await rename(federation.gatewayUrl, title);
  release();
  const stale = await read;
  expect(titleIn(stale.body.data.measures.nodes)).not.toBe(title);

  // Give the second gateway the moment it takes to keep an answer (it does not wait for Redis).
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const url of [secondUrl, federation.gatewayUrl]) {
    const { body } = await graphqlRequest(url, CATALOG_LIST, variables);
    expect(titleIn(body.data.measures.nodes)).toBe(title);
  }
});

it("takes no client's subscription slot for the gateway's own change stream", async () => {
  // The second gateway holds its own stream and allows one subscription: a client's still opens.
  const stream = await openEventStream(secondUrl, 'subscription { measureChanged { seq } }');
  try {
    expect(stream.status).toBe(200);
  } finally {
    stream.close();
  }
});

it('serves and keeps nothing while the programme service is down, and follows the catalog again once it is back', async () => {
  const url = federation.gatewayUrl;
  const programme = federation.subgraphs['programme']!;
  const port = programme.port;
  // Stopping ends its streams: the gateways' too.
  await programme.stop();
  await new Promise<void>((resolve) => programme.server.close(() => resolve()));
  // A region needs no catalog, but no answer is served from the cache while changes cannot be followed.
  await waitUntil(
    async () => (await counted(url, REGION)).calls > 0 && (await counted(url, REGION)).calls > 0,
    'the cache to stop answering',
    {
      timeoutMs: 10_000,
    },
  );

  restarted = await startModule(programmeSubgraph, {
    databaseUrl: federation.database.url,
    port,
    host: '127.0.0.1',
    logger: silentLogger(),
  });
  // Asked twice: the second is answered from the cache once the stream is followed again.
  await waitUntil(
    async () => {
      await counted(url, REGION);
      return (await counted(url, REGION)).calls === 0;
    },
    'the cache to answer again',
    {
      timeoutMs: 15_000,
    },
  );
  // Followed again: a write evicts what it alters.
  await counted(url, MEASURE, { id: first.id });
  const title = `佛山市缓存驱逐方案（重启后）${randomUUID().slice(0, 8)}`;
  await rename(url, title);
  expect((await counted(url, MEASURE, { id: first.id })).body.data.measure.title).toBe(title);
});
