import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A merge of adopted amendments claims them (`merging_since`) in one short transaction, asks the
 * realtime service to apply them, and records the outcome in another: it used to hold their rows
 * locked in one transaction while the realtime service stored the edit on its own connection,
 * which the embedded database (one session for every connection) can't serve.
 */
export class AmendmentMergeClaim1796600000000 implements MigrationInterface {
  name = 'AmendmentMergeClaim1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "amendment" ADD "merging_since" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "amendment" DROP COLUMN "merging_since"`);
  }
}
