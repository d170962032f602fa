import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { workspaceRoot } from '@hkp/util-env';

// schema/public.graphql is the one file portal and partner code generators use. Generated as a
// portal team would (GraphQL Code Generator's client preset), the types must compile under
// --strict, with the date-time scalar a string rather than unknown.
const root = workspaceRoot();
let dir: string;

const OPERATIONS = `import { graphql } from '../gql';

export const CountyPage = graphql(\`
  query CountyPage($code: ID!) {
    region(code: $code) {
      name
      level
      parent { name }
      measures(first: 20) {
        totalCount
        nodes {
          id
          title
          department
          updatedAt
          targets { indicator value unit year comparator }
          source { label publisher excerpt }
          ... on EducationMeasure { stages }
        }
      }
    }
  }
\`);

export const Search = graphql(\`
  query Search($q: String!) {
    measures(filter: { q: $q }, first: 10) {
      pageInfo { hasNextPage endCursor }
      nodes { id title level }
    }
  }
\`);
`;

const USE = `import type { ResultOf } from '@graphql-typed-document-node/core';
import { CountyPage } from './operations';

type County = ResultOf<typeof CountyPage>;
export function lastChange(data: County): string | undefined {
  // updatedAt is DateTimeISO: a string, so string methods type-check under --strict.
  return data.region?.measures?.nodes.map((m) => m.updatedAt.slice(0, 10)).sort().pop();
}
`;

beforeAll(() => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'client-codegen-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'operations.ts'), OPERATIONS);
  writeFileSync(join(dir, 'src', 'use.ts'), USE);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('generates types from schema/public.graphql that compile under --strict, DateTimeISO as string', () => {
  // The command line, as a portal team runs it (its ES modules do not load inside Jest).
  const config = {
    schema: join(root, 'schema', 'public.graphql'),
    documents: [join(dir, 'src', '*.ts')],
    generates: { [join(dir, 'gql') + '/']: { preset: 'client', config: { scalars: { DateTimeISO: 'string' }, useTypeImports: true } } },
    silent: true,
  };
  writeFileSync(join(dir, 'codegen.json'), JSON.stringify(config));
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', join(dir, 'codegen.json')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(run.stderr + run.stdout).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  const generated = readFileSync(join(dir, 'gql', 'graphql.ts'), 'utf8');
  expect(generated).toContain('export type CountyPageQuery');
  expect(generated).toMatch(/updatedAt: string/);

  const files = ['src/operations.ts', 'src/use.ts', 'gql/index.ts', 'gql/graphql.ts', 'gql/gql.ts', 'gql/fragment-masking.ts'].map((f) =>
    join(dir, f),
  );
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    skipLibCheck: true,
    types: [],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName.slice(dir.length + 1)}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
}, 60_000);
