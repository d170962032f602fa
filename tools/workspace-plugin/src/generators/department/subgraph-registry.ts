import { names } from '@nx/devkit';

/** Where the registry of every department's subgraph module lives: generated from the manifest. */
export const SUBGRAPH_REGISTRY_PATH = 'libs/subgraphs/src/index.ts';

/**
 * libs/subgraphs/src/index.ts for these departments (the manifest's order): it imports each
 * department's lib, which only code can do, so the department generator writes it whole from the
 * manifest and a spec checks the committed file against it.
 */
export function renderSubgraphRegistry(departments: readonly { name: string }[]): string {
  const exportOf = (name: string) => `${names(name).propertyName}Subgraph`;
  const keyOf = (name: string) => (/^[a-z][a-zA-Z0-9]*$/.test(name) ? name : `'${name}'`);
  const imports = [...departments]
    .sort((a, b) => exportOf(a.name).localeCompare(exportOf(b.name)))
    .map((d) => `import { ${exportOf(d.name)} } from '@hkp/${d.name}';`);
  return `// Generated from the department manifest (libs/shared/departments) by the department generator
// (npm run department:new); tools/workspace-plugin checks it. Do not edit by hand.
import { SUBGRAPH_START_ORDER, type DepartmentName } from '@hkp/departments';
import type { SubgraphModule } from '@hkp/subgraph-kit';
${imports.join('\n')}

/** Each department's subgraph; a department of the manifest missing here does not compile. */
export const SUBGRAPH_BY_DEPARTMENT: Readonly<Record<DepartmentName, SubgraphModule>> = {
${departments.map((d) => `  ${keyOf(d.name)}: ${exportOf(d.name)},`).join('\n')}
};

/** Every subgraph of the federation in start order: civil-affairs (it owns Region, which all others extend) first. */
export const ALL_SUBGRAPHS: SubgraphModule[] = SUBGRAPH_START_ORDER.map((name) => SUBGRAPH_BY_DEPARTMENT[name]);
`;
}
