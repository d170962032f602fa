import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region version is bumped by the code that changes the regions (bumpRegionVersion, in the
 * transaction of the seed load, a reload and the derived-key rebuild), no longer by a trigger on
 * `regions`: a restore (npm run db:restore) loads `region_version` and then `regions` and checks
 * every table against the backup's checksums, which the trigger's bump during the load broke. The
 * restored version is the backup's, the one that goes with the restored regions.
 */
export class BumpRegionVersionExplicitly1764000000004 implements MigrationInterface {
  name = 'BumpRegionVersionExplicitly1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS regions_bump_version ON regions`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS bump_region_version()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
}
