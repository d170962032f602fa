import { educationFile, financeAndProgrammeFile, named } from './testing/fixtures';
import { findDuplicateIds, findMissingPeriods, findUnknownRegionCodes, parseRegionCodes, REGIONS_HEADER } from './validate-references';

describe('findDuplicateIds', () => {
  it('accepts distinct ids', () => {
    expect(findDuplicateIds([named('a.json', educationFile()), named('b.json', financeAndProgrammeFile())])).toEqual([]);
  });

  it('reports an id defined in two files', () => {
    expect(findDuplicateIds([named('data/curation/a.json', educationFile()), named('data/curation/b.json', educationFile())])).toEqual([
      'duplicate id "education-action-plan-2023-2027" in data/curation/b.json (first defined in data/curation/a.json)',
    ]);
  });
});

describe('region codes', () => {
  const tsv = `${REGIONS_HEADER}\n440000\t\tPROVINCE\t广东省\t\n440100\t440000\tCITY\t广州市\t珠三角\n`;

  it('reads the codes of guangdong.tsv', () => {
    expect([...parseRegionCodes(tsv)]).toEqual(['440000', '440100']);
  });

  it('refuses a file with another header', () => {
    expect(() => parseRegionCodes('code,name\n440000,广东省\n')).toThrow(/expected header/);
  });

  it('reports unknown codes with file, owner and field', () => {
    const file = educationFile();
    file.measures[0].targets[0].regionCode = '441299';
    expect(findUnknownRegionCodes([named('x.json', file), named('y.json', financeAndProgrammeFile())], parseRegionCodes(tsv))).toEqual([
      'x.json: education-action-plan-2023-2027: targets[0].regionCode "441299" is not in data/regions/guangdong.tsv',
    ]);
  });
});

describe('findMissingPeriods', () => {
  it('accepts a periodEnd that covers every "到YYYY年" of the quotes', () => {
    expect(findMissingPeriods([named('a.json', educationFile()), named('b.json', financeAndProgrammeFile())])).toEqual([]);
  });

  it('reports a measure whose quotes name a horizon its period does not reach (the city plans of 001)', () => {
    const missing = educationFile();
    missing.measures[0].periodEnd = null;
    missing.measures[0].periodStart = null;
    const short = educationFile();
    short.measures[0].periodEnd = 2024;
    expect(findMissingPeriods([named('a.json', missing), named('b.json', short)])).toEqual([
      'a.json: education-action-plan-2023-2027: periodEnd is null but its quotes say "到2025年": set periodEnd to 2025 or later',
      'b.json: education-action-plan-2023-2027: periodEnd is 2024 but its quotes say "到2025年": set periodEnd to 2025 or later',
    ]);
  });
});
