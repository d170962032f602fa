import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { transformFile, version as swcVersion } from '@swc/core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { swcOptions } = require('../swc-options.js') as {
  swcOptions: (o: { baseUrl?: string; paths?: Record<string, string[]>; sourceMaps?: boolean | 'inline' }) => import('@swc/core').Options;
};

/** Source folders of the running services: every app and lib, not the tools or the tests. */
const SOURCE_TOPS = ['apps', 'libs'];
const SKIPPED_FILE = /\.(spec|test|e2e|bench|memtest)\.ts$|\.d\.ts$|^jest\.config\.js$/;
/** Plain CommonJS kept as it is (e.g. the loader of an ESM-only package): copied, not compiled. */
const isCopied = (name: string) => name.endsWith('.js');
const SKIPPED_DIR = new Set(['node_modules', 'dist', 'tmp', 'gateway-e2e', 'testing']);

/** Every file below `dir` (relative paths), one recursive listing. */
const filesBelow = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
    : [];

export interface BuildResult {
  /** Files compiled this time (unchanged ones are kept). */
  compiled: number;
  /** Compiled files whose source is gone, removed. */
  removed: number;
  total: number;
  outDir: string;
}

function sourceFiles(root: string): string[] {
  const wanted = (file: string) => {
    const parts = relative(root, file).split(sep);
    const name = parts[parts.length - 1]!;
    return (
      (name.endsWith('.ts') || isCopied(name)) &&
      !SKIPPED_FILE.test(name) &&
      !parts.slice(0, -1).some((dir) => SKIPPED_DIR.has(dir) || dir.startsWith('.'))
    );
  };
  return SOURCE_TOPS.flatMap((top) => filesBelow(join(root, top)))
    .filter(wanted)
    .sort();
}

/** What a build was made from: the compiler, its options, and every source's content hash. */
interface BuildManifest {
  compiler: string;
  files: Record<string, string>;
}

const MANIFEST = '.build-manifest.json';
const sha1 = (content: string | Buffer) => createHash('sha1').update(content).digest('hex');

function readManifest(outDir: string): BuildManifest {
  try {
    return JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as BuildManifest;
  } catch {
    return { compiler: '', files: {} };
  }
}

/** Written beside and renamed over: a process starting meanwhile never reads half a file. */
function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * Compiles the services' TypeScript to `dist/` (same tree, `.js` beside a `.js.map`), with the
 * `@hkp/*` aliases of tsconfig.base.json rewritten to relative requires. Running compiled code
 * spares every process the on-the-fly compiler (about 80 MB each). A file is compiled again when
 * its content changed (by hash, so a restored older file counts too); another compiler version or
 * other options rebuild everything.
 */
export async function buildServices(root: string): Promise<BuildResult> {
  const outDir = join(root, 'dist');
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const options = swcOptions({ baseUrl: root, paths: compilerOptions.paths, sourceMaps: true });
  const compiler = `${swcVersion}:${sha1(JSON.stringify(options))}`;
  const previous = readManifest(outDir);
  const manifest: BuildManifest = { compiler, files: {} };

  const sources = sourceFiles(root);
  const expected = new Set<string>();
  let compiled = 0;
  await Promise.all(
    sources.map(async (source) => {
      const name = relative(root, source);
      const target = join(outDir, name).replace(/\.ts$/, '.js');
      expected.add(target);
      const content = readFileSync(source);
      const hash = sha1(content);
      manifest.files[name] = hash;
      if (previous.compiler === compiler && previous.files[name] === hash && existsSync(target)) return;
      mkdirSync(dirname(target), { recursive: true });
      if (isCopied(source)) {
        writeAtomically(target, content);
        compiled += 1;
        return;
      }
      const output = await transformFile(source, { ...options, filename: source, outputPath: target });
      writeAtomically(`${target}.map`, output.map ?? '');
      writeAtomically(target, `${output.code}\n//# sourceMappingURL=${target.slice(dirname(target).length + 1)}.map\n`);
      compiled += 1;
    }),
  );

  let removed = 0;
  // dist/portal is the portal's bundle (tools/build/src/portal.ts), not compiled services.
  const portalDir = join(outDir, 'portal') + sep;
  for (const file of filesBelow(outDir).filter((f) => f.endsWith('.js') && !f.startsWith(portalDir))) {
    if (!expected.has(file)) {
      rmSync(file, { force: true });
      rmSync(`${file}.map`, { force: true });
      removed += 1;
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeAtomically(join(outDir, MANIFEST), JSON.stringify(manifest));
  return { compiled, removed, total: sources.length, outDir };
}

/** Where the compiled entry of an app lands, relative to the workspace root. */
export function compiledEntry(app: string): string {
  return join('dist', 'apps', app, 'src', 'main.js');
}

/**
 * Node's arguments for an entry file: compiled JavaScript runs as it is (what `npm start`, the
 * benchmark and the Docker image run for the services); a TypeScript tool is compiled on the fly.
 */
export function nodeArgs(entry: string): string[] {
  return entry.endsWith('.ts') ? ['-r', '@swc-node/register', entry] : [entry];
}
