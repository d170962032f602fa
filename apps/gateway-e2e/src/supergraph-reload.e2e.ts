import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeSupergraph } from '@hkp/composition';
import type { RunningGateway } from '@hkp/gateway';
import { baseUrlOf, graphqlRequest, startTestGateway, waitUntil, writeSupergraphFile, type SupergraphFile } from '@hkp/testing';
import { NOTICES_V1, NOTICES_V2, startNoticesSubgraph, type ReleaseSubgraph } from './support/release-subgraph';

// A department deploys without restarting the gateway: the supergraph file is replaced while
// clients keep sending requests. Not one request may fail, the new field must answer within
// seconds, and a broken file must leave the old supergraph serving (and be counted).

let subgraph: ReleaseSubgraph;
let supergraph: SupergraphFile;
let gateway: RunningGateway;

beforeAll(async () => {
  subgraph = await startNoticesSubgraph();
  supergraph = writeSupergraphFile([{ name: 'notices', url: subgraph.url, sdl: NOTICES_V1 }]);
  gateway = await startTestGateway(supergraph.path, { RATE_LIMIT_ENABLED: 'false', SUPERGRAPH_POLL_INTERVAL_MS: '200' });
});

afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
  supergraph?.remove();
});

/** Replaces the file in one step, as a deployment should (write aside, then rename). */
function replaceSupergraph(text: string): void {
  writeFileSync(`${supergraph.path}.next`, text);
  renameSync(`${supergraph.path}.next`, supergraph.path);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${baseUrlOf(gateway.url)}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : Number.NaN;
}

/** Clients asking for the notice as fast as they can, each failure kept with what went wrong. */
function startLoad(clients: number) {
  let running = true;
  let answered = 0;
  const failures: string[] = [];
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        const { status, body } = await graphqlRequest(gateway.url, 'query Notice { notice }');
        if (status !== 200 || body.errors || body.data?.notice !== '百县千镇万村高质量发展工程') {
          failures.push(`${status} ${JSON.stringify(body).slice(0, 300)}`);
        } else answered += 1;
      } catch (error) {
        failures.push(String(error));
      }
    }
  });
  return {
    failures,
    answered: () => answered,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

it('switches to a supergraph that adds a field without failing a request, and keeps serving when the next one is broken', async () => {
  const noticeCount = async () => (await graphqlRequest(gateway.url, '{ noticeCount }')).body;
  expect((await noticeCount()).errors?.[0]?.message).toMatch(/Cannot query field "noticeCount"/);
  const hashBefore = await fetch(`${baseUrlOf(gateway.url)}/metrics`).then((r) => r.text());

  const load = startLoad(8);
  try {
    await waitUntil(() => load.answered() > 50, 'requests before the change');

    replaceSupergraph(composeSupergraph([{ name: 'notices', url: subgraph.url, sdl: NOTICES_V2 }]));
    const switchedAt = Date.now();
    await waitUntil(async () => (await noticeCount()).data?.noticeCount === 7, 'the new field to answer', { timeoutMs: 5000 });
    expect(Date.now() - switchedAt).toBeLessThan(5000);
    expect(await metric('gateway_supergraph_reload_total{result="applied"}')).toBe(1);
    const answeredAtSwitch = load.answered();
    await waitUntil(() => load.answered() > answeredAtSwitch + 50, 'requests after the change');

    // Half a file, as a copy that failed midway would leave it.
    const valid = composeSupergraph([{ name: 'notices', url: subgraph.url, sdl: NOTICES_V2 }]);
    writeFileSync(supergraph.path, valid.slice(0, valid.length / 2));
    await waitUntil(
      async () => (await metric('gateway_supergraph_reload_total{result="rejected"}')) === 1,
      'the broken supergraph to be refused',
      {
        timeoutMs: 5000,
      },
    );
    expect((await noticeCount()).data).toEqual({ noticeCount: 7 });
    const answeredAtRejection = load.answered();
    await waitUntil(() => load.answered() > answeredAtRejection + 50, 'requests after the refusal');
  } finally {
    await load.stop();
  }
  expect(load.failures).toEqual([]);
  expect(load.answered()).toBeGreaterThan(150);
  // The served supergraph's hash changed once: to the one with the new field.
  const hashAfter = await fetch(`${baseUrlOf(gateway.url)}/metrics`).then((r) => r.text());
  const hashOf = (text: string) => /gateway_supergraph_info\{hash="([0-9a-f]{12})",source="file"\} 1/.exec(text)?.[1];
  expect(hashOf(hashBefore)).toBeDefined();
  expect(hashOf(hashAfter)).toBeDefined();
  expect(hashOf(hashAfter)).not.toBe(hashOf(hashBefore));
}, 30_000);

it('polls SUPERGRAPH_URL, asking with the ETag it was given, and keeps serving when the URL fails', async () => {
  const served = { text: composeSupergraph([{ name: 'notices', url: subgraph.url, sdl: NOTICES_V1 }]), status: 200 };
  const seen = { requests: 0, notModified: 0 };
  const store = createServer((req, res) => {
    seen.requests += 1;
    if (served.status !== 200) return res.writeHead(served.status).end('unavailable');
    const etag = `"${createHash('sha256').update(served.text).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      seen.notModified += 1;
      return res.writeHead(304).end();
    }
    res.writeHead(200, { etag, 'content-type': 'text/plain' }).end(served.text);
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(store.address() as AddressInfo).port}/supergraph.graphql`;
  const polled = await startTestGateway(supergraph.path, {
    RATE_LIMIT_ENABLED: 'false',
    SUPERGRAPH_URL: url,
    SUPERGRAPH_POLL_INTERVAL_MS: '200',
  });
  try {
    const noticeCount = async () => (await graphqlRequest(polled.url, '{ noticeCount }')).body;
    expect((await noticeCount()).errors?.[0]?.message).toMatch(/Cannot query field "noticeCount"/);
    await waitUntil(() => seen.notModified >= 2, 'polls answered 304 Not Modified');

    served.text = composeSupergraph([{ name: 'notices', url: subgraph.url, sdl: NOTICES_V2 }]);
    await waitUntil(async () => (await noticeCount()).data?.noticeCount === 7, 'the new field to answer', { timeoutMs: 5000 });

    served.status = 503;
    const metrics = async () => (await fetch(`${baseUrlOf(polled.url)}/metrics`)).text();
    await waitUntil(
      async () => /gateway_supergraph_reload_total\{result="unreachable"\} [1-9]/.test(await metrics()),
      'a failed poll to be counted',
    );
    expect((await noticeCount()).data).toEqual({ noticeCount: 7 });
    expect(await metrics()).toMatch(/gateway_supergraph_info\{hash="[0-9a-f]{12}",source="url"\} 1/);
  } finally {
    await polled.stop();
    store.closeAllConnections();
    await new Promise((resolve) => store.close(resolve));
  }
}, 30_000);
