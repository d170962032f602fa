// The generator on an in-memory copy of the files it reads and edits: what it derives from a name,
// what it refuses, and where its edits land. department.e2e.ts proves the result runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger, type Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { DEPARTMENTS } from '@hkp/departments';
import { MEASURE_CATEGORIES } from '@hkp/policy-model/dataset';
import { workspaceRoot } from '@hkp/util-env';
import { departmentEntry, departmentGenerator, MANIFEST_PATH, SUBGRAPH_REGISTRY_PATH } from './generator';
import { readManifest } from './manifest-source';
import { renderSubgraphRegistry } from './subgraph-registry';

const root = workspaceRoot();
const real = (path: string) => readFileSync(join(root, path), 'utf8');

/** The workspace as it is on disk, with the generator's changes kept in memory (never written). */
const workspaceTree = (): Tree => new FsTree(root, false);

const manifest = () => readManifest(real(MANIFEST_PATH));
const categories = [...MEASURE_CATEGORIES];

describe('the manifest as the generator reads it', () => {
  it('is the manifest the code compiles', () => {
    expect(manifest()).toEqual(DEPARTMENTS);
  });
});

describe('departmentEntry', () => {
  it('derives the code, schema, field prefix and type name from a kebab-case name, and takes the next port', () => {
    expect(departmentEntry({ name: 'natural-resources', body: '省自然资源厅' }, manifest(), categories)).toEqual({
      name: 'natural-resources',
      code: 'NATURAL_RESOURCES',
      body: '省自然资源厅',
      port: Math.max(...DEPARTMENTS.map((d) => d.port)) + 1,
      databaseSchema: 'natural_resources',
      fieldPrefix: 'naturalResources',
      typeName: 'NaturalResourcesMeasure',
      theme: 'RURAL_REVITALISATION',
      role: 'department',
    });
  });

  it('takes the theme named like the department when there is one, else the one given', () => {
    expect(departmentEntry({ name: 'tax', body: '国家税务总局广东省税务局' }, manifest(), categories).theme).toBe('TAX');
    expect(departmentEntry({ name: 'agriculture', body: '省农业农村厅', theme: 'INDUSTRY' }, manifest(), categories).theme).toBe(
      'INDUSTRY',
    );
  });

  it.each([
    [{ name: 'Agri_culture', body: '省农业农村厅' }, /must be kebab-case.*"Agri_culture"/],
    [{ name: 'agriculture', body: ' ' }, /--body is required/],
    [
      { name: 'agriculture', body: '省农业农村厅', theme: 'FARMING' },
      /--theme must be one of MEASURE_CATEGORIES .*RURAL_REVITALISATION.*got "FARMING"/,
    ],
    [{ name: 'agriculture', body: '省农业农村厅', port: 4000 }, /Port 4000 is the default of the gateway/],
    [{ name: 'agriculture', body: '省农业农村厅', port: 80 }, /--port must be a whole number from 1024 to 65535/],
    [{ name: 'agriculture', body: '省农业农村厅', port: 4004 }, /"transport" already has port 4004.*choose another --port/],
    [{ name: 'transport', body: '省交通运输厅' }, /"transport" already has name "transport".*choose another name/],
  ])('refuses %j', (options, message) => {
    expect(() => departmentEntry(options, manifest(), categories)).toThrow(message);
  });
});

