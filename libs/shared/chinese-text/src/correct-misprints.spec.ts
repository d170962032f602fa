import { correctKnownMisprints } from './correct-misprints';
import { normaliseForSearch } from './normalise';

describe('correctKnownMisprints', () => {
  // Seed 001, line 113: 湛江's plan as published.
  const zhanjiang = '關于湛江市全面推進“百縣干鎮(zhèn)萬村高質(zhì)量發(fā)展工程”促進城鄉(xiāng)區(qū)域協(xié)調(diào)發(fā)展的實施意見';

  it('reads 干 as 千 in the project name, in either script', () => {
    expect(correctKnownMisprints('百县干镇万村高质量发展工程')).toBe('百县千镇万村高质量发展工程');
    expect(correctKnownMisprints('“百縣干鎮萬村”')).toBe('“百縣千鎮萬村”');
    expect(correctKnownMisprints('推进干镇万村建设')).toBe('推进千镇万村建设');
  });

  it('leaves 干 alone everywhere else', () => {
    for (const text of ['苦干實干', '幫扶干部', '处级领导干部', '若干成员单位', '百县千镇万村', '干镇']) {
      expect(correctKnownMisprints(text)).toBe(text);
    }
  });

  it('gives the search key of the published typo the right name, so 百县千镇 finds 湛江', () => {
    expect(normaliseForSearch(zhanjiang)).toContain('百县千镇万村高质量发展工程');
    expect(normaliseForSearch(zhanjiang)).not.toContain('干');
  });

  it('is idempotent', () => {
    const once = correctKnownMisprints('百縣干鎮萬村');
    expect(correctKnownMisprints(once)).toBe(once);
  });
});
