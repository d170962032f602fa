import { readGeneratedMeasures } from '@hkp/policy-model';
import { readRegionRows } from '@hkp/region-data';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { graphqlData, startIsolatedFederation, type IsolatedFederation } from '@hkp/testing';
import { FAST_CATALOG_SYNC, waitForCatalogTotal } from './support/catalog-sync';

// Search as Chinese search boxes allow it, asked through the real gateway over HTTP with the catalog
// filled by its own sync: region names and measures by pinyin (foshan, fo shan, deqing) and by
// initials (fss, dqx), and the measures of the English inspections summary by its English words.

const MEASURES = readGeneratedMeasures();
const REGION_NAMES = new Map(readRegionRows().map((r) => [r.code, r.name]));

let federation: IsolatedFederation;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ask = <T = any>(query: string, variables?: object) => graphqlData<T>(federation.gatewayUrl, query, variables);

beforeAll(async () => {
  federation = await startIsolatedFederation('pinyin_search_e2e', ALL_SUBGRAPHS, { env: FAST_CATALOG_SYNC });
  await waitForCatalogTotal(federation.gatewayUrl, MEASURES.length);
}, 180_000);

afterAll(async () => {
  await federation?.stop();
});

const REGIONS = `query Regions($name: String!) { regions(name: $name, first: 5) { totalCount nodes { code name pinyin } } }`;
const SEARCH = `query Search($q: String!) { measures(filter: { q: $q }, first: 100) { totalCount nodes { id title } } }`;

async function search(q: string): Promise<string[]> {
  const { measures } = await ask<{ measures: { totalCount: number; nodes: { id: string }[] } }>(SEARCH, { q });
  expect(measures.nodes).toHaveLength(measures.totalCount);
  return measures.nodes.map((n) => n.id).sort();
}

/** Measures of the data set whose title or one of whose regions names the place. */
const naming = (place: string) =>
  MEASURES.filter((m) => m.title.includes(place) || m.regionCodes.some((code) => REGION_NAMES.get(code)?.includes(place)))
    .map((m) => m.id)
    .sort();

describe('regions(name:) in pinyin', () => {
  it('finds 佛山市 first by foshan, fo shan, Fóshān and fss, and serves its name in pinyin', async () => {
    for (const name of ['foshan', 'fo shan', 'Fóshān', 'fss']) {
      const { regions } = await ask(REGIONS, { name });
      expect([name, regions.nodes[0]]).toEqual([name, { code: '440600', name: '佛山市', pinyin: 'Fóshān Shì' }]);
    }
  });

  it('finds 德庆县 first by deqing and dqx', async () => {
    for (const name of ['deqing', 'dqx']) {
      const { regions } = await ask(REGIONS, { name });
      expect([name, regions.nodes[0]]).toEqual([name, { code: '441226', name: '德庆县', pinyin: 'Déqìng Xiàn' }]);
    }
  });

  it('reads 大埔县 as the curated list says (Dàbù), not as the pinyin library would (dà pǔ)', async () => {
    const { region } = await ask(`{ region(code: "441422") { name pinyin } }`);
    expect(region).toEqual({ name: '大埔县', pinyin: 'Dàbù Xiàn' });
    expect((await ask(REGIONS, { name: 'dabuxian' })).regions.nodes[0].code).toBe('441422');
  });
});

describe('measures(filter: { q }) in pinyin', () => {
  it('finds by deqing the measures titled with or made for 德庆县, and the same by their initials', async () => {
    const expected = naming('德庆');
    expect(expected.length).toBeGreaterThan(0);
    const found = await search('deqing');
    expect(found).toEqual(expect.arrayContaining(expected));
    // Pinyin adds no stray measure: each one found names 德庆 in its title, its points or its regions.
    for (const id of found) {
      const measure = MEASURES.find((m) => m.id === id)!;
      const names = [measure.title, ...measure.pointsNormalised, ...measure.regionCodes.map((code) => REGION_NAMES.get(code) ?? '')];
      expect([id, names.some((text) => text.includes('德庆'))]).toEqual([id, true]);
    }
    expect(await search('dqx')).toEqual(expect.arrayContaining(MEASURES.filter((m) => m.regionCodes.includes('441226')).map((m) => m.id)));
  });

  it('finds by foshan the measures for 佛山市, and by fo shan (two words, both in the keys) at least those', async () => {
    const forFoshan = MEASURES.filter((m) => m.regionCodes.includes('440600')).map((m) => m.id);
    expect(forFoshan.length).toBeGreaterThan(0);
    const found = await search('foshan');
    expect(found).toEqual(expect.arrayContaining(forFoshan));
    expect(await search('fo shan')).toEqual(expect.arrayContaining(found));
  });
});

describe('measures(filter: { q }) in English', () => {
  it('finds the measures from the English inspections summary by words of their English titles and excerpts', async () => {
    const fromTheSummary = new Set(MEASURES.filter((m) => m.source.article === 'inspections-three-years-english-summary').map((m) => m.id));
    const expectFound = async (q: string, id: string) => {
      const found = await search(q);
      expect([q, found]).toEqual([q, expect.arrayContaining([id])]);
      // English words find only what the English article says.
      for (const other of found) expect([q, other, fromTheSummary.has(other)]).toEqual([q, other, true]);
    };
    await expectFound('elder care', 'civil-affairs-inspection-elder-care-rectification');
    await expectFound('agricultural funding', 'finance-agricultural-funding-management-adjustments');
    // Words of the excerpts only, in neither title.
    await expectFound('provincial departments', 'finance-agricultural-funding-management-adjustments');
    await expectFound('Inspections emphasized', 'civil-affairs-inspection-elder-care-rectification');
  });
});
