import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts leave the ballot box. A secret ballot stored the hash of its voter's receipt: whoever
 * saw a receipt and the database could find the ballot, hence the choice. Receipts now live in
 * `vote_receipt` (hash, vote, the voter it was given to), with no link to a ballot.
 *
 * The ballot table is rebuilt rather than altered: `DROP COLUMN` only hides a column, the hashes
 * would stay in the table's pages until every row is rewritten. Existing receipts are copied
 * (in a random order); a secret ballot's never had a stored voter, so its receipt keeps
 * `user_id` null.
 */
export class VoteReceipts1796500000000 implements MigrationInterface {
  name = 'VoteReceipts1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "vote_receipt" ("receipt_hash" character(64) NOT NULL, "vote_id" uuid NOT NULL, "user_id" uuid, CONSTRAINT "pk_vote_receipt_receipt_hash" PRIMARY KEY ("receipt_hash"))`);
    await queryRunner.query(`INSERT INTO "vote_receipt" ("receipt_hash", "vote_id", "user_id") SELECT "receipt_hash", "vote_id", "voter_id" FROM "ballot" ORDER BY random()`);
    await queryRunner.query(`CREATE TABLE "ballot_without_receipt" ("id" uuid NOT NULL, "vote_id" uuid NOT NULL, "content" jsonb NOT NULL, "college" text NOT NULL, "voter_id" uuid)`);
    await queryRunner.query(`INSERT INTO "ballot_without_receipt" ("id", "vote_id", "content", "college", "voter_id") SELECT "id", "vote_id", "content", "college", "voter_id" FROM "ballot" ORDER BY random()`);
    await queryRunner.query(`DROP TABLE "ballot"`);
    await queryRunner.query(`ALTER TABLE "ballot_without_receipt" RENAME TO "ballot"`);
    await queryRunner.query(`ALTER TABLE "ballot" ADD CONSTRAINT "pk_ballot_id" PRIMARY KEY ("id")`);
    await queryRunner.query(`CREATE INDEX "ix_ballot_vote_id" ON "ballot"  ("vote_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Public ballots get their receipt back (the voter is on both); a secret ballot's receipt
    // can't be matched, by design: it gets a random hash, so those receipts no longer check.
    await queryRunner.query(`ALTER TABLE "ballot" ADD "receipt_hash" character(64)`);
    await queryRunner.query(`UPDATE "ballot" b SET "receipt_hash" = r."receipt_hash" FROM "vote_receipt" r WHERE b."voter_id" IS NOT NULL AND r."user_id" = b."voter_id" AND r."vote_id" = b."vote_id"`);
    await queryRunner.query(`UPDATE "ballot" SET "receipt_hash" = encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex') WHERE "receipt_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "ballot" ALTER COLUMN "receipt_hash" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_ballot_receipt_hash" ON "ballot"  ("receipt_hash") `);
    await queryRunner.query(`DROP TABLE "vote_receipt"`);
  }
}
