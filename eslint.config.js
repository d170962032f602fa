// Lint for the whole workspace (`npx eslint .`, or per project via `nx run-many -t lint`).
// typescript-eslint's recommended rules without type information keep a full run fast; the
// module-boundary rule keeps departments from importing each other (they meet only in the
// gateway, through federation).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin/nx');

// The boundary rule reads Nx's cached project graph and silently skips itself when there is none
// (a fresh clone): compute it first, so `eslint .` enforces boundaries everywhere it runs.
const projectGraph = path.join(__dirname, '.nx', 'workspace-data', 'project-graph.json');
if (!fs.existsSync(projectGraph)) {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
    cwd: __dirname,
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

// The departments' scopes come from their manifest. It is TypeScript without imports, so compiling
// it in memory is enough to read it here (this file is plain CommonJS, loaded without a TS loader).
function departmentManifest() {
  const file = path.join(__dirname, 'libs', 'shared', 'departments', 'src', 'departments.ts');
  const { code } = require('@swc/core').transformSync(fs.readFileSync(file, 'utf8'), {
    filename: file,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const loaded = { exports: {} };
  new Function('module', 'exports', code)(loaded, loaded.exports);
  return loaded.exports;
}

const DEPARTMENTS = departmentManifest().DEPARTMENT_NAMES.map((name) => `scope:${name}`);

// Where the test helpers (scope:testing, libs/shared/testing) may be imported: tests, the helpers
// themselves, the end-to-end suite and the benchmark. The helpers may import anything (they start whole
// federations), so a department's source reaching them could reach another department through them.
const TEST_HELPER_USERS = ['**/*.spec.ts', '**/*.e2e.ts', 'libs/shared/testing/**/*.ts', 'apps/gateway-e2e/**/*.ts', 'tools/bench/**/*.ts'];

function moduleBoundaries({ testHelpers }) {
  const helpers = testHelpers ? ['scope:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['*'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', ...helpers] },
        ...DEPARTMENTS.map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: [scope, 'scope:shared', ...helpers] })),
        { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared', ...helpers] },
        { sourceTag: 'scope:federation', onlyDependOnLibsWithTags: [...DEPARTMENTS, 'scope:shared', ...helpers] },
        // Not notDependOnLibsWithTags: that one is transitive, and every project's tests make it depend on the helpers.
        {
          sourceTag: 'scope:tools',
          onlyDependOnLibsWithTags: testHelpers
            ? ['*']
            : [...DEPARTMENTS, 'scope:shared', 'scope:gateway', 'scope:federation', 'scope:tools'],
        },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
      ],
    },
  ];
}

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.data/**',
      '**/.nx/**',
      '**/tmp/**',
      '**/coverage/**',
      'supergraph.graphql',
      'apps/portal/src/gql/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testHelpers: false }),
      // `_name` marks an argument kept for its position (resolver signatures, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Later in the list, so it overrides the block above for these files only.
    files: TEST_HELPER_USERS,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testHelpers: true }) },
  },
  {
    // Config files and small runners are CommonJS scripts for Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
