import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { RunningGateway } from '@hkp/gateway';
import { parseUsageReport } from '@hkp/schema-usage';
import {
  bearerHeaders,
  createTestTokenIssuer,
  graphqlRequest,
  requireData,
  startTestGateway,
  writeSupergraphFile,
  type SupergraphFile,
} from '@hkp/testing';
import { exportUsage, usageUrl } from './export-usage';

// The gateway counts what clients select; an operator exports it with an admin token to a dated
// file the schema check reads.

const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { region(code: String!): Region }
type Region { code: String!, name: String!, areaName: String }`;

const issuer = createTestTokenIssuer('partner-foshan');
let subgraph: Server;
let supergraph: SupergraphFile;
let gateway: RunningGateway;
let dir: string;

beforeAll(async () => {
  const schema = buildSubgraphSchema({
    typeDefs: parse(SDL),
    resolvers: { Query: { region: (_: unknown, { code }: { code: string }) => ({ code, name: '佛山市', areaName: '珠三角' }) } },
  });
  subgraph = createServer(createYoga({ schema, logging: false }));
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
  supergraph = writeSupergraphFile([{ name: 'regions', url, sdl: SDL }]);
  gateway = await startTestGateway(supergraph.path, { JWT_PUBLIC_KEY: issuer.publicKey, RATE_LIMIT_ENABLED: 'false' });
  dir = mkdtempSync(join(tmpdir(), 'usage-export-'));
});

afterAll(async () => {
  await gateway?.stop();
  subgraph?.closeAllConnections();
  await new Promise((resolve) => subgraph?.close(resolve));
  supergraph?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const CITY_CARD = 'query CityCard { region(code: "440600") { name areaName } }';
const NAMES = 'query Names { region(code: "440600") { name } }';

it('answers the counts only to a token with the admin scope', async () => {
  const url = usageUrl(gateway.url);
  const anonymous = await fetch(url);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  const partner = await fetch(url, { headers: bearerHeaders(await issuer.token(['education:write'])) });
  expect(partner.status).toBe(403);
  const forged = await fetch(url, { headers: bearerHeaders(await issuer.forged(['admin'])) });
  expect(forged.status).toBe(401);
  await expect(
    exportUsage({ gateway: gateway.url, token: await issuer.token([]), out: join(dir, 'no.usage.json'), restart: false }),
  ).rejects.toThrow(/answered 403: Usage reports need a token with the admin scope/);
});

it('exports the operations each client sent, with the fields they select, and starts again when asked', async () => {
  const portal = { 'x-client-name': 'portal', 'x-client-version': '2.3.1' };
  for (let i = 0; i < 3; i++) requireData(await graphqlRequest(gateway.url, CITY_CARD, undefined, portal), CITY_CARD);
  requireData(await graphqlRequest(gateway.url, NAMES, undefined, bearerHeaders(await issuer.token([]))), NAMES);
  requireData(await graphqlRequest(gateway.url, NAMES), NAMES);
  // Refused by validation: nothing was executed, nothing is counted.
  await graphqlRequest(gateway.url, 'query Nope { region(code: "1") { pinyin } }');

  const admin = await issuer.token(['admin']);
  const out = join(dir, '2026-12-02.usage.json');
  const exported = await exportUsage({ gateway: gateway.url, token: admin, out, restart: true });
  const written = parseUsageReport(JSON.parse(readFileSync(out, 'utf8')), out);
  expect(written).toEqual(exported);
  expect(written.operations.map((o) => [o.client, o.name, o.count]).sort()).toEqual([
    ['anonymous', 'Names', 1],
    ['partner-foshan', 'Names', 1],
    ['portal@2.3.1', 'CityCard', 3],
  ]);
  const cityCard = written.operations.find((o) => o.name === 'CityCard')!;
  expect(cityCard.coordinates).toEqual(expect.arrayContaining(['Query.region', 'Query.region.code', 'Region.name', 'Region.areaName']));
  expect(parse(cityCard.document)).toBeTruthy();

  // Restarted: the next report begins where this one ended and holds only what came after.
  requireData(await graphqlRequest(gateway.url, NAMES), NAMES);
  const next = await exportUsage({ gateway: gateway.url, token: admin, out: join(dir, '2026-12-03.usage.json'), restart: false });
  expect(next.from).toBe(written.to);
  expect(next.operations.map((o) => [o.client, o.name, o.count])).toEqual([['anonymous', 'Names', 1]]);
  await expect(exportUsage({ gateway: gateway.url, token: admin, out, restart: false })).rejects.toThrow(/exists: give each export/);
});
