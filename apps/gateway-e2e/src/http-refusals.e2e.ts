import { join } from 'node:path';
import type { RunningGateway } from '@hkp/gateway';
import { baseUrlOf, startTestGateway, type GraphQLResponseBody } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';

// Requests the gateway refuses at the HTTP level, before GraphQL (and any subgraph) is reached:
// each gets a JSON GraphQL error with a code, as every other refusal does. 413 and 415 are in
// limits.e2e.ts; malformed HTTP in libs/shared/http-errors.

let gateway: RunningGateway;
beforeAll(async () => {
  gateway = await startTestGateway(join(workspaceRoot(), 'supergraph.graphql'));
});
afterAll(async () => {
  await gateway?.stop();
});

describe('the gateway answers with a JSON error and a code', () => {
  it('431 REQUEST_HEADER_FIELDS_TOO_LARGE to a bearer token over 16 kB, instead of an empty body', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${'a'.repeat(17_000)}` },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = (await response.json()) as GraphQLResponseBody;
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', maxBytes: 16384 });
    expect(body.errors?.[0]?.message).toMatch(/Authorization token/);
  });

  it('404 NOT_FOUND to a path it does not serve', async () => {
    const response = await fetch(`${baseUrlOf(gateway.url)}/graphq`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(((await response.json()) as GraphQLResponseBody).errors?.[0]).toEqual({
      message: 'Nothing is served at this path; GraphQL is served at /graphql.',
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
