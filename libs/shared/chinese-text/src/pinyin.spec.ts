import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PINYIN_LIBRARY_VERSION, pinyinKeysOf, pinyinQueryKey, pinyinSyllables, placeNamePinyin, tonelessSyllable } from './pinyin';

describe('pinyinKeysOf', () => {
  it('gives full pinyin run together, with syllable boundaries, and initials', () => {
    expect(pinyinKeysOf('德庆县')).toEqual({ full: 'deqingxian', spaced: 'de qing xian', initials: 'dqx' });
    expect(pinyinKeysOf('佛山市')).toEqual({ full: 'foshanshi', spaced: 'fo shan shi', initials: 'fss' });
  });

  it('reads the place names pinyin-pro gets wrong as the overrides say', () => {
    expect(pinyinKeysOf('大埔县').full).toBe('dabuxian');
    expect(pinyinKeysOf('莞城街道').full).toBe('guanchengjiedao');
    expect(pinyinKeysOf('黄埔区').full).toBe('huangpuqu');
  });

  it('applies the place-name characters only to place names', () => {
    expect(pinyinKeysOf('花都区', { placeName: true }).full).toBe('huaduqu');
    expect(pinyinKeysOf('麻涌镇', { placeName: true }).initials).toBe('mcz');
    // In running text 都 is "all".
    expect(pinyinKeysOf('都要落实').full).toBe('douyaoluoshi');
  });

  it('separates words at anything that is not Chinese', () => {
    expect(pinyinKeysOf('揭阳（惠来）沿海')).toEqual({
      full: 'jieyang huilai yanhai',
      spaced: 'jie yang hui lai yan hai',
      initials: 'jy hl yh',
    });
    expect(pinyinKeysOf('GDP增长2025年')).toEqual({ full: 'zengzhang nian', spaced: 'zeng zhang nian', initials: 'zz n' });
    expect(pinyinKeysOf('')).toEqual({ full: '', spaced: '', initials: '' });
  });

  it('writes ü as v, as pinyin keyboards type it', () => {
    expect(tonelessSyllable('lǜ')).toBe('lv');
    expect(pinyinKeysOf('绿色').full).toBe('lvse');
  });
});

describe('pinyinSyllables', () => {
  it('gives one reading per character, null where the character is not Chinese', () => {
    expect(pinyinSyllables('大埔2县')).toEqual(['dà', 'bù', null, 'xiàn']);
  });

  it('lets a longer override win over a shorter one it overlaps', () => {
    const overrides = [
      { text: '莞', reading: 'guǎn', scope: 'PLACE_NAME_CHARACTER' as const, reason: 'test' },
      { text: '莞城', reading: 'wǎn chéng', scope: 'WORD' as const, reason: 'test' },
    ];
    expect(pinyinSyllables('上莞莞城', { placeName: true, overrides })).toEqual(['shàng', 'guǎn', 'wǎn', 'chéng']);
  });
});

describe('placeNamePinyin', () => {
  it('writes the proper name as one word and the generic part as another, with tone marks', () => {
    expect(placeNamePinyin('佛山市')).toBe('Fóshān Shì');
    expect(placeNamePinyin('德庆县')).toBe('Déqìng Xiàn');
    expect(placeNamePinyin('大埔县')).toBe('Dàbù Xiàn');
    expect(placeNamePinyin('沙面街道')).toBe('Shāmiàn Jiēdào');
    expect(placeNamePinyin('乳源瑶族自治县')).toBe('Rǔyuányáozú Zìzhìxiàn');
    expect(placeNamePinyin('翠洲社区居民委员会')).toBe('Cuìzhōu Shèqūjūmínwěiyuánhuì');
  });

  it('marks a syllable boundary before a, o or e with an apostrophe, and keeps a bare generic name whole', () => {
    expect(placeNamePinyin('西安镇')).toBe("Xī'ān Zhèn");
    expect(placeNamePinyin('城区')).toBe('Chéngqū');
  });

  it('reads an official name as written, not through Traditional → Simplified (乾务 is not 干务)', () => {
    expect(placeNamePinyin('乾务镇')).toBe('Qiánwù Zhèn');
  });
});

describe('pinyinQueryKey', () => {
  it('turns typed pinyin into the letters keys are matched by', () => {
    expect(pinyinQueryKey('foshan')).toBe('foshan');
    expect(pinyinQueryKey('Fo Shan')).toBe('foshan');
    expect(pinyinQueryKey('Fóshān')).toBe('foshan');
    expect(pinyinQueryKey("xi'an")).toBe('xian');
    expect(pinyinQueryKey('lǜ')).toBe('lv');
    expect(pinyinQueryKey('ＤＱＸ')).toBe('dqx');
  });

  it('is null for text that is not pinyin', () => {
    expect(pinyinQueryKey('佛山')).toBeNull();
    expect(pinyinQueryKey('2025')).toBeNull();
    expect(pinyinQueryKey('fo-shan')).toBeNull();
    expect(pinyinQueryKey('  ')).toBeNull();
  });
});

describe('PINYIN_LIBRARY_VERSION', () => {
  it('names the installed pinyin-pro (another release can read characters differently: bump SEARCH_KEY_VERSION with it)', () => {
    const manifest = createRequire(__filename).resolve('pinyin-pro/package.json');
    expect((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version).toBe(PINYIN_LIBRARY_VERSION);
  });
});
