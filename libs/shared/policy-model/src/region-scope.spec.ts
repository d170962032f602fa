import { readRegionRows } from '@hkp/region-data';
import { assertKnownRegionCode, regionLevelOf, regionPrefix, regionScope } from './region-scope';

describe('region scope from division codes', () => {
  it('finds the prefix shared by a region and its descendants', () => {
    expect(regionPrefix('440000')).toBe('44');
    expect(regionPrefix('440600')).toBe('4406');
    expect(regionPrefix('440604')).toBe('440604');
    expect(regionPrefix('441900')).toBe('4419');
    expect(regionPrefix('440604001')).toBe('440604001');
  });

  it('lists a region with all regions above it', () => {
    expect(regionScope('440000')).toEqual(['440000']);
    expect(regionScope('440600')).toEqual(['440000', '440600']);
    expect(regionScope('440604')).toEqual(['440000', '440600', '440604']);
    expect(regionScope('440604001002')).toEqual(['440000', '440600', '440604', '440604001', '440604001002']);
    expect(regionScope('440604001200')).toEqual(['440000', '440600', '440604', '440604001', '440604001200']);
    // 东莞's towns sit directly under the city.
    expect(regionScope('441900003')).toEqual(['440000', '441900', '441900003']);
  });
});

describe('region levels from division codes', () => {
  it('gives every region of the extract the level the extract records', () => {
    const wrong = readRegionRows().filter((row) => regionLevelOf(row.code) !== row.level);
    expect(wrong).toEqual([]);
  });
});

describe('region codes in filters', () => {
  const refusal = (code: string) => {
    try {
      assertKnownRegionCode(code, 'regionCode');
    } catch (error) {
      return { message: (error as Error).message, extensions: (error as { extensions: unknown }).extensions };
    }
    return null;
  };

  it('accepts the codes of the extract, from the province to a village', () => {
    for (const code of ['440000', '441200', '441226', '441900003', readRegionRows().find((r) => r.level === 'VILLAGE')!.code])
      expect(refusal(code)).toBeNull();
  });

  it('refuses a well-formed code no region has, naming the argument, as BAD_USER_INPUT', () => {
    expect(refusal('449999')).toEqual({
      message: expect.stringContaining('"449999" is not the code of a region of Guangdong'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'regionCode' }),
    });
    expect(refusal('44')?.message).toMatch(/is not a division code/);
  });
});
