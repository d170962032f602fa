import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region version: one row that changes whenever the regions do, so that a cache of region data
 * (the gateway's entity cache) can tell its entries are still current. A statement trigger on
 * `regions` bumps it in the same transaction as any insert, update, delete or truncate: the seed
 * load, a reload, a rebuild of the derived keys (npm run reindex), a later migration or a hand edit
 * alike, and only a committed change is ever seen with its new version. (The trigger is dropped
 * again by 1764000000004: the code that changes the regions bumps the version itself.)
 */
export class AddRegionVersion1764000000003 implements MigrationInterface {
  name = 'AddRegionVersion1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `token` is new with every change, so a version is never reused, not even by a database
    // created again from scratch (whose counter starts over): a cache shared through Redis
    // cannot mistake another database's entries for current ones.
    await queryRunner.query(`
      CREATE TABLE region_version (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        counter bigint NOT NULL,
        token uuid NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO region_version (counter, token, changed_at) VALUES (1, gen_random_uuid(), now())`);
    // The table's own schema, not the caller's search_path: an edit from a session with another
    // search_path still bumps the version beside the regions it changed.
    await queryRunner.query(`
      CREATE FUNCTION bump_region_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('UPDATE %I.region_version SET counter = counter + 1, token = gen_random_uuid(), changed_at = now()', TG_TABLE_SCHEMA);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER regions_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
        FOR EACH STATEMENT EXECUTE FUNCTION bump_region_version()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER regions_bump_version ON regions`);
    await queryRunner.query(`DROP FUNCTION bump_region_version()`);
    await queryRunner.query(`DROP TABLE region_version`);
  }
}
