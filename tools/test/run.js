// `npm test`: the generated files are current, the code typechecks, and every Jest project passes.
// Runs every step even after a failure, so one run shows everything that is wrong, then prints
// one plain line "N passed, N failed" (CI logs are read from the bottom). Extra arguments go to
// Jest: `npm test -- libs/civil-affairs`. Plain CommonJS, no dependencies: it must run before
// anything else is known to work.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const node = process.execPath;
const ts = (entry, ...args) => ({
  display: `node -r @swc-node/register ${entry} ${args.join(' ')}`,
  args: ['-r', '@swc-node/register', entry, ...args],
});
// Binaries resolved from node_modules directly: what `npx` would run, without its start-up cost.
const bin = (request) => require.resolve(request, { paths: [root] });

const checks = [
  { title: 'Supergraph is up to date', ...ts('tools/compose/src/main.ts', '--check') },
  { title: 'Region data is up to date', ...ts('tools/import-regions/src/main.ts', '--check') },
  // docker/compose.yaml, the Dockerfile's ports and deploy/k8s follow the department manifest.
  { title: 'Deployment files are up to date', ...ts('tools/deploy/src/main.ts', '--check') },
  // Breaking changes against the released schemas, weighed against the operations clients send.
  { title: 'Schema changes are safe for clients', ...ts('tools/schema-check/src/main.ts', 'check') },
];
if (fs.existsSync(path.join(root, 'tools/import-seeds/src/main.ts'))) {
  checks.push({ title: 'Seed data is valid', ...ts('tools/import-seeds/src/main.ts', '--check') });
}
// One formatter settles style (config in .prettierrc.json; `npm run format` applies it).
checks.push({
  title: 'Formatting',
  display: 'prettier --check .',
  args: [bin('prettier/bin/prettier.cjs'), '--check', '--log-level=warn', '.'],
});
checks.push({
  title: 'Typecheck',
  display: 'tsc -p tsconfig.json --noEmit',
  args: [bin('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
});
// Lint carries the module boundaries: no department imports another department's code. The rule
// reads Nx's project graph, so compute it fresh first (a project added since the last run counts).
checks.push({ title: 'Project graph', display: 'nx show projects', args: [bin('nx/bin/nx.js'), 'show', 'projects'] });
// CI also keeps the benchmark harness from rotting (quick mode, under a minute): a step of its own
// here, so its failure is counted in the closing line instead of hiding the tests' results.
const benchQuick = process.env.HKP_BENCH_QUICK === '1';
checks.push({
  title: 'Lint and module boundaries',
  display: 'eslint .',
  args: [path.join(path.dirname(bin('eslint/package.json')), 'bin', 'eslint.js'), '.'],
});

if (benchQuick) checks.push({ title: 'Benchmark harness (quick)', ...ts('tools/bench/src/main.ts', '--quick') });

const total = checks.length + 1;
let step = 0;

function heading(title, display) {
  step += 1;
  console.log(`\n=== [${step}/${total}] ${title}: ${display}`);
}

function run(args) {
  const started = Date.now();
  const result = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) console.error(result.error.message);
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

const failedSteps = [];
for (const { title, display, args } of checks) {
  heading(title, display);
  const { ok, seconds } = run(args);
  console.log(`--- ${title}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)`);
  if (!ok) failedSteps.push(title);
}

// Jest writes its usual report live to the terminal and the machine-readable one to a file.
const outputFile = path.join(os.tmpdir(), `hkp-jest-${process.pid}-${Date.now()}.json`);
const jestArgs = ['--ci', '--json', `--outputFile=${outputFile}`, ...process.argv.slice(2)];
heading('Tests', `jest ${jestArgs.join(' ')}`);
// The gateway loads its query planner with a dynamic import(), which Jest's module sandbox
// allows only under --experimental-vm-modules.
const jest = run(['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', bin('jest/bin/jest'), ...jestArgs]);

let passed = 0;
let failed = failedSteps.length;
try {
  const report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
  passed = report.numPassedTests;
  // A suite that cannot even load has no failed tests of its own; count it once.
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  fs.rmSync(outputFile, { force: true });
} catch {
  console.error('Jest wrote no results (see its output above).');
  failed += 1;
}
if (!jest.ok && failed === failedSteps.length) failed += 1; // e.g. no tests matched, or a coverage threshold
console.log(`--- Jest: ${jest.ok ? 'ok' : 'FAILED'} (${jest.seconds} s)`);

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
