import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Programme facts hold the source articles too (kind 'article'), read by Provenance.article and Query.articles. */
export class AddArticleFactKind1764000300004 implements MigrationInterface {
  name = 'AddArticleFactKind1764000300004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE programme_facts DROP CONSTRAINT programme_facts_kind_check`);
    await queryRunner.query(
      `ALTER TABLE programme_facts ADD CONSTRAINT programme_facts_kind_check
         CHECK (kind IN ('article', 'milestone', 'keyFigure', 'meeting', 'inspectionRound', 'assistancePairing'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM programme_facts WHERE kind = 'article'`);
    await queryRunner.query(`ALTER TABLE programme_facts DROP CONSTRAINT programme_facts_kind_check`);
    await queryRunner.query(
      `ALTER TABLE programme_facts ADD CONSTRAINT programme_facts_kind_check
         CHECK (kind IN ('milestone', 'keyFigure', 'meeting', 'inspectionRound', 'assistancePairing'))`,
    );
  }
}
