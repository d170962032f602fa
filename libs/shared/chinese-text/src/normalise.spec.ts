import { normaliseForSearch } from './normalise';

describe('normaliseForSearch', () => {
  it('makes Traditional and Simplified meet', () => {
    expect(normaliseForSearch('教育行動方案')).toBe(normaliseForSearch('教育行动方案'));
    expect(normaliseForSearch('教育行動方案')).toBe('教育行动方案');
  });

  it('matches a scraped title (pinyin noise included) with a typed query', () => {
    const scraped = '●《廣東省“百縣千鎮(zhèn)萬村高質(zhì)量發(fā)展工程”教育行動方案(2023—2027年)》';
    expect(normaliseForSearch(scraped)).toContain(normaliseForSearch('百县千镇万村高质量发展工程”教育行动方案'));
  });

  it('folds full-width digits, letters and brackets to ASCII and lower-cases latin', () => {
    expect(normaliseForSearch('２０２５年ＧＤＰ（試行）')).toBe('2025年gdp(试行)');
    expect(normaliseForSearch('“數字政府2.0”')).toBe('“数字政府2.0”');
  });

  it('collapses all whitespace, line breaks included', () => {
    expect(normaliseForSearch('  中共廣東省委\u3000\n 廣東省人民政府  ')).toBe('中共广东省委 广东省人民政府');
  });

  it('is idempotent', () => {
    const once = normaliseForSearch('◎?qū)崿F(xiàn)對口幫扶協(xié)作粵東粵西粵北地區(qū)45個縣(市)全覆蓋');
    expect(once).toBe('◎实现对口帮扶协作粤东粤西粤北地区45个县(市)全覆盖');
    expect(normaliseForSearch(once)).toBe(once);
  });
});
