import 'reflect-metadata';
import { join } from 'node:path';
import { resolveDatabase } from '@hkp/persistence';
import { ALL_SUBGRAPHS } from '@hkp/subgraphs';
import { workspaceRoot } from '@hkp/util-env';
import { backUpSchemas } from './backup';
import { runDrill } from './drill';
import { parseCommand, USAGE } from './options';
import { describeRestore, restoreSchema } from './restore';
import { backupFolders, ownerOf } from './schema-owners';
import { connectSession, explainError } from './session';

const say = (message: string) => console.log(`[db] ${message}`);

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  const database = await resolveDatabase();
  // Open for the whole command: npm start waits while a session of ours is open before it stops
  // its embedded PostgreSQL, and the steps below open and close their own between schemas.
  const presence = await connectSession(database.url).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  try {
    say(
      `Database: ${new URL(database.url).host}${new URL(database.url).pathname}${database.server ? ' (embedded, started for this command)' : ''}.`,
    );
    if (command.kind === 'backup') {
      const owners = command.schemas.length > 0 ? command.schemas.map((s) => ownerOf(ALL_SUBGRAPHS, s)) : ALL_SUBGRAPHS;
      const out = command.out ?? join(workspaceRoot(), '.data', 'backups', new Date().toISOString().replace(/[:.]/g, '-'));
      await backUpSchemas({
        url: database.url,
        schemas: owners.map((m) => ({ schema: m.databaseSchema, service: m.name })),
        out,
        format: command.format,
        log: say,
      });
      say(`Backup complete: ${out}`);
    } else if (command.kind === 'restore') {
      const wanted = command.schemas.map((s) => ownerOf(ALL_SUBGRAPHS, s).databaseSchema);
      const folders = backupFolders(command.from).filter((f) => wanted.length === 0 || wanted.includes(f.schema));
      const missing = wanted.filter((s) => !folders.some((f) => f.schema === s));
      if (missing.length > 0) throw new Error(`${command.from} has no backup of ${missing.join(', ')}.`);
      for (const folder of folders) {
        const result = await restoreSchema({
          url: database.url,
          dir: folder.dir,
          module: ownerOf(ALL_SUBGRAPHS, folder.schema),
          replace: command.replace,
          log: say,
        });
        for (const line of describeRestore(result)) say(line);
      }
    } else {
      const ok = await runDrill({
        url: database.url,
        subgraphs: ALL_SUBGRAPHS,
        out: command.out,
        format: command.format,
        gateway: command.gateway,
        log: say,
      });
      process.exitCode = ok ? 0 : 1;
    }
  } finally {
    await presence.end().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[db] ${explainError(error)}`);
  process.exitCode = 1;
});
