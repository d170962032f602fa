import { parse, print } from 'graphql';
import { objectsAt, splitDeferred } from './defer';

const flat = (text: string) => print(parse(text)).replace(/\s+/g, ' ');

describe('splitDeferred', () => {
  it('leaves deferred fragments out of the initial operation and makes each an operation of the fields leading to it', () => {
    const split = splitDeferred(
      parse(`query Page($code: ID!) {
        region(code: $code) {
          name
          ... @defer(label: "measures") { measures(first: 5) { totalCount } }
          children { code ...Slow @defer }
        }
      }
      fragment Slow on Region { keyFigures { name } }`),
      undefined,
      {},
    );
    expect(split && flat(print(split.initial))).toBe(flat('query Page($code: ID!) { region(code: $code) { name children { code } } }'));
    expect(split?.deferred.map((d) => ({ label: d.label, path: d.path, operation: flat(print(d.operation)) }))).toEqual([
      {
        label: 'measures',
        path: ['region'],
        operation: flat('query Page($code: ID!) { region(code: $code) { ... { measures(first: 5) { totalCount } } } }'),
      },
      {
        label: undefined,
        path: ['region', 'children'],
        operation: flat('query Page($code: ID!) { region(code: $code) { children { ... on Region { keyFigures { name } } } } }'),
      },
    ]);
  });

  it('splits nothing when no fragment is deferred, or its `if` is false', () => {
    expect(splitDeferred(parse('{ region(code: "1") { name } }'), undefined, {})).toBeUndefined();
    expect(
      splitDeferred(parse('query($d: Boolean) { region(code: "1") { ... @defer(if: $d) { name } } }'), undefined, { d: false }),
    ).toBeUndefined();
  });
});

describe('objectsAt', () => {
  it('finds the objects a deferred fragment applies to, through lists, with their paths', () => {
    const data = { region: { children: [{ code: 'a' }, null, { code: 'b' }] } };
    expect(objectsAt(data, ['region', 'children'])).toEqual([
      { path: ['region', 'children', 0], object: { code: 'a' } },
      { path: ['region', 'children', 2], object: { code: 'b' } },
    ]);
    expect(objectsAt({ region: null }, ['region'])).toEqual([]);
  });
});
