import { buildSchema, parse } from 'graphql';
import { clientOf, UsageCounter } from './usage-reporting';

const schema = buildSchema(`
  type Query { region(code: String!): Region }
  type Region { name: String!, areaName: String }
`);
const config = { enabled: true, maxOperations: 3, documentCacheSize: 2, maxBytes: 2 ** 20, documentCacheBytes: 2 ** 20 };
const CITY_CARD = 'query CityCard { region(code: "440600") { name areaName } }';

function record(counter: UsageCounter, client: string, text: string, operationName?: string) {
  counter.record(client, parse(text), operationName, schema, text);
}

describe('usage counted by the gateway', () => {
  it('counts each client operation once per document, however it is spelled, with the coordinates it selects', () => {
    const counter = new UsageCounter(config);
    record(counter, 'portal@2.3.1', CITY_CARD);
    record(counter, 'portal@2.3.1', 'query CityCard {\n  region(code: "440600") {\n    name\n    areaName\n  }\n}');
    record(counter, 'partner-a', CITY_CARD);
    const report = counter.report();
    expect(report.operations.map((o) => [o.client, o.name, o.count])).toEqual([
      ['portal@2.3.1', 'CityCard', 2],
      ['partner-a', 'CityCard', 1],
    ]);
    const [first] = report.operations;
    expect(first!.coordinates).toEqual([
      'Query',
      'Query.region',
      'Query.region.code',
      'Region',
      'Region.areaName',
      'Region.name',
      'String',
    ]);
    expect(first!.document).toContain('query CityCard');
    expect(first!.hash).toBe(report.operations[1]!.hash);
  });

  it('names the coordinates of the operation executed, not of the others in its document', () => {
    const counter = new UsageCounter(config);
    record(counter, 'portal', 'query Names { region(code: "1") { name } } query Areas { region(code: "1") { areaName } }', 'Names');
    expect(counter.report().operations[0]).toMatchObject({ name: 'Names' });
    expect(counter.report().operations[0]!.coordinates).not.toContain('Region.areaName');
  });

  it('starts again after an export that asks to, from where the last one ended', () => {
    const counter = new UsageCounter(config);
    record(counter, 'portal', CITY_CARD);
    const first = counter.report(true);
    expect(first.operations).toHaveLength(1);
    const second = counter.report();
    expect(second.operations).toEqual([]);
    expect(second.from).toBe(first.to);
  });

  it('stops taking new client operations when full and says how many executions it dropped', () => {
    const counter = new UsageCounter(config);
    for (const client of ['a', 'b', 'c', 'd', 'e']) record(counter, client, CITY_CARD);
    record(counter, 'a', CITY_CARD);
    const report = counter.report();
    expect(report.operations.map((o) => `${o.client} ${o.count}`)).toEqual(['a 2', 'b 1', 'c 1']);
    expect(report.dropped).toBe(2);
  });
});

describe('usage counting within its memory', () => {
  // One token each: an operation name of 20,000 characters, as a client may send.
  const longNamed = (i: number) => `query Q${i}${'x'.repeat(20_000)} { region(code: "440600") { name } }`;

  it('stops taking new client operations once their texts reach GATEWAY_USAGE_MAX_MB, counting the rest as dropped', () => {
    // Room for two such operations (each ~80 KB of text as kept: key, printed document), not three;
    // a small one still fits.
    const counter = new UsageCounter({ ...config, maxOperations: 100, maxBytes: 200_000 });
    for (let i = 0; i < 5; i++) record(counter, 'flooder', longNamed(i));
    record(counter, 'portal', CITY_CARD);
    const report = counter.report();
    expect(report.operations.map((o) => o.client)).toEqual(['flooder', 'flooder', 'portal']);
    expect(report.dropped).toBe(3);
    // An export that starts again frees the room.
    counter.report(true);
    record(counter, 'flooder', longNamed(9));
    expect(counter.report().operations).toHaveLength(1);
  });

  it('keeps worked-out documents within GATEWAY_USAGE_DOCUMENT_CACHE_MB, and still counts those it cannot keep', () => {
    const counter = new UsageCounter({ ...config, maxOperations: 100, documentCacheSize: 100, documentCacheBytes: 150_000 });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 4; i++) record(counter, 'flooder', longNamed(i));
    const facts = (counter as unknown as { facts: { size: number; calculatedSize: number } }).facts;
    expect(facts.size).toBe(1);
    expect(facts.calculatedSize).toBeLessThanOrEqual(150_000);
    expect(counter.report().operations.map((o) => o.count)).toEqual([2, 2, 2, 2]);
  });

  it('keeps the documents it holds when one over the whole budget is counted', () => {
    const counter = new UsageCounter({ ...config, maxOperations: 100, documentCacheSize: 100, documentCacheBytes: 100_000 });
    record(counter, 'portal', CITY_CARD);
    record(counter, 'flooder', longNamed(1));
    const facts = (counter as unknown as { facts: { keys(): Iterable<string> } }).facts;
    expect([...facts.keys()]).toEqual([`\n${CITY_CARD}`]);
  });
});

describe('the client a request is counted under', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  it('is x-client-name and x-client-version, else the token subject, else anonymous', () => {
    expect(clientOf(headers({ 'x-client-name': 'portal', 'x-client-version': '2.3.1' }), 'office')).toBe('portal@2.3.1');
    expect(clientOf(headers({ 'x-client-name': 'portal' }), undefined)).toBe('portal');
    expect(clientOf(headers({}), 'partner-foshan')).toBe('partner-foshan');
    expect(clientOf(headers({}), undefined)).toBe('anonymous');
  });

  it('is cut and cleaned: clients choose it', () => {
    expect(clientOf(headers({ 'x-client-name': `<script>${'x'.repeat(200)}` }), undefined)).toMatch(/^_script_x{56}$/);
  });
});
