import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cross-department catalog: a read model of every department's measures, kept up to date
 * from their change feeds, with the indexes the portal's filters and search need.
 */
export class CreateCatalog1764000300000 implements MigrationInterface {
  name = 'CreateCatalog1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog_measures (
        id text PRIMARY KEY,
        department text NOT NULL,
        version int NOT NULL,
        responsible_body text NOT NULL,
        category text NOT NULL,
        level text NOT NULL,
        level_rank smallint NOT NULL,
        issuer text NOT NULL,
        title text NOT NULL,
        original_title text NOT NULL,
        points jsonb NOT NULL,
        period_start int,
        period_end int,
        published_on text,
        region_codes text[] NOT NULL,
        region_scope text[] NOT NULL,
        years int[] NOT NULL,
        targets jsonb NOT NULL,
        source jsonb NOT NULL,
        search_title text NOT NULL,
        search_text text NOT NULL,
        archived boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX catalog_measures_region_scope_idx ON catalog_measures USING gin (region_scope)`);
    await queryRunner.query(`CREATE INDEX catalog_measures_years_idx ON catalog_measures USING gin (years)`);
    await queryRunner.query(
      `CREATE INDEX catalog_measures_search_text_idx ON catalog_measures USING gin (search_text public.gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX catalog_measures_listing_idx ON catalog_measures (level_rank, id) WHERE NOT archived`);
    await queryRunner.query(`CREATE INDEX catalog_measures_department_idx ON catalog_measures (department, level_rank, id)`);
    await queryRunner.query(`
      CREATE TABLE catalog_changes (
        seq bigint PRIMARY KEY,
        measure_id text NOT NULL,
        department text NOT NULL,
        version int NOT NULL,
        kind text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE catalog_feed_cursors (
        source text PRIMARY KEY,
        last_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE catalog_feed_cursors`);
    await queryRunner.query(`DROP TABLE catalog_changes`);
    await queryRunner.query(`DROP TABLE catalog_measures`);
  }
}
