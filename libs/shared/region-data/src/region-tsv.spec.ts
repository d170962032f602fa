import { knownRegionCodes, parseRegionTsv, readRegionRows, regionNamesByCode, REGION_TSV_HEADER } from './region-tsv';

describe('the region extract reader', () => {
  it('reads rows with their ancestors, province first', () => {
    const rows = parseRegionTsv(
      `${REGION_TSV_HEADER}\n440000\t\tPROVINCE\t广东省\t\n441200\t440000\tCITY\t肇庆市\t珠三角\n441226\t441200\tCOUNTY\t德庆县\t\n`,
    );
    expect(rows.map((r) => [r.code, r.level, r.parentCode, r.area])).toEqual([
      ['440000', 'PROVINCE', null, null],
      ['441200', 'CITY', '440000', '珠三角'],
      ['441226', 'COUNTY', '441200', null],
    ]);
    expect(rows[2]!.ancestorCodes).toEqual(['440000', '441200']);
  });

  it('refuses another header and a malformed row, naming the line', () => {
    expect(() => parseRegionTsv('code,name\n440000,广东省\n')).toThrow(/expected header/);
    expect(() => parseRegionTsv(`${REGION_TSV_HEADER}\n440000\t\tSTATE\t广东省\t\n`)).toThrow(/malformed row 2/);
  });

  it('reads the committed extract: one province, its 21 cities, every parent known', () => {
    const rows = readRegionRows();
    const codes = new Set(rows.map((r) => r.code));
    expect(rows.filter((r) => r.level === 'PROVINCE').map((r) => r.name)).toEqual(['广东省']);
    expect(rows.filter((r) => r.level === 'CITY')).toHaveLength(21);
    expect(rows.every((r) => r.parentCode === null || codes.has(r.parentCode))).toBe(true);
  });

  it('knows every code of the extract, and nothing else', () => {
    const known = knownRegionCodes();
    expect(known.size).toBe(readRegionRows().length);
    expect(known.has('441226')).toBe(true); // 德庆县
    expect(known.has('449999')).toBe(false);
    expect(knownRegionCodes()).toBe(known); // read once
  });

  it('names every region of the extract by code, from the one parse knownRegionCodes reads too', () => {
    const names = regionNamesByCode();
    const rows = readRegionRows();
    expect(names.size).toBe(rows.length);
    expect(names.get('441226')).toBe('德庆县');
    expect(names.get('440000')).toBe('广东省');
    expect(names.get('449999')).toBeUndefined();
    const village = rows.find((r) => r.level === 'VILLAGE')!;
    expect(names.get(village.code)).toBe(village.name);
    // One map per process: the programme's search keys and the filters' code check share it.
    expect(regionNamesByCode()).toBe(names);
    expect(knownRegionCodes()).toBe(names);
  });
});
