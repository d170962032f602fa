import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '@hkp/util-env';
import { exportUsage } from './export-usage';

const USAGE = `Usage: npm run usage:export -- --gateway <url> [--out <file>] [--restart] [--token <token>]

Writes the gateway's usage counts (operations by client, with the schema fields they select) as a
dated report for npm run schema:check, by default schema/usage/<date>.usage.json. The token needs
the admin scope (--token, else USAGE_EXPORT_TOKEN; npm run token -- --scope admin makes one for
development). --restart starts the gateway's counts again, so the next report continues from this
one. Export every gateway replica to a file of its own.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string' },
      out: { type: 'string' },
      token: { type: 'string' },
      restart: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const token = values.token ?? process.env['USAGE_EXPORT_TOKEN'];
  if (!values.gateway || !token) {
    console.error(`${!values.gateway ? '--gateway is required.' : 'A token is required (--token or USAGE_EXPORT_TOKEN).'}\n\n${USAGE}`);
    process.exit(2);
  }
  const out = values.out ?? join(workspaceRoot(), 'schema', 'usage', `${new Date().toISOString().slice(0, 10)}.usage.json`);
  const report = await exportUsage({ gateway: values.gateway, token, out, restart: values.restart });
  const executions = report.operations.reduce((sum, o) => sum + o.count, 0);
  const clients = new Set(report.operations.map((o) => o.client)).size;
  console.log(
    `${out}: ${report.operations.length} operations of ${clients} clients, ${executions} executions from ${report.from} to ${report.to}${report.dropped ? ` (${report.dropped} not counted: the gateway's table was full)` : ''}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
