// `nx g @hkp/workspace-plugin:department <name> --body <body>` (npm run department:new): a new
// department in one command. It appends the entry to the department manifest, from which ports,
// scopes, the Department enum, the catalog's feeds and lint scopes derive; gives the lib its import
// path; writes the lib and the app from files/ (which mirror libs/transport and apps/transport);
// then recomposes the supergraph (and the deployment files where a generator for them exists).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFiles, generateFiles, logger, names, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { appendManifestEntry, readManifest, readStringList, type ManifestEntry } from './manifest-source';
import { renderSubgraphRegistry, SUBGRAPH_REGISTRY_PATH } from './subgraph-registry';

export interface DepartmentGeneratorOptions {
  name: string;
  body: string;
  theme?: string;
  port?: number;
  typeDescription?: string;
  /** Leave the supergraph alone (tests of the generator's file output). */
  skipCompose?: boolean;
}

export const MANIFEST_PATH = 'libs/shared/departments/src/departments.ts';
export const CATEGORIES_PATH = 'libs/shared/policy-model/src/measure-dataset.ts';
export { SUBGRAPH_REGISTRY_PATH } from './subgraph-registry';
/** The theme of a department whose code is not a theme of its own: the programme's broadest. */
export const FALLBACK_THEME = 'RURAL_REVITALISATION';
/** Ports a department may not take: the gateway's and the embedded PostgreSQL's defaults. */
const RESERVED_PORTS = new Map([
  [4000, 'the gateway (GATEWAY_PORT)'],
  [54329, 'the embedded PostgreSQL (EMBEDDED_PG_PORT)'],
]);
const NAME = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

/** A department's entry, everything derived from its name but the body, port and theme. */
export function departmentEntry(options: DepartmentGeneratorOptions, existing: ManifestEntry[], categories: string[]): ManifestEntry {
  const name = options.name?.trim() ?? '';
  if (!NAME.test(name)) {
    throw new Error(
      `The department's name must be kebab-case (lowercase words joined by "-", e.g. agriculture or natural-resources), got "${name}".`,
    );
  }
  const { className, propertyName, constantName } = names(name);
  const entry: ManifestEntry = {
    name,
    code: constantName,
    body: (options.body ?? '').trim(),
    port: options.port ?? Math.max(...existing.map((d) => d.port)) + 1,
    databaseSchema: name.replace(/-/g, '_'),
    fieldPrefix: propertyName,
    typeName: `${className}Measure`,
    ...(options.typeDescription?.trim() ? { typeDescription: options.typeDescription.trim() } : {}),
    theme: options.theme?.trim() || (categories.includes(constantName) ? constantName : FALLBACK_THEME),
    role: 'department',
  };
  if (!entry.body) throw new Error('--body is required: the body that runs the measures, as published (e.g. 广东省农业农村厅).');
  if (/[\n\r]|\*\//.test(entry.body)) throw new Error('--body must be one line of text.');
  if (!categories.includes(entry.theme as string)) {
    throw new Error(`--theme must be one of MEASURE_CATEGORIES (${CATEGORIES_PATH}): ${categories.join(', ')}; got "${entry.theme}".`);
  }
  if (!Number.isInteger(entry.port) || entry.port < 1024 || entry.port > 65535) {
    throw new Error(`--port must be a whole number from 1024 to 65535, got ${options.port}.`);
  }
  const reserved = RESERVED_PORTS.get(entry.port);
  if (reserved) throw new Error(`Port ${entry.port} is the default of ${reserved}; choose another --port.`);
  for (const key of ['name', 'code', 'port', 'databaseSchema', 'fieldPrefix', 'typeName'] as const) {
    const taken = existing.find((d) => d[key] === entry[key]);
    if (taken) {
      throw new Error(
        `The department "${taken.name}" already has ${key} ${JSON.stringify(entry[key])} (${MANIFEST_PATH}); ` +
          (key === 'port' ? 'choose another --port.' : 'choose another name.'),
      );
    }
  }
  return entry;
}

function read(tree: Tree, path: string): string {
  const source = tree.read(path, 'utf-8');
  if (source === null) throw new Error(`${path} is missing; run the generator from the workspace root of this repository.`);
  return source;
}

export async function departmentGenerator(tree: Tree, options: DepartmentGeneratorOptions): Promise<GeneratorCallback | undefined> {
  const manifestSource = read(tree, MANIFEST_PATH);
  const entry = departmentEntry(
    options,
    readManifest(manifestSource, MANIFEST_PATH),
    readStringList(read(tree, CATEGORIES_PATH), 'MEASURE_CATEGORIES', CATEGORIES_PATH),
  );
  const { name } = entry;
  for (const folder of [`libs/${name}`, `apps/${name}`]) {
    if (tree.exists(folder)) throw new Error(`${folder} already exists; a new department needs both folders free.`);
  }
  const { propertyName, className } = names(name);

  tree.write(MANIFEST_PATH, appendManifestEntry(manifestSource, entry, MANIFEST_PATH));

  const importPath = `@hkp/${name}`;
  updateJson(tree, 'tsconfig.base.json', (config: { compilerOptions: { paths: Record<string, string[]> } }) => {
    const paths = Object.entries(config.compilerOptions.paths ?? {});
    if (paths.some(([key]) => key === importPath)) throw new Error(`tsconfig.base.json already maps ${importPath}.`);
    // After the last department lib, so the departments stay together.
    const departmentFolders = new Set(readManifest(manifestSource).map((d) => `libs/${d.name}/src/index.ts`));
    const lastDepartment = paths.reduce(
      (last, [, targets], index) => (departmentFolders.has(targets[0] ?? '') ? index : last),
      paths.length - 1,
    );
    paths.splice(lastDepartment + 1, 0, [importPath, [`libs/${name}/src/index.ts`]]);
    config.compilerOptions.paths = Object.fromEntries(paths);
    return config;
  });

  // The registry of subgraph modules imports every department's lib: written whole from the manifest.
  tree.write(SUBGRAPH_REGISTRY_PATH, renderSubgraphRegistry([...readManifest(manifestSource), entry]));

  const substitutions = {
    ...entry,
    propertyName,
    className,
    tmpl: '',
  };
  generateFiles(tree, join(__dirname, 'files', 'lib'), `libs/${name}`, substitutions);
  generateFiles(tree, join(__dirname, 'files', 'app'), `apps/${name}`, substitutions);
  await formatFiles(tree);

  if (entry.theme === FALLBACK_THEME && !options.theme && entry.code !== FALLBACK_THEME) {
    logger.info(`Theme: ${FALLBACK_THEME} (no theme named ${entry.code}); pass --theme to choose another.`);
  }
  if (options.skipCompose) return undefined;
  return () => recompose(tree.root);
}

/** The generated files that derive from the manifest: the supergraph and the subgraphs' schemas, and the deployment files. */
export function recompose(root: string): void {
  const { scripts = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  for (const script of ['compose', 'deploy:generate']) {
    if (!scripts[script]) continue;
    logger.info(`npm run ${script}`);
    execFileSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  }
}

export default departmentGenerator;
