import type { MigrationInterface, QueryRunner } from 'typeorm';
import { regionNameKey } from '../regions/region-name-key';

/** Name search in either script: a normalised (Simplified, NFKC, lower-case) key beside each name. */
export class AddRegionNameKey1764000000001 implements MigrationInterface {
  name = 'AddRegionNameKey1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE regions ADD COLUMN name_key text`);
    // Rows already loaded: the key comes from JavaScript (the Traditional → Simplified tables), not SQL.
    // Keys of today's normalisation; a later change to it (SEARCH_KEY_VERSION) makes the region seed rebuild them.
    const rows = (await queryRunner.query(`SELECT code, name FROM regions`)) as { code: string; name: string }[];
    if (rows.length > 0) {
      await queryRunner.query(
        `UPDATE regions SET name_key = k.name_key FROM unnest($1::varchar[], $2::text[]) AS k (code, name_key) WHERE regions.code = k.code`,
        [rows.map((row) => row.code), rows.map((row) => regionNameKey(row.name))],
      );
    }
    await queryRunner.query(`ALTER TABLE regions ALTER COLUMN name_key SET NOT NULL`);
    await queryRunner.query(`DROP INDEX regions_name_trgm_idx`);
    await queryRunner.query(`CREATE INDEX regions_name_key_trgm_idx ON regions USING gin (name_key public.gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX regions_name_key_trgm_idx`);
    await queryRunner.query(`CREATE INDEX regions_name_trgm_idx ON regions USING gin (name public.gin_trgm_ops)`);
    await queryRunner.query(`ALTER TABLE regions DROP COLUMN name_key`);
  }
}
