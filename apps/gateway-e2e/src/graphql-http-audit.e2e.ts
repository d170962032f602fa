import { serverAudits, type AuditResult } from 'graphql-http';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { startIsolatedFederation, type IsolatedFederation } from '@hkp/testing';

// The GraphQL over HTTP spec's own server audit (graphql-http's serverAudits), run against the
// gateway with everything on: limits, CSRF prevention, rate limits (raised so the audit fits).

let federation: IsolatedFederation;

beforeAll(async () => {
  federation = await startIsolatedFederation('gateway_http_audit', ALL_SUBGRAPHS, { gatewayEnv: { RATE_LIMIT_POINTS: '10000' } });
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

/** fetch with one of the CSRF preflight headers, as a browser client sends after a CORS preflight. */
function fetchWithPreflightHeader(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set('x-graphql-csrf', '1');
  return fetch(input, { ...init, headers });
}

async function run(fetchFn: typeof fetch): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  // One after another: the audit's requests are cheap, and the order keeps failures readable.
  for (const audit of serverAudits({ url: federation.gatewayUrl, fetchFn })) results.push(await audit.fn());
  return results;
}

const describeFailure = (r: AuditResult) => (r.status === 'ok' ? r.id : `${r.id} ${r.name}: ${r.status} (${r.reason})`);

it('passes every audit (MUST, SHOULD and MAY) for a client that sends the preflight header', async () => {
  const results = await run(fetchWithPreflightHeader);
  expect(results.length).toBeGreaterThan(40);
  expect(results.filter((r) => r.status !== 'ok').map(describeFailure)).toEqual([]);
});

it('refuses only the GET audits without the header, by design (CSRF prevention), and fails no MUST or SHOULD', async () => {
  const results = await run(fetch);
  const failed = results.filter((r) => r.status !== 'ok');
  // GETs a browser could send from another site: 403 CSRF_PREVENTED (docs/errors.md).
  expect(failed.map((r) => r.id).sort()).toEqual(['5A70', '6A70', 'D6D5']);
  for (const result of failed) {
    expect(result.name).toMatch(/^MAY /);
    if (!('response' in result)) continue;
    expect(result.response.status).toBe(403);
    const body = (await result.response.clone().json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('CSRF_PREVENTED');
  }
});
