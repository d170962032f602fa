import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlData,
  graphqlRequest,
  requireData,
  startIsolatedFederation,
  startTestGateway,
  type IsolatedFederation,
} from '@hkp/testing';
import type { RunningGateway } from '@hkp/gateway';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { foshanEducationMeasure } from './support/education-measure';
import { openEventStream, type EventStream } from './support/event-stream-client';

// Push and the public change feed, as a partner meets them through the gateway over HTTP: a
// subscription over Server-Sent Events receives each write within a second, resumes after a
// disconnect from the last seq it saw without losing a change, and the feed's head says where
// "now" is. The catalog does not poll (QUIET_CATALOG_SYNC): each write's own nudge brings it in.

const issuer = createTestTokenIssuer('partner-push');
let federation: IsolatedFederation;
let editor: Record<string, string>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

const CREATE = `mutation Create($input: CreateEducationMeasureInput!) {
  createEducationMeasure(input: $input) { version catalogUpdated measure { id } }
}`;
const UPDATE = `mutation Update($id: ID!, $expectedVersion: Int!, $input: UpdateEducationMeasureInput!) {
  updateEducationMeasure(id: $id, expectedVersion: $expectedVersion, input: $input) { version catalogUpdated }
}`;
const CHANGED = `subscription Changed($after: String, $filter: MeasureChangeFilter) {
  measureChanged(after: $after, filter: $filter) { seq measureId department version kind measure { id title } }
}`;
const FEED = `{ measureChangeFeed { feedId latestPosition oldestPosition retention } }`;

interface Change {
  seq: string;
  measureId: string;
  department: string;
  version: number;
  kind: string;
  measure: { id: string; title: string } | null;
}

async function createMeasure(title: string, regionCodes = ['440600']): Promise<string> {
  const response = await graphqlRequest(federation.gatewayUrl, CREATE, { input: foshanEducationMeasure(title, { regionCodes }) }, editor);
  const data = requireData<{ createEducationMeasure: { catalogUpdated: boolean; measure: { id: string } } }>(response, CREATE);
  expect(data.createEducationMeasure.catalogUpdated).toBe(true);
  return data.createEducationMeasure.measure.id;
}

async function updateMeasure(id: string, expectedVersion: number, title: string): Promise<void> {
  const { body } = await graphqlRequest(federation.gatewayUrl, UPDATE, { id, expectedVersion, input: { title } }, editor);
  expect(body.errors).toBeUndefined();
}

/** The change of the next `next` event of a stream, which must carry data and no errors. */
async function nextChange(stream: EventStream, timeoutMs = 5000): Promise<Change> {
  const event = await stream.next(timeoutMs);
  expect(event?.errors).toBeUndefined();
  return event.data.measureChanged as Change;
}

const streams: EventStream[] = [];
async function subscribe(variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<EventStream> {
  const stream = await openEventStream(federation.gatewayUrl, CHANGED, variables, headers);
  streams.push(stream);
  return stream;
}

beforeAll(async () => {
  federation = await startIsolatedFederation('measure_changes_e2e', [civilAffairsSubgraph, programmeSubgraph, educationSubgraph], {
    trustedIssuer: issuer,
    env: { ...QUIET_CATALOG_SYNC, GATEWAY_FEED_PAGE_SIZE: '20' },
  });
  editor = bearerHeaders(await issuer.token(['education:write']));
}, 180_000);

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await federation?.stop();
});

/** Reads events until the change of `measureId` at `version` arrives; returns it and every change read. */
async function changeOf(
  stream: EventStream,
  measureId: string,
  version: number,
  timeoutMs: number,
): Promise<{ change: Change; read: Change[] }> {
  const deadline = Date.now() + timeoutMs;
  const read: Change[] = [];
  for (;;) {
    const change = await nextChange(stream, Math.max(1, deadline - Date.now()));
    read.push(change);
    if (change.measureId === measureId && change.version === version) return { change, read };
  }
}

