import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SubgraphModule } from '@hkp/subgraph-kit';
import { MANIFEST_FILE } from './manifest';

/** The subgraph that owns a schema, found by schema (`civil_affairs`) or subgraph name (`civil-affairs`). */
export function ownerOf(subgraphs: SubgraphModule[], name: string): SubgraphModule {
  const module = subgraphs.find((m) => m.databaseSchema === name || m.name === name);
  if (!module) throw new Error(`No department schema "${name}". Schemas: ${subgraphs.map((m) => m.databaseSchema).join(', ')}.`);
  return module;
}

/** The schema folders of a backup: the folder itself when it is one schema's, else its subfolders with a manifest. */
export function backupFolders(from: string): { schema: string; dir: string }[] {
  if (!existsSync(from)) throw new Error(`No backup at ${from}.`);
  if (existsSync(join(from, MANIFEST_FILE))) return [{ schema: from.split(/[\\/]/).filter(Boolean).pop()!, dir: from }];
  const folders = readdirSync(from, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(from, e.name, MANIFEST_FILE)))
    .map((e) => ({ schema: e.name, dir: join(from, e.name) }));
  if (folders.length === 0) throw new Error(`${from} holds no backup (no <schema>/${MANIFEST_FILE}).`);
  return folders;
}
