import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeContract, readContracts } from '@hkp/composition';
import type { RunningGateway } from '@hkp/gateway';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { baseUrlOf, graphqlRequest, startIsolatedFederation, startTestGateway, type IsolatedFederation } from '@hkp/testing';
import { workspaceRoot } from '@hkp/util-env';

// The public contract as partners meet it: a gateway started with GATEWAY_CONTRACT=public in front
// of the real departments answers reads, refuses writes at validation, shows no Mutation type, and
// publishes the client schema (the committed schema/public.graphql) even with introspection off.

let federation: IsolatedFederation;
let dir: string;
let publicGateway: RunningGateway;
let closedGateway: RunningGateway;
let internalGateway: RunningGateway;

const committedPublicSchema = () => readFileSync(join(workspaceRoot(), 'schema', 'public.graphql'), 'utf8');

beforeAll(async () => {
  federation = await startIsolatedFederation('public_contract', ALL_SUBGRAPHS);
  const [contract] = readContracts(join(workspaceRoot(), 'schema', 'contracts.json')).filter((c) => c.name === 'public');
  dir = mkdtempSync(join(tmpdir(), 'hkp-contract-'));
  const contractPath = join(dir, 'supergraph.public.graphql');
  // The same contract npm run compose writes, over the ports this federation's subgraphs got.
  writeFileSync(contractPath, composeContract(federation.subgraphSdl, contract));
  const quiet = { RATE_LIMIT_ENABLED: 'false' };
  publicGateway = await startTestGateway(contractPath, { ...quiet, GATEWAY_CONTRACT: 'public', GATEWAY_INTROSPECTION: 'true' });
  closedGateway = await startTestGateway(contractPath, { ...quiet, GATEWAY_CONTRACT: 'public', GATEWAY_INTROSPECTION: 'false' });
  internalGateway = await startTestGateway(federation.supergraphPath, { ...quiet, GATEWAY_INTROSPECTION: 'false' });
}, 120_000);

afterAll(async () => {
  await publicGateway?.stop();
  await closedGateway?.stop();
  await internalGateway?.stop();
  await federation?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a gateway serving the public contract', () => {
  it('answers reads across departments', async () => {
    const { status, body } = await graphqlRequest(
      publicGateway.url,
      'query Cities { regions(level: CITY, first: 2) { nodes { name } } measures(first: 1) { totalCount } }',
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.regions.nodes).toHaveLength(2);
    expect(typeof body.data.measures.totalCount).toBe('number');
  });

  it('refuses a mutation at validation with GRAPHQL_VALIDATION_FAILED, before any department is called', async () => {
    const { status, body } = await graphqlRequest(
      publicGateway.url,
      'mutation Archive { archiveEducationMeasure(id: "1", expectedVersion: 1) { version } }',
    );
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', operation: 'mutation' });
    expect(body.errors![0].message).toMatch(/no mutation operations/);
  });

  it('refuses the audit trail and the viewer as fields it does not have', async () => {
    for (const query of ['{ educationMeasureAudit(id: "1") { id } }', '{ viewer { subject } }']) {
      const { status, body } = await graphqlRequest(publicGateway.url, query);
      expect(status).toBe(400);
      expect(body.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    }
  });

  it('lists no Mutation type, audit or viewer type in introspection', async () => {
    const { body } = await graphqlRequest(publicGateway.url, '{ __schema { mutationType { name } types { name } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.mutationType).toBeNull();
    const types = body.data.__schema.types.map((t: { name: string }) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Query', 'Region', 'PolicyMeasure']));
    for (const hidden of ['Mutation', 'MeasureAuditEntry', 'Viewer', 'CreateEducationMeasureInput', 'join__Graph']) {
      expect(types).not.toContain(hidden);
    }
  });

  it('publishes the committed schema/public.graphql at GET /schema.graphql, with an ETag and 304 when unchanged', async () => {
    const url = `${baseUrlOf(publicGateway.url)}/schema.graphql`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const sdl = await first.text();
    expect(sdl).toBe(committedPublicSchema());
    expect(sdl).not.toMatch(/type Mutation|join__|@inaccessible|MeasureAuditEntry/);

    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const other = await fetch(url, { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('publishes it with introspection off too, while introspection is refused', async () => {
    const response = await fetch(`${baseUrlOf(closedGateway.url)}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(committedPublicSchema());
    const { body } = await graphqlRequest(closedGateway.url, '{ __schema { queryType { name } } }');
    expect(body.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('a gateway serving the whole supergraph with introspection off', () => {
  it('does not publish its schema', async () => {
    const response = await fetch(`${baseUrlOf(internalGateway.url)}/schema.graphql`);
    expect(response.status).toBe(404);
  });
});
