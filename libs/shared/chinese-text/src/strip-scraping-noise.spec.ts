import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPinyinSyllable, MOJIBAKE_REPAIRS, repairMojibake, stripPinyinAnnotations, stripScrapingNoise } from './strip-scraping-noise';

const SEEDS_DIR = join(__dirname, '..', '..', '..', '..', 'data', 'seeds');
const seeds = new Map(readdirSync(SEEDS_DIR).map((f) => [f.replace(/\.txt$/, ''), readFileSync(join(SEEDS_DIR, f), 'utf8')]));
const seedLine = (doc: string, line: number): string => {
  const text = seeds.get(doc);
  if (text === undefined) throw new Error(`no seed ${doc}`);
  return text.split('\n')[line - 1];
};
const DOC_001 = '001_62ec94c333414f9e';
const DOC_002 = '002_fed1315bd0a98c07';
const DOC_003 = '003_0eff2f5ab5a49e07';

// GBK encoder built from the platform's decoder (Node ships none), to re-create what the scraper did.
const gbkDecoder = new TextDecoder('gbk');
const gbkBytes = new Map<string, [number, number]>();
for (let lead = 0x81; lead <= 0xfe; lead++) {
  for (let trail = 0x40; trail <= 0xfe; trail++) {
    if (trail === 0x7f) continue;
    const ch = gbkDecoder.decode(Uint8Array.of(lead, trail));
    if (ch.length === 1 && ch !== '\uFFFD' && !gbkBytes.has(ch)) gbkBytes.set(ch, [lead, trail]);
  }
}
const isPrivateUse = (ch: string): boolean => /[\uE000-\uF8FF]/.test(ch);

/** `original` encoded as GBK, first byte lost, read in pairs again: what the scraper wrote. */
function gbkOneByteOutOfStep(original: string): string {
  const bytes: number[] = [];
  for (const ch of original) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkBytes.get(ch);
      if (!pair) throw new Error(`${ch} is not in GBK`);
      bytes.push(...pair);
    }
  }
  let out = '';
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] < 0x80) out += String.fromCharCode(bytes[i]);
    else if (i + 1 === bytes.length)
      out += '?'; // a lone last byte
    else {
      const ch = gbkDecoder.decode(Uint8Array.of(bytes[i], bytes[++i]));
      if (ch !== '\uFFFD' && !isPrivateUse(ch)) out += ch;
    }
  }
  // The scraper also wrote full-width ！？ as ASCII.
  return out.normalize('NFKC');
}

describe('isPinyinSyllable', () => {
  it.each(['xiāng', 'xié', 'diào', 'zhuǎn', 'huì', 'qū', 'lǜ', 'nüè', 'er', 'de', 'shuang'])('accepts %s', (s) => {
    expect(isPinyinSyllable(s)).toBe(true);
  });
  it.each(['GDP', 'Xiāng', 'test', 'digital', '2023', '市、區', '试行', 'xiangg'])('rejects %s', (s) => {
    expect(isPinyinSyllable(s)).toBe(false);
  });
});

describe('stripPinyinAnnotations', () => {
  it('removes glosses after Han characters, in ASCII and full-width brackets', () => {
    expect(stripPinyinAnnotations('鄉(xiāng)')).toBe('鄉');
    expect(stripPinyinAnnotations('協(xié)調(diào)')).toBe('協調');
    expect(stripPinyinAnnotations('鄉（xiāng）村')).toBe('鄉村');
    expect(stripPinyinAnnotations('動(dòng)員會(huì ),')).toBe('動員會,'); // 002: a space left inside
  });

  it('keeps real bracketed content', () => {
    for (const kept of [
      '縣(市、區)',
      '方案(2022—2025年)',
      '四會市(含肇慶高新區)',
      '鄉鎮(街道)',
      '實施方案(試行)',
      '工程”(下稱“百千萬工程”)',
      '平均GDP(gdp)',
    ]) {
      expect(stripPinyinAnnotations(kept)).toBe(kept);
    }
  });

  it('strips a gloss nested in real brackets', () => {
    expect(stripPinyinAnnotations('縣(市、區(qū))')).toBe('縣(市、區)');
    expect(stripPinyinAnnotations('四會市(含肇慶高新區(qū))')).toBe('四會市(含肇慶高新區)');
  });

  it('leaves a gloss that does not follow a Han character', () => {
    expect(stripPinyinAnnotations('2.0(ban)')).toBe('2.0(ban)');
  });
});

