import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import { buildServices, compiledEntry, serviceNodeArgs } from './build';

const root = workspaceRoot();

describe('buildServices', () => {
  let result: Awaited<ReturnType<typeof buildServices>>;
  beforeAll(async () => {
    result = await buildServices(root);
  }, 60_000);

  it('compiles every app entry, and runs compiled code on plain node with the aliases resolved', () => {
    expect(result.total).toBeGreaterThan(100);
    for (const app of ['gateway', 'programme', 'education', 'health', 'transport', 'finance', 'civil-affairs']) {
      expect(readFileSync(join(root, compiledEntry(app)), 'utf8')).not.toMatch(/require\("@hkp\//);
    }
    // auth imports @hkp/util-env: proof that the alias became a path node can follow.
    const out = execFileSync(process.execPath, ['-e', "const a = require('./dist/libs/shared/auth/src'); const t = require('./dist/libs/shared/chinese-text/src'); console.log(typeof a.createVerifier, t.toSimplified('教育行動方案'))"], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('function 教育行动方案');
  });

  it('keeps unchanged files on a second build', async () => {
    const again = await buildServices(root);
    expect(again.compiled).toBe(0);
    expect(again.total).toBe(result.total);
  });

  it('gives the node arguments npm start, the benchmark and the image use', () => {
    expect(serviceNodeArgs('education')).toEqual(['dist/apps/education/src/main.js']);
  });
});
