import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each catalog row records the versions of the code that derived its stored keys: search_title and
 * search_text (SEARCH_KEY_VERSION) and level_rank (LEVEL_RANK_VERSION). Rows stored before this,
 * and rows a writer that does not name the columns stores, get 0: older than any version, so the
 * next start rebuilds them (see catalog-key-rebuild.ts).
 */
export class AddCatalogKeyVersions1764000300003 implements MigrationInterface {
  name = 'AddCatalogKeyVersions1764000300003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE catalog_measures ADD COLUMN search_keys_version int NOT NULL DEFAULT 0,
                                   ADD COLUMN level_rank_version int NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE catalog_measures DROP COLUMN search_keys_version, DROP COLUMN level_rank_version`);
  }
}
