import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegions1764000000000 implements MigrationInterface {
  name = 'CreateRegions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE regions (
        code varchar(12) PRIMARY KEY,
        parent_code varchar(12) REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
        level text NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE')),
        name text NOT NULL,
        area text CHECK (area IN ('珠三角', '粤东', '粤西', '粤北')),
        ancestor_codes varchar(12)[] NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX regions_parent_code_idx ON regions (parent_code, code)`);
    await queryRunner.query(`CREATE INDEX regions_level_idx ON regions (level, code)`);
    await queryRunner.query(`CREATE INDEX regions_ancestor_codes_idx ON regions USING gin (ancestor_codes)`);
    // Substring search on names; two-character names fall back to a scan of 28k short rows.
    await queryRunner.query(`CREATE INDEX regions_name_trgm_idx ON regions USING gin (name public.gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE regions`);
  }
}