it('pushes a write to a subscriber over Server-Sent Events within a second', async () => {
  const stream = await subscribe({ filter: { department: 'EDUCATION' } });
  expect(stream.status).toBe(200);
  expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const title = `佛山市推送测试 ${randomUUID().slice(0, 8)}`;
  const id = await createMeasure(title);
  const written = Date.now();
  const { change, read } = await changeOf(stream, id, 1, 1000);
  expect(Date.now() - written).toBeLessThan(1000);
  expect(change).toMatchObject({ department: 'EDUCATION', kind: 'UPSERT', measure: { id, title } });
  expect(read.every((c) => c.department === 'EDUCATION')).toBe(true);
});

it('resumes after a disconnect from the last seq seen, losing no change, then goes on live', async () => {
  const first = await subscribe({ filter: { department: 'EDUCATION', regionCode: '440600' } });
  const a = await createMeasure(`佛山市续传测试甲 ${randomUUID().slice(0, 8)}`);
  const { change: seen } = await changeOf(first, a, 1, 3000);
  first.close();

  // While no one listens: a new measure, and the first one updated twice.
  const b = await createMeasure(`佛山市续传测试乙 ${randomUUID().slice(0, 8)}`);
  await updateMeasure(a, 1, `佛山市续传测试甲（修订） ${randomUUID().slice(0, 8)}`);
  await updateMeasure(a, 2, `佛山市续传测试甲（再修订） ${randomUUID().slice(0, 8)}`);

  const resumed = await subscribe({ after: seen.seq, filter: { department: 'EDUCATION', regionCode: '440600' } });
  const replayed = [await nextChange(resumed), await nextChange(resumed), await nextChange(resumed)];
  expect(replayed.map((c) => [c.measureId, c.version])).toEqual([
    [b, 1],
    [a, 2],
    [a, 3],
  ]);
  // Positions only grow, and each is past the one the client resumed from.
  const seqs = [seen.seq, ...replayed.map((c) => c.seq)].map(BigInt);
  expect(seqs).toEqual([...seqs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  expect(new Set(seqs).size).toBe(seqs.length);

  const c = await createMeasure(`佛山市续传测试丙 ${randomUUID().slice(0, 8)}`);
  const written = Date.now();
  await changeOf(resumed, c, 1, 1000);
  expect(Date.now() - written).toBeLessThan(1000);
});

it('sends only the changes a region filter selects', async () => {
  const stream = await subscribe({ filter: { regionCode: '441226', scope: 'AT' } });
  await createMeasure(`佛山市过滤测试 ${randomUUID().slice(0, 8)}`, ['440600']);
  const deqing = await createMeasure(`德庆县过滤测试 ${randomUUID().slice(0, 8)}`, ['441226']);
  const change = await nextChange(stream, 3000);
  expect(change.measureId).toBe(deqing);
});

it('refuses a subscription sent as a plain POST with EVENT_STREAM_REQUIRED, not a 500', async () => {
  const response = await graphqlRequest(federation.gatewayUrl, CHANGED, {});
  expect(response.status).toBe(406);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['EVENT_STREAM_REQUIRED']);
  expect(response.body.errors?.[0]?.message).toMatch(/Accept: text\/event-stream/);
});

/** The codes and fields of the errors a refused subscription's stream carries, and how its stream ended. */
async function refusal(
  variables: Record<string, unknown>,
): Promise<{ status: number; errors: { code?: string; field?: string; message: string }[]; ended: boolean }> {
  const stream = await subscribe(variables);
  const answer = await stream.next(5000);
  const errors = ((answer?.errors ?? []) as { message: string; extensions?: { code?: string; field?: string } }[]).map((e) => ({
    code: e.extensions?.code,
    field: e.extensions?.field,
    message: e.message,
  }));
  return { status: stream.status, errors, ended: (await stream.next(3000)) === null };
}

it('refuses a subscription from a position that is not one with BAD_USER_INPUT naming "after"', async () => {
  const { errors, ended } = await refusal({ after: 'yesterday' });
  expect(errors).toEqual([{ code: 'BAD_USER_INPUT', field: 'after', message: expect.stringMatching(/"after" must be a position/) }]);
  expect(ended).toBe(true);
});

it('refuses a subscription from a position past the feed’s latest with BAD_USER_INPUT naming "after"', async () => {
  const { errors } = await refusal({ after: '999999999999' });
  expect(errors).toEqual([{ code: 'BAD_USER_INPUT', field: 'after', message: expect.stringMatching(/past the latest position/) }]);
});

it('refuses a subscription filtered by an unknown region code with BAD_USER_INPUT naming filter.regionCode', async () => {
  const { errors } = await refusal({ filter: { regionCode: '999999' } });
  expect(errors).toEqual([{ code: 'BAD_USER_INPUT', field: 'filter.regionCode', message: expect.stringMatching(/999999/) }]);
});

describe('limits on subscriptions', () => {
  let limited: RunningGateway;
  const ip = (address: string) => ({ 'x-forwarded-for': address });
  // Nested lists under the change's measure: cheap per event for a small catalog, but estimated
  // far over a cost limit of 60, as a query with the same selection would be.
  const COSTLY = `subscription { measureChanged { seq measure { regions { name parent { name } } targets { year indicator } } } }`;
  const DEEP = `subscription { measureChanged { measure { regions { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } }`;

  beforeAll(async () => {
    limited = await startTestGateway(federation.supergraphPath, {
      GATEWAY_MAX_COST: '60',
      RATE_LIMIT_POINTS: '3',
      RATE_LIMIT_WINDOW_S: '60',
      GATEWAY_TRUST_PROXY: 'true',
      RATE_LIMIT_KEY_PREFIX: `hkp-test-${randomUUID()}`,
    });
  });

  afterAll(async () => {
    await limited?.stop();
  });

  /**
   * Sends a subscription as a partner would (Accept: text/event-stream) and reads its whole
   * answer: a refusal is one `next` event with the errors, then the stream ends (as the
   * GraphQL-over-SSE protocol asks of errors found before execution).
   */
  async function refusedSubscription(query: string, headers: Record<string, string>) {
    const before = federation.subgraphs['programme']!.graphqlRequests();
    const stream = await openEventStream(limited.url, query, {}, headers);
    streams.push(stream);
    const answer = await stream.next(3000);
    const ended = (await stream.next(3000)) === null;
    const errors = (answer?.errors ?? []) as { message: string; extensions: Record<string, unknown> }[];
    return { stream, answer, errors, ended, programmeCalls: federation.subgraphs['programme']!.graphqlRequests() - before };
  }

  it('refuses a subscription over the cost limit with QUERY_TOO_COMPLEX before any stream opens upstream', async () => {
    const cheap = await openEventStream(limited.url, CHANGED, {}, ip('192.0.2.10'));
    streams.push(cheap);
    expect(cheap.status).toBe(200);

    const { stream, answer, errors, ended, programmeCalls } = await refusedSubscription(COSTLY, ip('192.0.2.11'));
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(answer.data ?? null).toBeNull();
    expect(errors.map((e) => [e.extensions['code'], e.extensions['limit'], e.extensions['max']])).toEqual([
      ['QUERY_TOO_COMPLEX', 'cost', 60],
    ]);
    expect(errors[0]!.extensions['cost']).toBeGreaterThan(60);
    expect(errors[0]!.message).toMatch(/estimated cost per event/);
    expect(ended).toBe(true);
    // Refused at the gateway: the programme service was never asked for a stream.
    expect(programmeCalls).toBe(0);
  });

  it('refuses a subscription nested deeper than the depth limit with QUERY_TOO_COMPLEX before any stream opens upstream', async () => {
    const { answer, errors, ended, programmeCalls } = await refusedSubscription(DEEP, ip('192.0.2.12'));
    expect(answer.data ?? null).toBeNull();
    expect(errors.map((e) => [e.extensions['code'], e.extensions['limit']])).toEqual([['QUERY_TOO_COMPLEX', 'depth']]);
    expect(ended).toBe(true);
    expect(programmeCalls).toBe(0);
  });

  it('counts each subscription against the rate limit and refuses one over it with 429 RATE_LIMITED', async () => {
    for (let i = 0; i < 3; i += 1) {
      const stream = await openEventStream(limited.url, CHANGED, {}, ip('192.0.2.20'));
      streams.push(stream);
      expect(stream.status).toBe(200);
    }
    const { stream, errors, ended, programmeCalls } = await refusedSubscription(
      `subscription { measureChanged { seq } }`,
      ip('192.0.2.20'),
    );
    expect(stream.status).toBe(429);
    expect(Number(stream.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errors.map((e) => [e.extensions['code'], e.extensions['limit']])).toEqual([['RATE_LIMITED', 3]]);
    expect(ended).toBe(true);
    expect(programmeCalls).toBe(0);
  });
});

it('checks a subscriber’s token like any request', async () => {
  const forged = createTestTokenIssuer('forger');
  const stream = await subscribe({}, bearerHeaders(await forged.token(['education:write'])));
  expect(stream.status).toBe(401);
  const answer = await stream.next(3000);
  expect(answer?.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});

it('refuses a measureChanges position that is not one with BAD_USER_INPUT on "after"', async () => {
  const { body } = await graphqlRequest(federation.gatewayUrl, `{ measureChanges(after: "yesterday") { seq } }`);
  expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
});

it('gives the feed id, the latest position and the retention, so a partner starts from now without reading from 0', async () => {
  const before = (await ask(FEED)).measureChangeFeed;
  expect(before.feedId).toMatch(/^[0-9a-f-]{36}$/);
  expect(before.retention).toMatch(/Every change/);
  const id = await createMeasure(`佛山市位置测试 ${randomUUID().slice(0, 8)}`);
  const after = (await ask(FEED)).measureChangeFeed;
  expect(after.feedId).toBe(before.feedId);
  expect(BigInt(after.latestPosition)).toBeGreaterThan(BigInt(before.latestPosition));
  const changes = (
    await ask(`query ($after: String!) { measureChanges(after: $after) { seq measureId } }`, { after: before.latestPosition })
  ).measureChanges as { seq: string; measureId: string }[];
  expect(changes.map((c) => c.measureId)).toContain(id);
  expect(changes.at(-1)!.seq).toBe(after.latestPosition);
});

it('copies every measure exactly while writes happen: snapshot position, page, replay', async () => {
  const PAGE = `query Page($after: String) { measures(first: 25, after: $after) { pageInfo { hasNextPage endCursor } nodes { id version title } } }`;
  const REPLAY = `query Replay($after: String!) { measureChanges(after: $after, first: 500) { seq measureId kind measure { id version title } } }`;
  type Row = { id: string; version: number; title: string };

  // Writes that run while the partner copies: creates, updates and an archive.
  const writes = (async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      ids.push(await createMeasure(`佛山市复制测试 ${i} ${randomUUID().slice(0, 8)}`));
      if (i > 0) await updateMeasure(ids[i - 1]!, 1, `佛山市复制测试（修订） ${i - 1} ${randomUUID().slice(0, 8)}`);
    }
    const { body } = await graphqlRequest(
      federation.gatewayUrl,
      `mutation ($id: ID!) { archiveEducationMeasure(id: $id, expectedVersion: 2) { version } }`,
      { id: ids[0] },
      editor,
    );
    expect(body.errors).toBeUndefined();
  })();

  // 1. The position first, 2. then every page, 3. then every change after the position.
  const copy = new Map<string, Row>();
  let position = (await ask(FEED)).measureChangeFeed.latestPosition as string;
  let after: string | null = null;
  do {
    const page: { measures: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Row[] } } = await ask(PAGE, { after });
    for (const node of page.measures.nodes) copy.set(node.id, node);
    after = page.measures.pageInfo.hasNextPage ? page.measures.pageInfo.endCursor : null;
  } while (after);
  const replay = async () => {
    for (;;) {
      const changes: { seq: string; measureId: string; kind: string; measure: Row | null }[] = (await ask(REPLAY, { after: position }))
        .measureChanges;
      if (changes.length === 0) return;
      for (const change of changes) {
        if (change.kind === 'ARCHIVE' || change.measure === null) copy.delete(change.measureId);
        else copy.set(change.measureId, change.measure);
        position = change.seq;
      }
    }
  };
  await replay();
  await writes;
  await replay();

  const truth = new Map<string, Row>();
  let cursor: string | null = null;
  do {
    const page: { measures: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Row[] } } = await ask(PAGE, {
      after: cursor,
    });
    for (const node of page.measures.nodes) truth.set(node.id, node);
    cursor = page.measures.pageInfo.hasNextPage ? page.measures.pageInfo.endCursor : null;
  } while (cursor);
  expect(new Map([...copy].sort())).toEqual(new Map([...truth].sort()));
  expect(truth.size).toBeGreaterThan(5);
});

