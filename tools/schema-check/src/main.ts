import { workspaceRoot } from '@hkp/util-env';
import { checkSchemas } from './check';
import { releaseSchemas } from './release';
import { formatReport } from './report';

/**
 * `npm run schema:check`: compares the committed schemas with the released ones and fails on a
 * breaking change that known operations use unless it is approved. `npm run schema:release`: fixes
 * the current schemas as released, with a changelog entry (docs/schema-changes.md).
 */
async function main(): Promise<void> {
  const command = process.argv[2];
  const root = workspaceRoot();
  if (command === 'check') {
    const report = await checkSchemas(root);
    console.log(formatReport(report));
    process.exit(report.failed ? 1 : 0);
  }
  if (command === 'release') {
    const report = await releaseSchemas(root);
    console.log(formatReport(report));
    if (report.failed) {
      console.error('Nothing was released.');
      process.exit(1);
    }
    console.log('Released: schema/released/ and schema/CHANGELOG.md are written; commit them with the change.');
    return;
  }
  console.error('Usage: schema-check check | release');
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
