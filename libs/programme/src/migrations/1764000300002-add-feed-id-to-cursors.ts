import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A catalog position belongs to one feed: the cursor keeps the id of the department's feed it was
 * read from, so a recreated department (new feed id, seq from 1 again) is noticed. Cursors saved
 * before this have none; the next page read fills it in.
 */
export class AddFeedIdToCursors1764000300002 implements MigrationInterface {
  name = 'AddFeedIdToCursors1764000300002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE catalog_feed_cursors ADD COLUMN feed_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE catalog_feed_cursors DROP COLUMN feed_id`);
  }
}
