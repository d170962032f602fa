/**
 * Our gateway for one test suite of the federation conformance suite: fetches the suite's
 * supergraph from the suite's server and serves it with `startGateway`, configured as shipped
 * (every default, plus whatever the environment sets). Started by run-gateway.sh.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGatewayConfig, startGateway } from '@hkp/gateway';

async function main(suite: string | undefined): Promise<void> {
  const suitesUrl = process.env['FEDERATION_AUDIT_SUITES_URL'];
  const workDir = process.env['FEDERATION_AUDIT_WORK_DIR'];
  if (!suite || !suitesUrl || !workDir)
    throw new Error('Usage: FEDERATION_AUDIT_SUITES_URL=… FEDERATION_AUDIT_WORK_DIR=… run-gateway.sh <suite id>');
  const response = await fetch(`${suitesUrl}/${suite}/supergraph`);
  if (!response.ok) throw new Error(`No supergraph for ${suite}: HTTP ${response.status}`);
  const supergraphPath = join(workDir, `${suite}.graphql`);
  writeFileSync(supergraphPath, await response.text());

  const gateway = await startGateway({ ...readGatewayConfig(process.env), supergraphPath });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
});
