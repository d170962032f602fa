// Readings of Guangdong place names that pinyin-pro gets wrong, as the official romanisation of the
// division (民政部 行政区划, the names' standard pinyin) and local usage read them. pinyin-pro resolves
// a polyphonic character by its commonest reading or the words it knows; place names keep old or
// local readings (Cantonese 涌 chōng "stream", Hakka 埔 bù in 大埔).
//
// Every county-level and town name of data/regions/guangdong.tsv with a polyphonic character was
// read through pinyin-pro 3.29.4 and checked; the entries below are the wrong ones. The names
// checked and found right (番禺 pān, 黄埔 pǔ, 车陂 bēi, 礐石 què, 乐昌 lè, 汕尾 wěi, 揭阳 jiē, 澄海
// chéng, 禅城 chán, 台山 tái, 高要 yào, 东莞 guǎn, 勒流 lè, 蛇口 shé, 圩 xū, 石 shí, 长 cháng …) are
// listed in docs/data.md; pinyin-overrides.spec.ts reads each of them.
//
// Search keys are stored: adding or changing an entry changes keys, so bump SEARCH_KEY_VERSION
// (normalise.ts) with it.

export interface PinyinOverride {
  /** The Chinese text, Simplified, as the names spell it. */
  readonly text: string;
  /** Its reading with tone marks, one syllable per character, separated by spaces. */
  readonly reading: string;
  /**
   * WORD applies wherever the text occurs (titles too); PLACE_NAME_CHARACTER is one character read
   * so in place names only (in running text 都 is "all", dōu).
   */
  readonly scope: 'WORD' | 'PLACE_NAME_CHARACTER';
  /** What pinyin-pro reads, where the name is, and why this reading. */
  readonly reason: string;
}

export const PINYIN_OVERRIDES: readonly PinyinOverride[] = [
  {
    text: '大埔',
    reading: 'dà bù',
    scope: 'WORD',
    reason: '大埔县 (441422, Meizhou) is Dàbù; pinyin-pro reads dà pǔ (黄埔 Huángpǔ is pǔ, and stays so).',
  },
  {
    text: '莞城',
    reading: 'guǎn chéng',
    scope: 'WORD',
    reason: '莞城街道 (441900006, Dongguan) is Guǎnchéng, after 东莞 Dōngguǎn; pinyin-pro reads wǎn chéng.',
  },
  {
    text: '莞',
    reading: 'guǎn',
    scope: 'PLACE_NAME_CHARACTER',
    reason: 'In Guangdong place names 莞 is guǎn: 内莞镇, 高莞镇 (Heping), 上莞镇 (Dongyuan), which pinyin-pro reads wǎn.',
  },
  {
    text: '涌',
    reading: 'chōng',
    scope: 'PLACE_NAME_CHARACTER',
    reason:
      'Cantonese 涌 "stream" is chōng in place names: 麻涌镇 Máchōng, 大涌镇 Dàchōng, 东涌镇 Dōngchōng, 霞涌街道 Xiáchōng, 铁涌镇 Tiěchōng; pinyin-pro reads yǒng.',
  },
  {
    text: '都',
    reading: 'dū',
    scope: 'PLACE_NAME_CHARACTER',
    reason:
      'In place names 都 is dū: 花都区 Huādū, 玉都街道, 莲都镇, 都平镇, 义都镇, 四都镇, 地都镇, 六都镇, 都杨镇, 星都; pinyin-pro reads dōu after most characters.',
  },
  {
    text: '斗门',
    reading: 'dǒu mén',
    scope: 'WORD',
    reason: '斗门区 (440403, Zhuhai) is Dǒumén; pinyin-pro reads dòu mén.',
  },
  {
    text: '北斗',
    reading: 'běi dǒu',
    scope: 'WORD',
    reason: '北斗镇 (441423103, Fengshun) is Běidǒu, the Plough; pinyin-pro reads běi dòu.',
  },
  {
    text: '塘厦',
    reading: 'táng xià',
    scope: 'WORD',
    reason: '塘厦镇 (441900116, Dongguan) is Tángxià; pinyin-pro reads táng shà.',
  },
  {
    text: '担杆',
    reading: 'dàn gān',
    scope: 'WORD',
    reason: '担杆镇 (440402107, Zhuhai), on the 担杆列岛 Dàngān islands, is Dàngān; pinyin-pro reads dān gān.',
  },
];
