import { formatSeconds, LineSplitter, prefixFor, RecentLines } from './log-lines';

describe('LineSplitter', () => {
  it('emits whole lines whatever the chunk boundaries', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\r\n{"b":2}\n{"c"');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    splitter.push(':3}');
    splitter.flush();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

describe('RecentLines', () => {
  it('keeps only the last lines', () => {
    const recent = new RecentLines(2);
    ['a', 'b', 'c'].forEach((line) => recent.add(line));
    expect(recent.all()).toEqual(['b', 'c']);
  });
});

describe('formatting', () => {
  it('pads prefixes to the longest name and prints seconds', () => {
    expect(prefixFor('gateway', 'civil-affairs'.length)).toBe('[gateway]      ');
    expect(formatSeconds(12345)).toBe('12.3 s');
  });
});