describe('departmentGenerator', () => {
  it('appends the entry to the manifest, maps the import path, registers the subgraph and writes the lib and app', async () => {
    const tree = workspaceTree();
    const before = tree.read(MANIFEST_PATH, 'utf-8')!;
    const said = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    expect(await departmentGenerator(tree, { name: 'natural-resources', body: '省自然资源厅', skipCompose: true })).toBeUndefined();

    expect(said).toHaveBeenCalledWith('Theme: RURAL_REVITALISATION (no theme named NATURAL_RESOURCES); pass --theme to choose another.');
    const after = tree.read(MANIFEST_PATH, 'utf-8')!;
    expect(readManifest(after).map((d) => d.name)).toEqual([...DEPARTMENTS.map((d) => d.name), 'natural-resources']);
    // Everything before the new entry is as it was.
    const end = before.indexOf('] as const satisfies');
    expect(after.slice(0, end)).toBe(before.slice(0, end));

    const paths = Object.entries(JSON.parse(tree.read('tsconfig.base.json', 'utf-8')!).compilerOptions.paths as Record<string, string[]>);
    const at = paths.findIndex(([key]) => key === '@hkp/natural-resources');
    expect(paths[at]).toEqual(['@hkp/natural-resources', ['libs/natural-resources/src/index.ts']]);
    // Next to the other departments' libs.
    expect(DEPARTMENTS.map((d) => `@hkp/${d.name}`)).toContain(paths[at - 1]![0]);

    const registry = tree.read(SUBGRAPH_REGISTRY_PATH, 'utf-8')!;
    expect(registry).toContain("import { naturalResourcesSubgraph } from '@hkp/natural-resources';");
    expect(registry).toContain("  'natural-resources': naturalResourcesSubgraph,\n};");

    expect(tree.children('libs/natural-resources/src').sort()).toEqual([
      'index.ts',
      'natural-resources-measure.fields.ts',
      'natural-resources-measure.resolver.ts',
      'natural-resources.subgraph.ts',
    ]);
    const lib = (file: string) => tree.read(`libs/natural-resources/src/${file}`, 'utf-8')!;
    expect(lib('natural-resources-measure.fields.ts')).toContain(
      "export const naturalResourcesFields = defineMeasureFields('natural-resources', {",
    );
    expect(lib('natural-resources-measure.resolver.ts')).toContain('  createNaturalResourcesMeasure(\n');
    expect(lib('natural-resources.subgraph.ts')).toContain(
      'referenceResolvers: { NaturalResourcesMeasure: naturalResourcesMeasureReference },',
    );
    expect(JSON.parse(tree.read('apps/natural-resources/project.json', 'utf-8')!).tags).toEqual(['scope:natural-resources', 'type:app']);
    expect(tree.read('apps/natural-resources/src/main.ts', 'utf-8')).toContain('void runSubgraph(naturalResourcesSubgraph);');
  });

  it('refuses a department whose folder exists, before it writes anything', async () => {
    const tree = workspaceTree();
    tree.write('apps/agriculture/README.md', 'someone else’s');
    await expect(departmentGenerator(tree, { name: 'agriculture', body: '省农业农村厅' })).rejects.toThrow(
      'apps/agriculture already exists; a new department needs both folders free.',
    );
    expect(tree.read(MANIFEST_PATH, 'utf-8')).toBe(real(MANIFEST_PATH));
  });
});

describe('the templates', () => {
  // libs/transport is the department the templates copy: rendered for it, the resolver template must
  // give its resolver file, so a change to how departments are written cannot leave the generator behind.
  it('render libs/transport/src/transport-measure.resolver.ts for transport', async () => {
    const tree = new FsTree(root, false);
    const { generateFiles, formatFiles } = await import('@nx/devkit');
    const transport = DEPARTMENTS.find((d) => d.name === 'transport')!;
    generateFiles(tree, join(__dirname, 'files', 'lib'), 'tmp/template-check/transport', {
      ...transport,
      propertyName: 'transport',
      className: 'Transport',
      tmpl: '',
    });
    await formatFiles(tree);
    const rendered = tree.read('tmp/template-check/transport/src/transport-measure.resolver.ts', 'utf-8');
    expect(rendered).toBe(readFileSync(join(root, 'libs/transport/src/transport-measure.resolver.ts'), 'utf8'));
  });
});

describe('libs/subgraphs/src/index.ts', () => {
  it('is the registry the generator writes from the manifest (else re-render it: renderSubgraphRegistry)', () => {
    expect(readFileSync(join(root, SUBGRAPH_REGISTRY_PATH), 'utf8')).toBe(renderSubgraphRegistry(DEPARTMENTS));
  });
});
