import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region version: one row that changes whenever the regions do, so that a cache of region data
 * (the gateway's entity cache) can tell its entries are still current. The code that changes the
 * regions bumps it in its own transaction (bumpRegionVersion: the seed load, a reload, the
 * derived-key rebuild). Not a trigger on `regions`: a restore (npm run db:restore) loads
 * `region_version` and then `regions` and checks every table against the backup's checksums,
 * which a bump during the load would break; the restored version is the backup's.
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE region_version`);
  }
}
