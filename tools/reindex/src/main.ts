// npm run reindex [-- --all]: brings the stored derived keys (catalog search keys and level ranks,
// region name keys) in every schema of the database to this version of the code.
import { parseArgs } from 'node:util';
import { resolveDatabase } from '@hkp/persistence';
import { describeReport, reindexDatabase } from './reindex';

const USAGE = `Usage: npm run reindex [-- --all]

Rebuilds the stored derived keys that an older version of the code made, in every schema of the
database: the catalog's search keys and level ranks, the regions' name keys. Prints the counts.
  --all   rebuild every key, whatever version it records
The database is DATABASE_URL when set, else the embedded PostgreSQL of npm start (.data/postgres).`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { all: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const database = await resolveDatabase();
  try {
    const report = await reindexDatabase(database.url, { all: values.all });
    for (const line of describeReport(report)) console.log(line);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Reindex failed: ${(error as Error).message}`);
  process.exit(1);
});
