import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Programme facts from the documents: milestones, key figures, meetings, inspections, assistance. */
export class CreateProgrammeFacts1764000300001 implements MigrationInterface {
  name = 'CreateProgrammeFacts1764000300001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE programme_facts (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('milestone', 'keyFigure', 'meeting', 'inspectionRound', 'assistancePairing')),
        position int NOT NULL,
        data jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX programme_facts_kind_idx ON programme_facts (kind, position)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE programme_facts`);
  }
}
