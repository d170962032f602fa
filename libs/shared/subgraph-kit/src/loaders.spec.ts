import { LoaderRegistry, byKey, groupByKey } from './loaders';

describe('byKey', () => {
  it('orders rows as the keys ask, repeats duplicates and answers null for missing keys', () => {
    const rows = [
      { code: 'b', n: 2 },
      { code: 'a', n: 1 },
    ];
    expect(byKey(['a', 'x', 'b', 'a'], rows, (r) => r.code)).toEqual([{ code: 'a', n: 1 }, null, { code: 'b', n: 2 }, { code: 'a', n: 1 }]);
    expect(byKey([], rows, (r) => r.code)).toEqual([]);
  });
});

describe('groupByKey', () => {
  it('groups rows per key in row order and gives keys without rows an empty list', () => {
    const rows = [
      { parent: 'p1', code: 'c1' },
      { parent: 'p2', code: 'c2' },
      { parent: 'p1', code: 'c3' },
    ];
    const groups = groupByKey(['p1', 'p3', 'p2'], rows, (r) => r.parent);
    expect(groups.map((g) => g.map((r) => r.code))).toEqual([['c1', 'c3'], [], ['c2']]);
  });
});

describe('LoaderRegistry', () => {
  it('reuses one loader per name, so loads in one tick share one batch', async () => {
    const registry = new LoaderRegistry();
    const batches: string[][] = [];
    const batch = async (keys: readonly string[]) => {
      batches.push([...keys]);
      return keys.map((k) => k.toUpperCase());
    };
    const first = registry.get<string, string>('letters', batch);
    expect(registry.get<string, string>('letters', batch)).toBe(first);
    const results = await Promise.all([
      registry.get<string, string>('letters', batch).load('a'),
      registry.get<string, string>('letters', batch).load('b'),
      registry.get<string, string>('letters', batch).load('a'),
    ]);
    expect(results).toEqual(['A', 'B', 'A']);
    expect(batches).toEqual([['a', 'b']]);

    // Cached for the rest of the request: no second batch for a key already loaded.
    await registry.get<string, string>('letters', batch).load('b');
    expect(batches).toHaveLength(1);
  });

  it('keeps loaders of different names and of different registries apart', async () => {
    const calls: string[] = [];
    const make = (name: string) => async (keys: readonly number[]) => {
      calls.push(name);
      return keys.map((k) => `${name}:${k}`);
    };
    const one = new LoaderRegistry();
    const two = new LoaderRegistry();
    expect(one.get('x', make('x'))).not.toBe(one.get('y', make('y')));
    expect(one.get('x', make('x'))).not.toBe(two.get('x', make('x')));
    expect(await Promise.all([one.get<number, string>('x', make('x')).load(1), one.get<number, string>('y', make('y')).load(1)])).toEqual([
      'x:1',
      'y:1',
    ]);
    expect(await two.get<number, string>('x', make('x')).load(1)).toBe('x:1');
    expect(calls).toEqual(['x', 'y', 'x']);
  });

  it('splits very large loads into batches of at most 1000 keys', async () => {
    const sizes: number[] = [];
    const loader = new LoaderRegistry().get<number, number>('n', async (keys) => {
      sizes.push(keys.length);
      return [...keys];
    });
    const keys = Array.from({ length: 2500 }, (_, i) => i);
    expect(await loader.loadMany(keys)).toEqual(keys);
    expect(sizes).toEqual([1000, 1000, 500]);
  });
});
