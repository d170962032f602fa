import { regionNamesByCode } from '@hkp/region-data';
import { regionNamesOf } from './region-names';

describe('regionNamesOf', () => {
  it('names the regions of the extract in the order given, skipping a code it does not hold', () => {
    expect(regionNamesOf(['441226', '449999', '440000'])).toEqual(['德庆县', '广东省']);
    expect(regionNamesOf([])).toEqual([]);
  });

  it('reads the names region-data parsed once for the process', () => {
    const [code, name] = [...regionNamesByCode()].find(([c]) => c.length === 12)!;
    expect(regionNamesOf([code])).toEqual([name]);
  });
});
