import { workspaceRoot } from '@hkp/util-env';
import { parseArgs } from 'node:util';
import { checkSchemas, type CheckOptions } from './check';
import { releaseSchemas } from './release';
import { writeEventSchemas } from './event-schemas';
import { formatReport } from './report';

/**
 * `npm run schema:check`: compares the committed schemas with the released ones and fails on a
 * breaking change that known operations use unless it is approved. `npm run schema:release`: fixes
 * the current schemas as released, with a changelog entry (docs/schema-changes.md). Both cover the
 * events between services too (schema/events/, written from the code by --write-events).
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      // More folders of usage reports than schema/usage (e.g. the exports of every gateway replica).
      usage: { type: 'string', multiple: true },
      'deprecation-days': { type: 'string' },
      // Writes schema/events/*.json from the code that defines the events, then checks.
      'write-events': { type: 'boolean' },
    },
  });
  const command = positionals[0];
  const root = workspaceRoot();
  const days = values['deprecation-days'];
  if (days !== undefined && !/^\d+$/.test(days)) throw new Error(`--deprecation-days takes a whole number of days, not "${days}".`);
  const options: CheckOptions = { usageDirs: values.usage, deprecationPeriodDays: days === undefined ? undefined : Number(days) };
  if (values['write-events']) {
    const written = writeEventSchemas(root);
    console.log(written.length > 0 ? `Wrote ${written.join(', ')}.` : 'schema/events/ is up to date.');
  }
  if (command === 'check') {
    const report = await checkSchemas(root, undefined, options);
    console.log(formatReport(report));
    process.exit(report.failed ? 1 : 0);
  }
  if (command === 'release') {
    const report = await releaseSchemas(root, undefined, undefined, options);
    console.log(formatReport(report));
    if (report.failed) {
      console.error('Nothing was released.');
      process.exit(1);
    }
    console.log('Released: schema/released/ and schema/CHANGELOG.md are written; commit them with the change.');
    return;
  }
  console.error('Usage: schema-check check | release [--usage <dir>]... [--deprecation-days <n>] [--write-events]');
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
