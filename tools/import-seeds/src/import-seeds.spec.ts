import { importSeeds, MEASURES_OUTPUT, PROGRAMME_OUTPUT } from './import-seeds';
import { educationFile, financeAndProgrammeFile, SEED_ID, SEED_TEXT } from './testing/fixtures';
import { REGIONS_HEADER } from './validate-references';

const seeds = new Map([[SEED_ID, SEED_TEXT]]);
const regionsTsv = `${REGIONS_HEADER}\n440000\t\tPROVINCE\t广东省\t\n`;
const files = () => [
  { fileName: 'data/curation/a.json', json: educationFile() as unknown },
  { fileName: 'data/curation/b.json', json: financeAndProgrammeFile() as unknown },
];

describe('importSeeds', () => {
  it('produces both outputs when everything checks out', () => {
    const result = importSeeds({ curationFiles: files(), seeds, regionsTsv });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect([...result.outputs.keys()]).toEqual([MEASURES_OUTPUT, PROGRAMME_OUTPUT]);
    expect(JSON.parse(result.outputs.get(MEASURES_OUTPUT) ?? '')).toHaveProperty('measures.length', 3);
  });

  it('fails and writes nothing when a quote is not in the seed', () => {
    const wrong = educationFile();
    wrong.measures[0].points[0] = '到2026年,13個省級基礎教育';
    const result = importSeeds({ curationFiles: [{ fileName: 'data/curation/a.json', json: wrong }], seeds, regionsTsv });
    expect(result.errors).toEqual([
      'data/curation/a.json: education-action-plan-2023-2027: points[0] is not in data/seeds/999_test.txt: "到2026年,13個省級基礎教育"',
    ]);
    expect(result.outputs.size).toBe(0);
  });

  it('fails on duplicate ids across files', () => {
    const result = importSeeds({ curationFiles: [...files(), { fileName: 'data/curation/c.json', json: educationFile() }], seeds, regionsTsv });
    expect(result.errors).toEqual([
      'duplicate id "education-action-plan-2023-2027" in data/curation/c.json (first defined in data/curation/a.json)',
    ]);
  });

  it('fails on an unknown document or region code, and on a schema error', () => {
    const otherDoc = educationFile();
    otherDoc.document = '998_missing';
    const badRegion = educationFile();
    badRegion.measures[0].regionCodes = ['449999'];
    const result = importSeeds({
      curationFiles: [
        { fileName: 'data/curation/a.json', json: otherDoc },
        { fileName: 'data/curation/b.json', json: badRegion },
        { fileName: 'data/curation/c.json', json: { document: SEED_ID } },
      ],
      seeds,
      regionsTsv,
    });
    expect(result.errors).toEqual([
      'data/curation/a.json: document "998_missing" is not in data/seeds/',
      'data/curation/c.json: measures: Invalid input: expected array, received undefined',
      'data/curation/b.json: education-action-plan-2023-2027: regionCodes[0] "449999" is not in data/regions/guangdong.tsv',
    ]);
  });

  it('skips the region check with a warning while guangdong.tsv does not exist', () => {
    const badRegion = educationFile();
    badRegion.measures[0].regionCodes = ['449999'];
    const result = importSeeds({ curationFiles: [{ fileName: 'a.json', json: badRegion }], seeds, regionsTsv: null });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['data/regions/guangdong.tsv does not exist yet: region codes were not checked.']);
  });
});
