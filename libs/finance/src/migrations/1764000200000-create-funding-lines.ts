import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFundingLines1764000200000 implements MigrationInterface {
  name = 'CreateFundingLines1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE funding_lines (
        id text PRIMARY KEY,
        measure_id text NOT NULL,
        region_code text NOT NULL,
        amount double precision NOT NULL,
        unit text NOT NULL,
        year int,
        purpose text NOT NULL,
        excerpt text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX funding_lines_measure_id_idx ON funding_lines (measure_id)`);
    await queryRunner.query(`CREATE INDEX funding_lines_region_code_idx ON funding_lines (region_code text_pattern_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE funding_lines`);
  }
}
