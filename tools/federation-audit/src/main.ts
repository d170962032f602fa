/**
 * Runs the public federation conformance suite (graphql-hive/federation-gateway-audit) against our
 * gateway as shipped and prints how many of its cases pass. The suite serves its own subgraphs and
 * supergraphs; its runner starts run-gateway.sh for each test suite and sends it the suite's queries.
 *
 *   npm run audit:federation -- <suite checkout>      (or FEDERATION_AUDIT_DIR=<suite checkout>)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readGatewayConfig } from '@hkp/gateway';
import { assertPortFree } from '@hkp/persistence';
import { ConfigError, getEnvOptionalStr, getEnvPort, workspaceRoot } from '@hkp/util-env';

const USAGE = 'Usage: npm run audit:federation -- <checkout of graphql-hive/federation-gateway-audit> (or FEDERATION_AUDIT_DIR=<checkout>)';

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  stderr: 'inherit' | number = 'inherit',
): number {
  return spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', stderr] }).status ?? 1;
}

/** results.txt of the suite's runner: a suite id, its marks ('.' passed, 'X' failed), the next id, … */
function readResults(file: string): { passed: number; total: number; failedSuites: string[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const end = lines.indexOf('');
  let passed = 0;
  let total = 0;
  const failedSuites: string[] = [];
  for (let i = 0; i + 1 < end; i += 2) {
    const marks = lines[i + 1]!;
    passed += marks.split('').filter((mark) => mark === '.').length;
    total += marks.length;
    if (marks.includes('X') || marks.length === 0) failedSuites.push(`${lines[i]} ${marks || '(no case ran)'}`);
  }
  return { passed, total, failedSuites };
}

async function main(): Promise<number> {
  const root = workspaceRoot();
  const suiteArg = process.argv[2] ?? getEnvOptionalStr('FEDERATION_AUDIT_DIR', process.env);
  if (!suiteArg) throw new ConfigError(USAGE);
  const suiteDir = resolve(suiteArg);
  if (!existsSync(join(suiteDir, 'src/cli.ts')))
    throw new ConfigError(`${suiteDir} is not a checkout of federation-gateway-audit (no src/cli.ts). ${USAGE}`);

  if (!existsSync(join(suiteDir, 'node_modules'))) {
    // Its dev dependencies are the other vendors' gateways: not needed to test ours.
    console.log(`Installing the suite's dependencies in ${suiteDir} (npm ci --omit=dev)…`);
    if (run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], suiteDir) !== 0)
      throw new Error('npm ci failed in the suite checkout.');
  }
  // graphql is the suite's peer dependency (listed with its dev dependencies): it gets ours.
  const suiteGraphql = join(suiteDir, 'node_modules/graphql');
  if (!existsSync(suiteGraphql)) symlinkSync(join(root, 'node_modules/graphql'), suiteGraphql, 'dir');

  const suitesPort = getEnvPort('FEDERATION_AUDIT_PORT', 4200, process.env);
  const gatewayPort = getEnvPort('FEDERATION_AUDIT_GATEWAY_PORT', 4210, process.env);
  await assertPortFree(suitesPort, 'FEDERATION_AUDIT_PORT', "the suite's subgraphs");
  // The suite's runner stops whatever listens on the gateway's port before each suite: never someone else's.
  await assertPortFree(gatewayPort, 'FEDERATION_AUDIT_GATEWAY_PORT', 'the gateway under test');

  const workDir = mkdtempSync(join(tmpdir(), 'federation-audit-'));
  const env = {
    ...process.env,
    GATEWAY_PORT: String(gatewayPort),
    HOST: '127.0.0.1',
    FEDERATION_AUDIT_SUITES_URL: `http://localhost:${suitesPort}`,
    FEDERATION_AUDIT_WORK_DIR: workDir,
    // Milliseconds the suite waits for a gateway to come up (5000 by default); ours compiles on the fly.
    GATEWAY_TIMEOUT: '60000',
  };
  const { responseCache, limits } = readGatewayConfig(env);
  console.log(
    `Gateway as configured: response cache TTL ${responseCache.ttlMs} ms, limits ${limits.enabled ? 'on' : 'off'}. Logs and results: ${workDir}`,
  );

  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const status = run(
    process.execPath,
    [
      `--import=${pathToFileURL(join(root, 'tools/federation-audit/suite-loader.mjs')).href}`,
      'src/cli.ts',
      'test',
      '--cwd',
      workDir,
      '--run-script',
      join(root, 'tools/federation-audit/run-gateway.sh'),
      '--graphql',
      `${gatewayUrl}/graphql`,
      '--healthcheck',
      `${gatewayUrl}/healthcheck`,
      '--port',
      String(suitesPort),
    ],
    suiteDir,
    env,
    // Its runner's stderr is mostly `kill` usage (it frees the gateway's port with an empty pid list).
    openSync(join(workDir, 'runner-stderr.log'), 'w'),
  );
  const resultsFile = join(workDir, 'results.txt');
  if (status !== 0 || !existsSync(resultsFile))
    throw new Error(`The suite's runner failed (exit ${status}); see ${workDir} (runner-stderr.log, logs/).`);

  const { passed, total, failedSuites } = readResults(resultsFile);
  for (const line of failedSuites) console.log(`failed: ${line}`);
  console.log(`Federation conformance: ${passed}/${total} cases passed`);
  return passed === total && total > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error)));
    process.exit(1);
  },
);
