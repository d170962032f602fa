/**
 * What a string may hold. `text` (the String type: titles, points, searches) may span lines, so tab,
 * line feed and carriage return pass; `code` (ID, enums, dates and other custom scalars) never needs
 * them, so every control character is refused.
 */
export type TextKind = 'text' | 'code';

export interface ForbiddenCharacter {
  /** 1-based, counted in Unicode characters (an emoji is one), as a person counts them. */
  position: number;
  /** The code point, or the lone surrogate's code unit. */
  codePoint: number;
  reason: 'control' | 'unpaired-surrogate';
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F): Unicode's control characters (category Cc).
const isControl = (unit: number) => unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f);
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The first character of `value` that the API does not store: a control character (tab and line
 * breaks pass in `text`) or a UTF-16 surrogate without its pair (not Unicode: PostgreSQL cannot encode
 * it). One pass over the string.
 */
export function findForbiddenCharacter(value: string, kind: TextKind): ForbiddenCharacter | undefined {
  let position = 0;
  for (let i = 0; i < value.length; i += 1) {
    position += 1;
    const unit = value.charCodeAt(i);
    if (isHighSurrogate(unit)) {
      if (!isLowSurrogate(value.charCodeAt(i + 1))) return { position, codePoint: unit, reason: 'unpaired-surrogate' };
      i += 1; // a proper pair: one character outside the Basic Multilingual Plane
    } else if (isLowSurrogate(unit)) {
      return { position, codePoint: unit, reason: 'unpaired-surrogate' };
    } else if (isControl(unit) && !(kind === 'text' && (unit === TAB || unit === LINE_FEED || unit === CARRIAGE_RETURN))) {
      return { position, codePoint: unit, reason: 'control' };
    }
  }
  return undefined;
}

/** `U+0000`, as Unicode names a code point. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
