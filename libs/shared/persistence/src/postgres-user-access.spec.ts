import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { letPostgresUserReach } from './postgres-user-access';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('letPostgresUserReach', () => {
  let top: string;
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'hkp-reach-')); // 700, like `mktemp -d`
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  (isRoot ? it : it.skip)('as root, lets others traverse a private checkout (and only traverse), once', () => {
    const inner = join(top, 'checkout', 'node_modules');
    mkdirSync(inner, { recursive: true, mode: 0o700 });
    const changed = letPostgresUserReach(inner);
    expect(changed).toEqual(expect.arrayContaining([inner, join(top, 'checkout'), top]));
    expect(statSync(top).mode & 0o777).toBe(0o701);
    expect(letPostgresUserReach(inner)).toEqual([]);
  });

  (isRoot ? it.skip : it)('changes nothing when not root', () => {
    expect(letPostgresUserReach(top)).toEqual([]);
    expect(statSync(top).mode & 0o777).toBe(0o700);
  });
});
