import { stableStringify } from './stable-json';

// The form request and content hashes are taken from: stored hashes depend on it staying the same.

it('sorts keys at every depth, leaves out null and undefined members, and keeps list order', () => {
  expect(stableStringify({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe('{"a":{"d":[3,{"y":"x"}]},"b":1}');
  expect(stableStringify([undefined, null, '广东'])).toBe('[null,null,"广东"]');
  expect(stableStringify(new Date('2025-01-02T03:04:05Z'))).toBe('"2025-01-02T03:04:05.000Z"');
});
