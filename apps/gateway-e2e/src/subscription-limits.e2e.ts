import { randomUUID } from 'node:crypto';
import { civilAffairsSubgraph } from '@hkp/civil-affairs';
import { educationSubgraph } from '@hkp/education';
import { programmeSubgraph } from '@hkp/programme';
import { bearerHeaders, createTestTokenIssuer, startIsolatedFederation, waitUntil, type IsolatedFederation } from '@hkp/testing';
import { QUIET_CATALOG_SYNC } from './support/catalog-sync';
import { openEventStream, type EventStream } from './support/event-stream-client';

// The caps on subscriptions open at once, as partners meet them through the gateway over HTTP:
// each open stream holds a connection to the client and one to the programme service, so a client
// may hold GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT of them and the gateway GATEWAY_MAX_SUBSCRIPTIONS.

const issuer = createTestTokenIssuer('subscription-limits');
let federation: IsolatedFederation;
const CHANGED = `subscription { measureChanged { seq measureId kind } }`;

beforeAll(async () => {
  federation = await startIsolatedFederation('subscription_limits_e2e', [civilAffairsSubgraph, programmeSubgraph, educationSubgraph], {
    trustedIssuer: issuer,
    env: QUIET_CATALOG_SYNC,
    gatewayEnv: {
      GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: '2',
      GATEWAY_MAX_SUBSCRIPTIONS: '4',
      // Clients without a token are told apart by address: X-Forwarded-For stands in for theirs.
      GATEWAY_TRUST_PROXY: 'true',
      RATE_LIMIT_KEY_PREFIX: `hkp-test-${randomUUID()}`,
    },
  });
}, 180_000);

const streams: EventStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await federation?.stop();
});

const programmeRequests = () => federation.subgraphs['programme']!.graphqlRequests();

async function open(headers: Record<string, string>): Promise<EventStream> {
  const stream = await openEventStream(federation.gatewayUrl, CHANGED, {}, headers);
  streams.push(stream);
  return stream;
}

/** A partner's token (its subject is who it is) sent from `address`. */
async function asPartner(subject: string, address: string): Promise<Record<string, string>> {
  return { ...bearerHeaders(await issuer.token([], { subject })), 'x-forwarded-for': address };
}

/** A refused subscription's answer: its status, its one event's errors, and whether the stream then ended. */
async function refusal(stream: EventStream) {
  const answer = await stream.next(3000);
  const errors = (answer?.errors ?? []) as { message: string; extensions: Record<string, unknown> }[];
  return { status: stream.status, data: answer?.data ?? null, errors, ended: (await stream.next(3000)) === null };
}

it("refuses a client's stream over its cap with 429 RATE_LIMITED before asking the programme service, while another client's opens; closing one frees a slot", async () => {
  // One partner, counted by its token's subject from whichever address it connects.
  const first = await open(await asPartner('partner-a', '192.0.2.1'));
  const second = await open(await asPartner('partner-a', '192.0.2.2'));
  expect([first.status, second.status]).toEqual([200, 200]);

  const before = programmeRequests();
  const third = await open(await asPartner('partner-a', '192.0.2.3'));
  const { status, data, errors, ended } = await refusal(third);
  expect(status).toBe(429);
  expect(data).toBeNull();
  expect(errors.map((e) => [e.extensions['code'], e.extensions['limit'], e.extensions['subscriptions']])).toEqual([
    ['RATE_LIMITED', 2, 'client'],
  ]);
  expect(errors[0]!.message).toMatch(/already has 2 open/);
  expect(ended).toBe(true);
  expect(programmeRequests()).toBe(before);

  // Another client (an address without a token) has slots of its own; its stream reaches the programme service.
  const other = await open({ 'x-forwarded-for': '192.0.2.50' });
  expect(other.status).toBe(200);
  expect(other.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(programmeRequests()).toBe(before + 1);

  // The partner closes one of its streams: the gateway notices the connection end and frees its slot.
  first.close();
  let reopened: EventStream | undefined;
  await waitUntil(
    async () => {
      reopened = await open(await asPartner('partner-a', '192.0.2.1'));
      if (reopened.status !== 200) reopened.close();
      return reopened.status === 200;
    },
    'a slot of partner-a to be free after it closed a stream',
    { timeoutMs: 5000 },
  );
  expect(reopened!.status).toBe(200);
  // Its other stream is untouched: whatever it received (the catalog's first sync may still be
  // announcing the seeded measures) are changes, not a refusal.
  expect(second.received.filter((payload) => payload.errors)).toEqual([]);
  expect(await refusal(await open(await asPartner('partner-a', '192.0.2.4')))).toMatchObject({ status: 429 });
});

it('refuses every client once the gateway holds GATEWAY_MAX_SUBSCRIPTIONS streams', async () => {
  // Two clients with two streams each; the earlier test's streams free their slots as the gateway
  // notices their connections close, so the four are opened again until all four are granted.
  const addresses = ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2'];
  await waitUntil(
    async () => {
      const opened = await Promise.all(addresses.map((address) => open({ 'x-forwarded-for': address })));
      if (opened.every((stream) => stream.status === 200)) return true;
      for (const stream of opened) stream.close();
      return false;
    },
    'four streams to be granted',
    { timeoutMs: 5000 },
  );
  const before = programmeRequests();
  const { status, errors } = await refusal(await open({ 'x-forwarded-for': '203.0.113.3' }));
  expect(status).toBe(429);
  expect(errors.map((e) => [e.extensions['code'], e.extensions['limit'], e.extensions['subscriptions']])).toEqual([
    ['RATE_LIMITED', 4, 'gateway'],
  ]);
  expect(errors[0]!.message).toMatch(/this gateway holds 4/);
  expect(programmeRequests()).toBe(before);
});
