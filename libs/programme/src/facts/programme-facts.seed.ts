import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { checksumOf, loadSeedOnce } from '@hkp/persistence';
import { workspaceRoot } from '@hkp/util-env';

const KINDS = {
  articles: 'article',
  milestones: 'milestone',
  keyFigures: 'keyFigure',
  meetings: 'meeting',
  inspectionRounds: 'inspectionRound',
  assistancePairings: 'assistancePairing',
} as const;

export const PROGRAMME_DATASET_PATH = join(workspaceRoot(), 'data', 'generated', 'programme.json');

/** Loads data/generated/programme.json; facts that left the file are removed with it. */
export async function loadProgrammeFacts(dataSource: DataSource, logger: Logger): Promise<void> {
  const content = readFileSync(PROGRAMME_DATASET_PATH, 'utf8');
  const data = JSON.parse(content) as Record<keyof typeof KINDS, ({ id: string } & Record<string, unknown>)[]>;
  const rows = Object.entries(KINDS).flatMap(([key, kind]) =>
    (data[key as keyof typeof KINDS] ?? []).map((fact, position) => ({ id: fact.id, kind, position, data: JSON.stringify(fact) })),
  );
  const loaded = await loadSeedOnce(dataSource, 'programme-facts', checksumOf(content), async (manager) => {
    await manager.query(`DELETE FROM programme_facts WHERE NOT (id = ANY($1::text[]))`, [rows.map((r) => r.id)]);
    for (const row of rows) {
      await manager.query(
        `INSERT INTO programme_facts (id, kind, position, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, position = EXCLUDED.position, data = EXCLUDED.data`,
        [row.id, row.kind, row.position, row.data],
      );
    }
  });
  if (loaded) logger.info({ facts: rows.length }, 'loaded programme facts');
}
