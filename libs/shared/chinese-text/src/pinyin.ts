import { pinyin } from 'pinyin-pro';
import { PINYIN_OVERRIDES, type PinyinOverride } from './pinyin-overrides';

/**
 * The pinyin-pro release the stored pinyin keys were made with. Another release can read a
 * character differently, so upgrading it means bumping SEARCH_KEY_VERSION; pinyin.spec.ts fails
 * until this names the installed release.
 */
export const PINYIN_LIBRARY_VERSION = '3.29.4';

export interface PinyinOptions {
  /** Read the text as a place name: the PLACE_NAME_CHARACTER overrides apply too (涌 chōng, 都 dū). */
  placeName?: boolean;
  /** The override table; PINYIN_OVERRIDES unless a test passes another. */
  overrides?: readonly PinyinOverride[];
}

/**
 * The reading of each character (code point) of a text, with tone marks, or null for a character
 * that is not Chinese. pinyin-pro reads the whole text (its word list resolves most polyphonic
 * characters by context); the curated overrides then replace the readings of the words they name,
 * longest first.
 */
export function pinyinSyllables(text: string, options: PinyinOptions = {}): (string | null)[] {
  const characters = [...text];
  const read = pinyin(text, { type: 'all', toneSandhi: false });
  // One entry per character; should a character ever not get its own entry, read them one by one.
  const syllables =
    read.length === characters.length
      ? read.map((entry) => (entry.isZh && entry.pinyin ? entry.pinyin : null))
      : characters.map((character) => {
          const [entry] = pinyin(character, { type: 'all', toneSandhi: false });
          return entry && entry.isZh && entry.pinyin ? entry.pinyin : null;
        });
  const overrides = (options.overrides ?? PINYIN_OVERRIDES)
    .filter((override) => override.scope === 'WORD' || options.placeName)
    .map((override) => ({ characters: [...override.text], reading: override.reading.split(' ') }))
    .sort((a, b) => b.characters.length - a.characters.length);
  const overridden = new Array<boolean>(characters.length).fill(false);
  for (const override of overrides) {
    const length = override.characters.length;
    for (let at = 0; at + length <= characters.length; at += 1) {
      const matches = override.characters.every((c, i) => characters[at + i] === c && !overridden[at + i]);
      if (!matches) continue;
      for (let i = 0; i < length; i += 1) {
        syllables[at + i] = override.reading[i]!;
        overridden[at + i] = true;
      }
    }
  }
  return syllables;
}

/** A syllable without its tone mark, ü written v as pinyin keyboards type it: lǜ → lv, Fó → fo. */
export function tonelessSyllable(syllable: string): string {
  return syllable
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The search keys of a text in pinyin; each run of Chinese characters is a word, anything else separates words. */
export interface PinyinKeys {
  /** Toneless syllables run together per word: 德庆县 → "deqingxian". */
  full: string;
  /** Toneless syllables with word boundaries: "de qing xian". */
  spaced: string;
  /** The first letter of each syllable, per word, as Chinese input methods match them: "dqx". */
  initials: string;
}

/**
 * The pinyin search keys of a text as written: pass display text (Simplified) or an official name.
 * Not through toSimplified here: it would read 乾务镇 as 干务 (gān).
 */
export function pinyinKeysOf(text: string, options: PinyinOptions = {}): PinyinKeys {
  const words: string[][] = [[]];
  for (const syllable of pinyinSyllables(text, options)) {
    if (syllable === null) {
      if (words[words.length - 1]!.length > 0) words.push([]);
    } else {
      words[words.length - 1]!.push(tonelessSyllable(syllable));
    }
  }
  const nonEmpty = words.filter((word) => word.length > 0);
  return {
    full: nonEmpty.map((word) => word.join('')).join(' '),
    spaced: nonEmpty.map((word) => word.join(' ')).join(' '),
    initials: nonEmpty.map((word) => word.map((s) => s[0]).join('')).join(' '),
  };
}

/**
 * Generic parts of division names, written as a word of their own (Fóshān Shì, Déqìng Xiàn),
 * longest first so that 村民委员会 is not read as 会.
 */
const GENERIC_PARTS = [
  '社区居民委员会',
  '社区居委会',
  '村民委员会',
  '居民委员会',
  '村委会',
  '居委会',
  '自治县',
  '生活区',
  '街道',
  '社区',
  '林场',
  '农场',
  '省',
  '市',
  '县',
  '区',
  '镇',
  '乡',
];

/** Syllables run together as one word, capitalised, with an apostrophe before a, o or e inside it (Xī'ān). */
function pinyinWord(syllables: string[]): string {
  const word = syllables.map((s, i) => (i > 0 && /^[aoeāáǎàōóǒòēéěè]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A division's name in pinyin with tone marks, for display: the proper name as one word and its
 * generic part as another (佛山市 → Fóshān Shì, 大埔县 → Dàbù Xiàn, 沙面街道 → Shāmiàn Jiēdào); a
 * one-character proper name is written together with it (城区 → Chéngqū).
 * Characters that are not Chinese are left out.
 */
export function placeNamePinyin(name: string, options: Omit<PinyinOptions, 'placeName'> = {}): string {
  const syllables = pinyinSyllables(name, { ...options, placeName: true });
  const characters = [...name];
  // A one-character proper name is written together with its generic part (城区 Chéngqū), as the
  // orthography of place names (GB/T 16159) has it.
  const generic = GENERIC_PARTS.find((part) => name.endsWith(part) && characters.length - [...part].length > 1);
  const split = generic ? characters.length - [...generic].length : characters.length;
  const words: string[][] = [];
  const add = (from: number, to: number) => {
    let word: string[] = [];
    for (let i = from; i < to; i += 1) {
      const syllable = syllables[i];
      if (syllable) word.push(syllable);
      else if (word.length > 0) {
        words.push(word);
        word = [];
      }
    }
    if (word.length > 0) words.push(word);
  };
  add(0, split);
  add(split, characters.length);
  return words.map(pinyinWord).join(' ');
}

/**
 * What a search text is matched against pinyin keys as: its letters, lower-case and toneless,
 * without spaces or apostrophes ("Fo Shan", "fóshān", "xi'an" → "foshan", "xian"); null when the
 * text has anything but Latin letters, spaces and apostrophes (it is not pinyin, 佛山 or 2025).
 */
export function pinyinQueryKey(text: string): string | null {
  const letters = text
    .normalize('NFKC')
    .split(/[\s'’]+/)
    .map(tonelessSyllable)
    .join('');
  return /^[a-z]+$/.test(letters) ? letters : null;
}
