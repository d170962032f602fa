import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What writes through the API need besides the measure tables: observations of targets, the
 * audit log of every write, and the idempotency keys of creates. Same shape in every
 * department's schema.
 */
export class CreateWriteTables1764000100001 implements MigrationInterface {
  name = 'CreateWriteTables1764000100001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE target_observations (
        id text PRIMARY KEY,
        target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
        measure_id text NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
        value double precision NOT NULL,
        observed_on text NOT NULL CHECK (observed_on ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
        note text,
        source text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX target_observations_measure_idx ON target_observations (measure_id, target_id)`);
    await queryRunner.query(`CREATE INDEX target_observations_target_idx ON target_observations (target_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        scopes text[] NOT NULL,
        action text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'ARCHIVE', 'OBSERVE')),
        measure_id text NOT NULL,
        version int NOT NULL,
        changes jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_measure_idx ON audit_log (measure_id, id)`);
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        actor text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        measure_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE target_observations`);
  }
}