/** Whether xmllint (libxml2-utils) is installed: .ci/run installs it where apt-get can. */
function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The elements RFC 4287 requires of a feed and of each entry, checked on the text of a page. */
function missingAtomElements(xml: string): string[] {
  const missing: string[] = [];
  const head = xml.slice(0, xml.indexOf('<entry>') === -1 ? xml.length : xml.indexOf('<entry>'));
  for (const element of ['<id>', '<title>', '<updated>', '<author><name>']) if (!head.includes(element)) missing.push(`feed ${element}`);
  for (const [i, entry] of (xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? []).entries()) {
    for (const element of ['<id>urn:uuid:', '<title>', '<updated>', '<link rel="alternate"']) {
      if (!entry.includes(element)) missing.push(`entry ${i} ${element}`);
    }
  }
  return missing;
}

it('serves the changes as an Atom feed: well-formed, every required element, paged with rel="next" to the first change', async () => {
  await createMeasure(`佛山市订阅源测试 <&> ${randomUUID().slice(0, 8)}`);
  const { latestPosition, feedId } = (await ask(FEED)).measureChangeFeed;
  const origin = new URL(federation.gatewayUrl).origin;
  let url: string | undefined = `${origin}/feeds/measures.atom`;
  const seqs: bigint[] = [];
  let pages = 0;
  while (url) {
    const response: Response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    // Compressed as the client's Accept-Encoding asks (fetch offers gzip and brotli and decodes).
    expect(response.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    const xml: string = await response.text();
    if (hasXmllint()) execFileSync('xmllint', ['--noout', '-'], { input: xml });
    expect(missingAtomElements(xml)).toEqual([]);
    expect(xml).toContain(`<id>urn:uuid:${feedId}</id>`);
    for (const [, seq] of xml.matchAll(/position (\d+) of feed/g)) seqs.push(BigInt(seq!));
    url = xml.match(/<link rel="next" type="application\/atom\+xml" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    pages += 1;
  }
  // Newest first, each position once, from the latest down to the first: nothing skipped.
  expect(pages).toBe(Math.ceil(Number(latestPosition) / 20));
  expect(seqs[0]).toBe(BigInt(latestPosition));
  expect(seqs.map(String)).toEqual(Array.from({ length: Number(latestPosition) }, (_, i) => String(BigInt(latestPosition) - BigInt(i))));
});

it('refuses an Atom page position that is not one with 400 BAD_REQUEST', async () => {
  const response = await fetch(`${new URL(federation.gatewayUrl).origin}/feeds/measures.atom?before=abc`);
  expect(response.status).toBe(400);
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
});
