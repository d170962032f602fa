import type { MigrationInterface } from 'typeorm';
import { createSubgraphDataSource, initialiseAndMigrate } from '@hkp/persistence';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { SESSION_NAME } from './session';

type MigrationClass = new () => MigrationInterface;

const nameOf = (M: MigrationClass) => new M().name ?? M.name;

/** TypeORM runs migrations in the order of the timestamp that ends their names, whatever order they are listed in. */
function migrationClasses(module: SubgraphModule): MigrationClass[] {
  const list = Array.isArray(module.migrations) ? module.migrations : Object.values(module.migrations);
  const classes = list.map((m) => {
    if (typeof m !== 'function') throw new Error(`${module.name} lists its migrations by path (${String(m)}); only classes are supported.`);
    return m as MigrationClass;
  });
  const timestamp = (M: MigrationClass) => Number(nameOf(M).slice(-13));
  return classes.sort((a, b) => timestamp(a) - timestamp(b));
}

/** The migration names the code has for a subgraph, in the order TypeORM applies and records them. */
export function codeMigrations(module: SubgraphModule): string[] {
  return migrationClasses(module).map(nameOf);
}

/**
 * How a backup's migrations relate to the code's: every one of them must be the code's; the code's
 * others (newer, or older ones added to the code after the backup's schema was first migrated,
 * which TypeORM runs whatever their timestamp) are run after the load. A migration the code does
 * not have is refused: the backup's tables are not what this code's migrations build.
 */
export function compareMigrations(backup: string[], code: string[], schema: string): { pending: string[] } {
  const unknown = backup.filter((name) => !code.includes(name));
  if (unknown.length > 0 || new Set(backup).size !== backup.length) {
    throw new Error(
      `The backup of "${schema}" was taken at migrations the code does not have (${unknown.join(', ') || 'one listed twice'}). ` +
        `Restore it with the version of the code that took it (its migration list is in manifest.json), then upgrade as usual.`,
    );
  }
  return { pending: code.filter((name) => !backup.includes(name)) };
}

/**
 * Creates `schema` and runs the subgraph's migrations in it: those named in `only` (a backup's), or
 * all of them. The migrations name their tables without a schema, so they build the same tables in
 * any schema (a staging one while restoring).
 */
export async function migrateSchema(module: SubgraphModule, url: string, schema: string, only?: readonly string[]): Promise<void> {
  const { dataSource } = createSubgraphDataSource({
    url,
    schema,
    entities: [],
    migrations: migrationClasses(module).filter((M) => !only || only.includes(nameOf(M))),
    applicationName: SESSION_NAME,
    poolSize: 2, // initialiseAndMigrate holds one connection for its lock while the migrations use another
  });
  try {
    await initialiseAndMigrate(dataSource, schema, module.extensions ?? []);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
