import { regionPrefix, regionScope } from './region-scope';

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