describe('MOJIBAKE_REPAIRS (the reviewed table)', () => {
  it.each(MOJIBAKE_REPAIRS.map((r) => [r.original, r]))('%s: the garbled run is in the named seed', (_, repair) => {
    const [doc] = repair.seenIn.split(':');
    expect(seeds.get(doc)).toContain(repair.before + repair.marker + repair.shifted + (repair.after ?? ''));
  });

  it.each(MOJIBAKE_REPAIRS.map((r) => [r.original, r]))('%s: re-encoding the original reproduces the run', (_, repair) => {
    expect(gbkOneByteOutOfStep(repair.original)).toBe([...repair.shifted].filter((c) => !isPrivateUse(c)).join(''));
  });

  it('repairs by context where the same run means two things', () => {
    expect(repairMojibake('沿??h要做足海洋經(jīng)濟文章')).toBe('沿海縣要做足海洋經(jīng)濟文章');
    expect(repairMojibake('新型城鎮化建設??h城處于')).toBe('新型城鎮化建設。縣城處于');
    expect(repairMojibake('??h城')).toBe('??h城'); // no context: not guessed
  });
});

describe('stripScrapingNoise on the seeds', () => {
  it('cleans the opening line of 001', () => {
    expect(stripScrapingNoise(seedLine(DOC_001, 1))).toBe(
      '鄉協調發展是廣東高質量發展的重要課題。今年以來,廣東以全省122個縣(市、區)、1609個鄉鎮(街道)、2.65萬個行政村(社區)為主體,全面實施“百縣千鎮萬村高質量發展工程”(下稱“百千萬工程”)。',
    );
  });

  it('repairs 實現 at the start of a point (001 line 14)', () => {
    expect(stripScrapingNoise(seedLine(DOC_001, 14))).toBe(
      '◎實現對口幫扶協作粵東粵西粵北地區45個縣(市)全覆蓋,對惠州、江門、肇慶的12個縣(市)參照開展產業協作。',
    );
  });

  it('repairs a run and drops the cut-off tag after it (001 line 123)', () => {
    expect(stripScrapingNoise(seedLine(DOC_001, 123))).toBe('◎一體推進富縣強鎮興村,切實將縣鎮村發展短板轉化為肇慶高質量發展潛力板。');
  });

  it('repairs quotation runs in 002', () => {
    expect(stripScrapingNoise(seedLine(DOC_002, 36))).toBe('朱偉表示:“集中資源力量重點攻堅尤為重要。”');
    expect(stripScrapingNoise(seedLine(DOC_002, 46))).toMatch(/做好統籌服務。”朱偉表示。$/);
  });

  it('repairs 《西江日報》 (003 line 1)', () => {
    expect(stripScrapingNoise(seedLine(DOC_003, 1))).toMatch(/^據《西江日報》報道,近日,肇慶市/);
  });

  it('keeps a real question mark', () => {
    expect(stripScrapingNoise(seedLine(DOC_002, 34))).toMatch(/找準發力點和突破口\?$/);
  });

  it('drops page chrome: breadcrumbs, print toolbar, SEO spam, comment counter', () => {
    const doc2 = stripScrapingNoise(seeds.get(DOC_002) ?? '');
    expect(doc2.split('\n')[0]).toBe('廣東深入實施“百千萬工程” 支持縣域高質量發展');
    expect(doc2).not.toContain('【打印】');
    expect(doc2).not.toContain('日韩精品');
    expect(stripScrapingNoise(seeds.get(DOC_003) ?? '')).not.toContain('已有0人');
  });

  it('drops what cannot be repaired: unknown lost-byte markers and U+FFFD', () => {
    expect(stripScrapingNoise('◎?qū)某某(xiàn)\uFFFD行動')).toBe('◎某某行動');
  });

  it('collapses whitespace and empty lines', () => {
    expect(stripScrapingNoise('  中共廣東省委\u00a0\u3000 廣東省人民政府 \n\n\n  第二行 ')).toBe('中共廣東省委 廣東省人民政府\n第二行');
  });

  it.each([...seeds.keys()])('leaves no gloss, marker or U+FFFD in %s', (doc) => {
    const cleaned = stripScrapingNoise(seeds.get(doc) ?? '');
    expect(cleaned).not.toMatch(/\p{Script=Han}[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+ ?[)）]/u);
    expect(cleaned).not.toMatch(/\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u);
    expect(cleaned).not.toContain('\uFFFD');
    expect(cleaned).not.toMatch(/\/(span|p)>/);
  });

  it('is idempotent', () => {
    for (const text of seeds.values()) {
      const once = stripScrapingNoise(text);
      expect(stripScrapingNoise(once)).toBe(once);
    }
  });
});
