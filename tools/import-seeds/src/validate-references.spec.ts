import { educationFile, financeAndProgrammeFile, named } from './testing/fixtures';
import { findDuplicateIds, findUnknownRegionCodes, parseRegionCodes, REGIONS_HEADER } from './validate-references';

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
