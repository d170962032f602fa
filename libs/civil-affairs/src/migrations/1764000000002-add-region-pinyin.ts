import type { MigrationInterface, QueryRunner } from 'typeorm';
import { regionPinyinOf } from '../regions/region-name-key';

/** Search by pinyin and initials (foshan, fss), and the name in pinyin for display (Region.pinyin). */
export class AddRegionPinyin1764000000002 implements MigrationInterface {
  name = 'AddRegionPinyin1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE regions ADD COLUMN pinyin text, ADD COLUMN pinyin_key text, ADD COLUMN pinyin_initials text`);
    // Rows already loaded: pinyin comes from JavaScript (pinyin-pro and the curated overrides). The
    // region seed derives them again whenever SEARCH_KEY_VERSION changes.
    const rows = (await queryRunner.query(`SELECT code, name FROM regions`)) as { code: string; name: string }[];
    if (rows.length > 0) {
      const pinyin = rows.map((row) => regionPinyinOf(row.name));
      await queryRunner.query(
        `UPDATE regions SET pinyin = k.pinyin, pinyin_key = k.pinyin_key, pinyin_initials = k.pinyin_initials
           FROM unnest($1::varchar[], $2::text[], $3::text[], $4::text[]) AS k (code, pinyin, pinyin_key, pinyin_initials)
          WHERE regions.code = k.code`,
        [rows.map((row) => row.code), pinyin.map((p) => p.pinyin), pinyin.map((p) => p.pinyinKey), pinyin.map((p) => p.pinyinInitials)],
      );
    }
    for (const column of ['pinyin', 'pinyin_key', 'pinyin_initials']) {
      await queryRunner.query(`ALTER TABLE regions ALTER COLUMN ${column} SET NOT NULL`);
    }
    await queryRunner.query(`CREATE INDEX regions_pinyin_key_trgm_idx ON regions USING gin (pinyin_key public.gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX regions_pinyin_initials_trgm_idx ON regions USING gin (pinyin_initials public.gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX regions_pinyin_initials_trgm_idx`);
    await queryRunner.query(`DROP INDEX regions_pinyin_key_trgm_idx`);
    await queryRunner.query(`ALTER TABLE regions DROP COLUMN pinyin, DROP COLUMN pinyin_key, DROP COLUMN pinyin_initials`);
  }
}
