import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The measure tables every department owns, in its own schema (search_path points there). */
export class CreateMeasureTables1764000100000 implements MigrationInterface {
  name = 'CreateMeasureTables1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE measures (
        id text PRIMARY KEY,
        version int NOT NULL CHECK (version > 0),
        department text NOT NULL,
        responsible_body text NOT NULL,
        category text NOT NULL,
        level text NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY')),
        issuer text NOT NULL,
        title text NOT NULL,
        original_title text NOT NULL,
        points jsonb NOT NULL,
        points_normalised jsonb NOT NULL,
        period_start int,
        period_end int,
        published_on text,
        region_codes text[] NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        source jsonb NOT NULL,
        content_hash text NOT NULL,
        archived_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX measures_region_codes_idx ON measures USING gin (region_codes)`);
    await queryRunner.query(`
      CREATE TABLE targets (
        id text PRIMARY KEY,
        measure_id text NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
        position int NOT NULL,
        indicator text NOT NULL,
        value double precision NOT NULL,
        unit text NOT NULL,
        year int,
        comparator text NOT NULL CHECK (comparator IN ('AT_LEAST', 'AT_MOST', 'EXACTLY', 'ABOUT')),
        baseline_value double precision,
        baseline_year int,
        region_code text,
        excerpt text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX targets_measure_id_idx ON targets (measure_id, position)`);
    await queryRunner.query(`
      CREATE TABLE measure_events (
        seq bigint PRIMARY KEY,
        measure_id text NOT NULL,
        version int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('UPSERT', 'ARCHIVE')),
        snapshot jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE measure_events`);
    await queryRunner.query(`DROP TABLE targets`);
    await queryRunner.query(`DROP TABLE measures`);
  }
}
