// The department manifest against the workspace: a department is in every place a department must
// be, and nothing is a department that the manifest does not list. Leaving one place out fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode, type StringValueNode } from 'graphql';
import { DEPARTMENTS, envPrefixOf } from '@hkp/departments';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';

const root = workspaceRoot();
const read = (...parts: string[]) => readFileSync(join(root, ...parts), 'utf8');
const tagsOf = (folder: string): string[] => (JSON.parse(read(folder, 'project.json')) as { tags?: string[] }).tags ?? [];
const folders = (top: string) =>
  readdirSync(join(root, top), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

/** Apps and libs that are not a department. */
const NOT_DEPARTMENTS = { apps: ['gateway', 'gateway-e2e', 'portal'], libs: ['gateway', 'shared', 'subgraphs'] };

const paths = (JSON.parse(read('tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;

const supergraph = parse(read('supergraph.graphql'));
const enumValues = (name: string) =>
  supergraph.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name)?.values ??
  [];
/** join__Graph: enum value → the subgraph name and URL it was composed with. */
const joinGraphs = new Map(
  enumValues('join__Graph').map((value) => {
    const args = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments ?? [];
    const arg = (name: string) => (args.find((a) => a.name.value === name)?.value as StringValueNode | undefined)?.value;
    return [value.name.value, { name: arg('name'), url: arg('url') }] as const;
  }),
);
const departmentEnum = enumValues('Department').map((v) => v.name.value);
const objectTypes = new Set(supergraph.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION ? [d.name.value] : [])));

const compose = read('docker', 'compose.yaml');
/** The keys under `services:`, up to the next top-level key. */
const servicesBlock = /^services:\n([\s\S]*?)(?=^\S)/m.exec(compose)?.[1] ?? '';
const composeServices = [...servicesBlock.matchAll(/^ {2}([a-z][a-z-]*):$/gm)].map((m) => m[1]!);

const names = DEPARTMENTS.map((d) => d.name);

describe.each(DEPARTMENTS.map((d) => [d.name, d] as const))('department %s', (name, department) => {
  it('has its app and its lib, both tagged with its scope, and an import path', () => {
    for (const folder of [`apps/${name}`, `libs/${name}`]) {
      expect(existsSync(join(root, folder, 'project.json'))).toBe(true);
      expect(tagsOf(folder)).toContain(`scope:${name}`);
    }
    expect(paths[`@hkp/${name}`]).toEqual([`libs/${name}/src/index.ts`]);
  });

  it("is one of the federation's subgraphs, on its port and schema", () => {
    const module = ALL_SUBGRAPHS.find((m) => m.name === name);
    expect(module).toBeDefined();
    expect({ port: module?.defaultPort, schema: module?.databaseSchema }).toEqual({
      port: department.port,
      schema: department.databaseSchema,
    });
  });

  it('is in the composed supergraph: a join__Graph, a Department value and its measure type', () => {
    expect(joinGraphs.get(department.code)).toEqual({ name, url: `http://127.0.0.1:${department.port}/graphql` });
    expect(departmentEnum).toContain(department.code);
    expect(objectTypes).toContain(department.typeName);
  });

  it('runs in docker/compose.yaml, where the other services find it', () => {
    expect(composeServices).toContain(name);
    expect(compose).toContain(`${envPrefixOf(name)}_URL: http://${name}:${department.port}/graphql`);
  });
});

describe('the manifest lists every department', () => {
  it('of the apps and libs folders', () => {
    expect(
      folders('apps')
        .filter((f) => !NOT_DEPARTMENTS.apps.includes(f))
        .sort(),
    ).toEqual([...names].sort());
    expect(
      folders('libs')
        .filter((f) => !NOT_DEPARTMENTS.libs.includes(f))
        .sort(),
    ).toEqual([...names].sort());
  });

  it('of the subgraphs, in the supergraph and in docker/compose.yaml', () => {
    expect(ALL_SUBGRAPHS.map((m) => m.name).sort()).toEqual([...names].sort());
    expect([...joinGraphs.values()].map((g) => g.name).sort()).toEqual([...names].sort());
    expect(departmentEnum).toEqual(DEPARTMENTS.map((d) => d.code));
    expect(composeServices.filter((s) => s !== 'postgres' && s !== 'gateway').sort()).toEqual([...names].sort());
  });
});
