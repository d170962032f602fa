import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity of the department's change feed: one feed id, made once with the outbox and
 * served with every feed page. A schema that is dropped and recreated gets a new one (its outbox
 * seq restarts at 1), which tells the catalog that its saved position means nothing any more.
 */
export class CreateMeasureFeed1764000100002 implements MigrationInterface {
  name = 'CreateMeasureFeed1764000100002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE measure_feed (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        feed_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO measure_feed (feed_id) VALUES ($1)`, [randomUUID()]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE measure_feed`);
  }
}
