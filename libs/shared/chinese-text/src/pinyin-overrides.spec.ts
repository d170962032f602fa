import { pinyinSyllables, placeNamePinyin } from './pinyin';
import { PINYIN_OVERRIDES } from './pinyin-overrides';
import { toSimplified } from './to-simplified';

// The names of data/regions/guangdong.tsv (county level and towns) with a polyphonic character,
// read as their official romanisation has them: the overridden ones and those pinyin-pro already
// reads right. A pinyin-pro release that reads one otherwise fails here (and needs a
// SEARCH_KEY_VERSION bump anyway).
const VERIFIED_PLACE_NAMES: Record<string, string> = {
  // overridden
  大埔县: 'Dàbù Xiàn',
  大埔林场: 'Dàbù Línchǎng',
  莞城街道: 'Guǎnchéng Jiēdào',
  内莞镇: 'Nèiguǎn Zhèn',
  高莞镇: 'Gāoguǎn Zhèn',
  上莞镇: 'Shàngguǎn Zhèn',
  麻涌镇: 'Máchōng Zhèn',
  大涌镇: 'Dàchōng Zhèn',
  东涌镇: 'Dōngchōng Zhèn',
  霞涌街道: 'Xiáchōng Jiēdào',
  铁涌镇: 'Tiěchōng Zhèn',
  花都区: 'Huādū Qū',
  玉都街道: 'Yùdū Jiēdào',
  莲都镇: 'Liándū Zhèn',
  都平镇: 'Dūpíng Zhèn',
  义都镇: 'Yìdū Zhèn',
  四都镇: 'Sìdū Zhèn',
  地都镇: 'Dìdū Zhèn',
  六都镇: 'Liùdū Zhèn',
  都杨镇: 'Dūyáng Zhèn',
  斗门区: 'Dǒumén Qū',
  北斗镇: 'Běidǒu Zhèn',
  塘厦镇: 'Tángxià Zhèn',
  担杆镇: 'Dàngān Zhèn',
  // read right by pinyin-pro
  黄埔区: 'Huángpǔ Qū',
  番禺区: 'Pānyú Qū',
  曲江区: 'Qǔjiāng Qū',
  乐昌市: 'Lèchāng Shì',
  澄海区: 'Chénghǎi Qū',
  禅城区: 'Chánchéng Qū',
  台山市: 'Táishān Shì',
  高要区: 'Gāoyào Qū',
  信宜市: 'Xìnyí Shì',
  新会区: 'Xīnhuì Qū',
  四会市: 'Sìhuì Shì',
  汕尾市: 'Shànwěi Shì',
  汕头市: 'Shàntóu Shì',
  揭阳市: 'Jiēyáng Shì',
  东莞市: 'Dōngguǎn Shì',
  佛山市: 'Fóshān Shì',
  佛冈县: 'Fógāng Xiàn',
  遂溪县: 'Suìxī Xiàn',
  陆丰市: 'Lùfēng Shì',
  兴宁市: 'Xīngníng Shì',
  和平县: 'Hépíng Xiàn',
  龙岗区: 'Lónggǎng Qū',
  南沙区: 'Nánshā Qū',
  都城镇: 'Dūchéng Zhèn',
  车陂街道: 'Chēbēi Jiēdào',
  礐石街道: 'Quèshí Jiēdào',
  勒流街道: 'Lèliú Jiēdào',
  蛇口街道: 'Shékǒu Jiēdào',
  乾务镇: 'Qiánwù Zhèn',
  海幢街道: 'Hǎizhuàng Jiēdào',
  榄核镇: 'Lǎnhé Zhèn',
  梅菉街道: 'Méilù Jiēdào',
  宝圩镇: 'Bǎoxū Zhèn',
  秋长街道: 'Qiūcháng Jiēdào',
  石碣镇: 'Shíjié Zhèn',
  那龙镇: 'Nàlóng Zhèn',
  柏塘镇: 'Bǎitáng Zhèn',
  汤坑镇: 'Tāngkēng Zhèn',
  埔前镇: 'Pǔqián Zhèn',
};

describe('PINYIN_OVERRIDES', () => {
  it('give one syllable per character, in Simplified, each with its reason', () => {
    for (const override of PINYIN_OVERRIDES) {
      expect([override.text, override.reading.split(' ').length]).toEqual([override.text, [...override.text].length]);
      expect(toSimplified(override.text)).toBe(override.text);
      expect(override.reason.length).toBeGreaterThan(20);
    }
    expect(new Set(PINYIN_OVERRIDES.map((o) => o.text)).size).toBe(PINYIN_OVERRIDES.length);
  });

  it('each change what pinyin-pro reads: an entry the library has come to read right is stale', () => {
    for (const override of PINYIN_OVERRIDES) {
      const withOverrides = pinyinSyllables(override.text, { placeName: true }).join(' ');
      const without = pinyinSyllables(override.text, { placeName: true, overrides: [] }).join(' ');
      expect([override.text, withOverrides]).toEqual([override.text, override.reading]);
      expect([override.text, without]).not.toEqual([override.text, override.reading]);
    }
  });

  it('read every verified place name as its official romanisation', () => {
    const read = Object.fromEntries(Object.keys(VERIFIED_PLACE_NAMES).map((name) => [name, placeNamePinyin(name)]));
    expect(read).toEqual(VERIFIED_PLACE_NAMES);
  });
});
