import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity of the catalog's own change feed (measureChanges, measureChanged, the Atom feed):
 * a partner keeps it with its position, and a different id means the positions it holds are from
 * another feed (a recreated catalog) and it must copy again. Each change appended to the log is
 * announced on the schema's NOTIFY channel when its transaction commits, whoever appended it, so
 * every programme replica listening hears of it at once.
 */
export class CreateCatalogChangeFeed1764000300010 implements MigrationInterface {
  name = 'CreateCatalogChangeFeed1764000300010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog_change_feed (
        feed_id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO catalog_change_feed (feed_id) VALUES ($1)`, [randomUUID()]);
    await queryRunner.query(`
      CREATE FUNCTION announce_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '.catalog_changes', NEW.seq::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER catalog_changes_announce AFTER INSERT ON catalog_changes
        FOR EACH ROW EXECUTE FUNCTION announce_catalog_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER catalog_changes_announce ON catalog_changes`);
    await queryRunner.query(`DROP FUNCTION announce_catalog_change()`);
    await queryRunner.query(`DROP TABLE catalog_change_feed`);
  }
}
