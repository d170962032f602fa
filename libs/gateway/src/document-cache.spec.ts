import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createYoga } from 'graphql-yoga';
import { buildSchema, parse, type DocumentNode } from 'graphql';
import { keptBytes, readDocumentCacheConfig, useBoundedDocumentCache } from './document-cache';

const schema = buildSchema(`type Query { region(code: String!): Region } type Region { name: String, code: String }`);

/** A Yoga server with the bounded cache and a plugin counting what reaches graphql-js's parse and validate. */
function serverWith(maxBytes: number) {
  const seen = { parsed: 0, validated: 0 };
  const counting: GatewayPlugin = {
    onParse: ({ parseFn, setParseFn }) => setParseFn((...args: Parameters<typeof parse>) => (seen.parsed++, parseFn(...args))),
    onValidate: ({ validateFn, setValidationFn }) =>
      setValidationFn((...args: Parameters<typeof validateFn>) => (seen.validated++, validateFn(...args))),
  };
  const yoga = createYoga({ schema, plugins: [counting, useBoundedDocumentCache({ maxBytes, maxEntries: 1024 })], logging: false });
  const ask = async (query: string) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  };
  return { ask, seen, plugins: (yoga as unknown as { plugins: unknown[] }).plugins };
}

describe('the bounded document cache', () => {
  it("takes the place of Yoga's own parse and validation cache", () => {
    const { plugins } = serverWith(2 ** 20);
    const yogaCaches = plugins.filter((p) => String((p as { onParse?: unknown } | null)?.onParse).includes('documentCache'));
    expect(yogaCaches).toEqual([]);
  });

  it('parses and validates a document sent again only once', async () => {
    const { ask, seen } = serverWith(2 ** 20);
    for (let i = 0; i < 3; i++) expect(await ask('{ region(code: "440600") { name } }')).toEqual({ data: { region: null } });
    expect(seen).toEqual({ parsed: 1, validated: 1 });
  });

  it('answers a syntax error sent again from what it kept, with the same error', async () => {
    const { ask, seen } = serverWith(2 ** 20);
    const first = await ask('{ region(code: "440600") { name ');
    expect(first.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(await ask('{ region(code: "440600") { name ')).toEqual(first);
    expect(seen.parsed).toBe(1);
  });

  it('keeps no validation verdict of an invalid document: its errors are found again', async () => {
    const { ask, seen } = serverWith(2 ** 20);
    for (let i = 0; i < 2; i++)
      expect((await ask('{ region(code: "440600") { nope } }')).errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
    expect(seen).toEqual({ parsed: 1, validated: 2 });
  });

  it('keeps documents within its byte budget: the least recently used are parsed again', async () => {
    const documents = Array.from({ length: 20 }, (_, i) => `query Q${i} { region(code: "440600") { ${'name '.repeat(200)} } }`);
    const each = keptBytes(documents[0]!, parse(documents[0]!));
    // Room for five.
    const { ask, seen } = serverWith(5 * each + 100);
    for (const query of documents) await ask(query);
    expect(seen.parsed).toBe(20);
    // The last five are kept; the first is not.
    for (const query of documents.slice(15)) await ask(query);
    expect(seen.parsed).toBe(20);
    await ask(documents[0]!);
    expect(seen.parsed).toBe(21);
  });
});

describe('keptBytes', () => {
  it('grows with the tokens of a document and the length of its text', () => {
    const small: DocumentNode = parse('{ region(code: "1") { name } }');
    const large = parse(`{ region(code: "1") { ${'name '.repeat(1_000)} } }`);
    expect(keptBytes('{ region(code: "1") { name } }', small)).toBeLessThan(10_000);
    expect(keptBytes('x'.repeat(5_000), large)).toBeGreaterThan(500_000);
  });

  it('estimates a document parsed without locations by the length of its text', () => {
    const text = `{ region(code: "1") { ${'name '.repeat(1_000)} } }`;
    expect(keptBytes(text, parse(text, { noLocation: true }))).toBeGreaterThan(500_000);
  });
});

describe('readDocumentCacheConfig', () => {
  it('is 32 MB and 1,024 entries unless GATEWAY_DOCUMENT_CACHE_MB and _ENTRIES say otherwise', () => {
    expect(readDocumentCacheConfig({})).toEqual({ maxBytes: 32 * 2 ** 20, maxEntries: 1024 });
    expect(readDocumentCacheConfig({ GATEWAY_DOCUMENT_CACHE_MB: '8', GATEWAY_DOCUMENT_CACHE_ENTRIES: '100' })).toEqual({
      maxBytes: 8 * 2 ** 20,
      maxEntries: 100,
    });
  });
});
