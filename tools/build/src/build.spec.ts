import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPARTMENT_NAMES } from '@hkp/departments';
import { workspaceRoot } from '@hkp/util-env';
import { buildServices, compiledEntry, nodeArgs } from './build';

const root = workspaceRoot();

describe('buildServices', () => {
  let result: Awaited<ReturnType<typeof buildServices>>;
  beforeAll(async () => {
    result = await buildServices(root);
  }, 60_000);

  it('compiles every app entry, and runs compiled code on plain node with the aliases resolved', () => {
    expect(result.total).toBeGreaterThan(100);
    for (const app of ['gateway', ...DEPARTMENT_NAMES]) {
      expect(readFileSync(join(root, compiledEntry(app)), 'utf8')).not.toMatch(/require\("@hkp\//);
    }
    // auth imports @hkp/util-env: proof that the alias became a path node can follow.
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        "const a = require('./dist/libs/shared/auth/src'); const t = require('./dist/libs/shared/chinese-text/src'); console.log(typeof a.createVerifier, t.toSimplified('教育行動方案'))",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('function 教育行动方案');
  });

  it('keeps unchanged files on a second build', async () => {
    const again = await buildServices(root);
    expect(again.compiled).toBe(0);
    expect(again.total).toBe(result.total);
  });

  it('runs compiled services on plain node and TypeScript tools through the on-the-fly compiler', () => {
    expect(nodeArgs(compiledEntry('education'))).toEqual(['dist/apps/education/src/main.js']);
    expect(nodeArgs('tools/compose/src/main.ts')).toEqual(['-r', '@swc-node/register', 'tools/compose/src/main.ts']);
  });
});

describe('buildServices on a workspace of its own', () => {
  let dir: string;
  const write = (file: string, content: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), content);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hkp-build-'));
    write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@demo/lib': ['libs/lib/src/index.ts'] } } }));
    write('libs/lib/src/index.ts', 'export const greeting = (name: string): string => `hello ${name}`;\n');
    write('apps/app/src/main.ts', "import { greeting } from '@demo/lib';\nconsole.log(greeting('federation'));\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = () => execFileSync(process.execPath, [join(dir, 'dist/apps/app/src/main.js')], { encoding: 'utf8' }).trim();

  it('recompiles a file whose content changed even when its time is older than the last build', async () => {
    expect((await buildServices(dir)).compiled).toBe(2);
    expect(run()).toBe('hello federation');
    write('libs/lib/src/index.ts', 'export const greeting = (name: string): string => `你好 ${name}`;\n');
    const past = new Date(Date.now() - 86_400_000);
    utimesSync(join(dir, 'libs/lib/src/index.ts'), past, past);
    expect((await buildServices(dir)).compiled).toBe(1);
    expect(run()).toBe('你好 federation');
  });

  it('removes the compiled file of a deleted source', async () => {
    write('libs/lib/src/old.ts', 'export const old = 1;\n');
    await buildServices(dir);
    rmSync(join(dir, 'libs/lib/src/old.ts'));
    expect((await buildServices(dir)).removed).toBe(1);
    expect(() => readFileSync(join(dir, 'dist/libs/lib/src/old.js'))).toThrow();
  });
});
