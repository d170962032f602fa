import { findForbiddenCharacter, formatCodePoint } from './forbidden-character';

describe('findForbiddenCharacter', () => {
  it.each([
    ['NUL', '\u0000'],
    ['a C0 control', '\u0001'],
    ['the last C0 control', '\u001f'],
    ['DEL', '\u007f'],
    ['a C1 control (NEL)', '\u0085'],
    ['the last C1 control', '\u009f'],
  ])('refuses %s in text and in codes', (_name, character) => {
    for (const kind of ['text', 'code'] as const) {
      expect(findForbiddenCharacter(`教育${character}方案`, kind)).toEqual({
        position: 3,
        codePoint: character.charCodeAt(0),
        reason: 'control',
      });
    }
  });

  it.each([
    ['tab', '\t'],
    ['line feed', '\n'],
    ['carriage return', '\r'],
  ])('lets %s through in text, not in codes', (_name, character) => {
    expect(findForbiddenCharacter(`第一条${character}第二条`, 'text')).toBeUndefined();
    expect(findForbiddenCharacter(`4406${character}`, 'code')).toEqual({
      position: 5,
      codePoint: character.charCodeAt(0),
      reason: 'control',
    });
  });

  it('refuses a high surrogate without its low half, at the end or before another character', () => {
    expect(findForbiddenCharacter('佛山\ud83d', 'text')).toEqual({ position: 3, codePoint: 0xd83d, reason: 'unpaired-surrogate' });
    expect(findForbiddenCharacter('\ud800a', 'text')).toEqual({ position: 1, codePoint: 0xd800, reason: 'unpaired-surrogate' });
    expect(findForbiddenCharacter('\udbff\udbff\udc00', 'code')).toEqual({ position: 1, codePoint: 0xdbff, reason: 'unpaired-surrogate' });
  });

  it('refuses a low surrogate with no high half before it', () => {
    expect(findForbiddenCharacter('a\udc00', 'text')).toEqual({ position: 2, codePoint: 0xdc00, reason: 'unpaired-surrogate' });
    expect(findForbiddenCharacter('\udfff\ud800', 'text')).toEqual({ position: 1, codePoint: 0xdfff, reason: 'unpaired-surrogate' });
  });

  it('accepts Chinese text, punctuation, no-break spaces and emoji (proper surrogate pairs)', () => {
    expect(findForbiddenCharacter('百县千镇万村高质量发展工程（百千万工程）：“教育行動方案”\u00a0🎉👩‍👩‍👧𠀀', 'text')).toBeUndefined();
    expect(findForbiddenCharacter('health-primary-care-capacity-plan-2023-2027', 'code')).toBeUndefined();
    expect(findForbiddenCharacter('', 'code')).toBeUndefined();
  });

  it('counts the position in characters, an emoji being one', () => {
    expect(findForbiddenCharacter('🎉🎉\u0000', 'text')).toEqual({ position: 3, codePoint: 0, reason: 'control' });
  });

  it('finds the character at the end of a long value', () => {
    const long = `${'十'.repeat(1_000_000)}\u0000`;
    expect(findForbiddenCharacter(long, 'text')?.position).toBe(1_000_001);
  });
});

describe('formatCodePoint', () => {
  it('writes U+ and at least four upper-case hex digits', () => {
    expect(formatCodePoint(0)).toBe('U+0000');
    expect(formatCodePoint(0xd83d)).toBe('U+D83D');
  });
});
