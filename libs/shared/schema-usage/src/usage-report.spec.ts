import { parse } from 'graphql';
import { documentHash, normaliseDocument, parseUsageReport } from './usage-report';

it('gives the same hash to every spelling of one document', () => {
  const a = normaliseDocument(parse('query Names{regions(level:CITY){nodes{name}}}'));
  const b = normaliseDocument(parse('# the city list\nquery Names {\n  regions(level: CITY) { nodes { name } }\n}'));
  expect(a).toBe(b);
  expect(documentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  expect(documentHash(a)).toBe(documentHash(b));
  expect(documentHash(normaliseDocument(parse('query Names { regions(level: COUNTY) { nodes { name } } }')))).not.toBe(documentHash(a));
});

it('refuses a report that is not one, naming the problems', () => {
  expect(() => parseUsageReport({ from: 'yesterday', operations: [{ client: '', count: 0 }] }, 'schema/usage/x.usage.json')).toThrow(
    /schema\/usage\/x.usage.json is not a usage report:[\s\S]*\[from\][\s\S]*\[to\][\s\S]*operations\.0\.client/,
  );
});
