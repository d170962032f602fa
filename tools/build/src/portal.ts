import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where the portal's static files land; any web server can serve the folder as it is. */
export const PORTAL_OUT_DIR = join('dist', 'portal');
/** The portal's persisted documents: what the gateway may run for it, and its known usage for the schema check. */
export const PORTAL_MANIFEST = join('schema', 'usage', 'portal.persisted.json');
/** Gzipped JavaScript the portal may ship (Preact, the tree-shaken ECharts parts, the pages). */
export const PORTAL_JS_BUDGET_BYTES = 220 * 1024;

const STAMP = '.build-stamp';
/** Vite's types need a module resolution newer than this workspace's (node10): the parts used, by hand. */
const VITE: string = 'vite';
interface ViteBuild {
  build(config: { configFile: string; logLevel: 'warn' }): Promise<unknown>;
}
const PORTAL_DIR = join('apps', 'portal');
/** Not inputs of the bundle: generated code (made from the inputs), tests, docs. */
const NOT_INPUT = /(^|\/)(gql|e2e|node_modules)\/|\.(spec|e2e)\.ts$|\.md$|jest\.config\.js$|project\.json$/;

export interface PortalBuild {
  /** False when the stamp showed nothing changed since the last build. */
  built: boolean;
  /** Gzipped bytes of each JavaScript file, by name. */
  scripts: Record<string, number>;
  outDir: string;
}

/** A hash of everything the bundle is made from: the portal's sources, the schema, the locked packages. */
function inputsHash(root: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(join(root, PORTAL_DIR), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((file) => !NOT_INPUT.test(relative(PORTAL_DIR, file)))
    .sort();
  for (const file of [...files, join('schema', 'public.graphql'), 'package-lock.json']) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function scriptSizes(outDir: string): Record<string, number> {
  const assets = join(outDir, 'assets');
  if (!existsSync(assets)) return {};
  return Object.fromEntries(
    readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => [name, gzipSync(readFileSync(join(assets, name))).length]),
  );
}

/**
 * Typed operations and the persisted-documents manifest from GraphQL Code Generator (client preset,
 * apps/portal/codegen.mjs), formatted as the repository's other files.
 */
export async function generatePortalOperations(root: string): Promise<{ manifest: Record<string, string> }> {
  const { generate } = await import('@graphql-codegen/cli');
  const prettier = await import('prettier');
  const config = (await import(join(root, PORTAL_DIR, 'codegen.mjs'))) as { default: Parameters<typeof generate>[0] };
  const files = (await generate({ ...config.default, cwd: root } as Parameters<typeof generate>[0], false)) as {
    filename: string;
    content: string;
  }[];
  let manifest: Record<string, string> = {};
  for (const file of files) {
    const path = join(root, relative(root, file.filename));
    if (path.endsWith('persisted-documents.json')) {
      // The client sends the bare hex digest as documentId (api.tsx): the manifest's keys are the same.
      const documents = JSON.parse(file.content) as Record<string, string>;
      manifest = Object.fromEntries(
        Object.entries(documents)
          .map(([id, query]) => [id.replace(/^sha256:/, ''), query] as const)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
      continue;
    }
    const options = (await prettier.resolveConfig(path)) ?? {};
    const content = await prettier.format(file.content, { ...options, filepath: path });
    mkdirSync(join(path, '..'), { recursive: true });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) writeFileSync(path, content);
  }
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = join(root, PORTAL_MANIFEST);
  mkdirSync(join(manifestPath, '..'), { recursive: true });
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== manifestText) writeFileSync(manifestPath, manifestText);
  return { manifest };
}

/**
 * Builds the portal into dist/portal when its inputs changed since the last build (a content hash
 * in dist/portal/.build-stamp, so a warm `npm start` costs one hash): operations generated and
 * typechecked, then Vite's production build, then the gzipped JavaScript held to its budget.
 */
export async function buildPortal(root: string, { force = false } = {}): Promise<PortalBuild> {
  const outDir = join(root, PORTAL_OUT_DIR);
  const stampPath = join(outDir, STAMP);
  const before = inputsHash(root);
  if (!force && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === before && existsSync(join(outDir, 'index.html'))) {
    return { built: false, scripts: scriptSizes(outDir), outDir };
  }
  await generatePortalOperations(root);
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, PORTAL_DIR, 'tsconfig.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`The portal does not typecheck:\n${tsc.stdout}${tsc.stderr}`);
  const { build } = (await import(VITE)) as ViteBuild;
  // Vite sets NODE_ENV=production in this process when it is unset; npm start builds here and then
  // passes its environment to the services, which would refuse the development token key.
  const nodeEnv = process.env['NODE_ENV'];
  try {
    await build({ configFile: join(root, PORTAL_DIR, 'vite.config.mjs'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  const scripts = scriptSizes(outDir);
  const total = Object.values(scripts).reduce((sum, bytes) => sum + bytes, 0);
  if (total > PORTAL_JS_BUDGET_BYTES) {
    throw new Error(
      `The portal's JavaScript is ${formatKb(total)} gzipped, over its budget of ${formatKb(PORTAL_JS_BUDGET_BYTES)} (${PORTAL_JS_BUDGET_BYTES} in tools/build/src/portal.ts).`,
    );
  }
  // Hashed before the build: a source edited during it makes the next start build again.
  writeFileSync(stampPath, before);
  return { built: true, scripts, outDir };
}

export const formatKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** One line for the build's output: the JavaScript shipped against its budget. */
export function describePortalBuild({ built, scripts, outDir }: PortalBuild, root: string): string {
  const total = Object.values(scripts).reduce((sum, bytes) => sum + bytes, 0);
  return `Portal ${built ? 'built' : 'unchanged'} in ${relative(root, outDir)}: JavaScript ${formatKb(total)} gzipped (budget ${formatKb(PORTAL_JS_BUDGET_BYTES)}).`;
}
