import { MigrationInterface, QueryRunner } from 'typeorm';

export class Amendments1796300000000 implements MigrationInterface {
  name = 'Amendments1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "amendment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "version_id" uuid NOT NULL, "start" integer NOT NULL, "end" integer NOT NULL, "original" text NOT NULL, "replacement" text NOT NULL, "rationale" text NOT NULL, "author_id" uuid NOT NULL, "organization_id" uuid, "on_behalf_of_organization" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'submitted', "anchors" jsonb, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "vote_id" uuid, "lapsed_because_of" uuid, "session_id" uuid, "merged_at" TIMESTAMP WITH TIME ZONE, "merged_items" jsonb, "skipped_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_amendment_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_amendment_recommendation_id_version_id" ON "amendment"  ("recommendation_id", "version_id") `);
    await queryRunner.query(`CREATE INDEX "ix_amendment_author_id" ON "amendment"  ("author_id") `);
    await queryRunner.query(`CREATE INDEX "ix_amendment_session_id" ON "amendment"  ("session_id") `);
    await queryRunner.query(`CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "version_id" uuid, "start" integer, "end" integer, "body" text NOT NULL, "author_id" uuid NOT NULL, "parent_id" uuid, "resolved" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_comment_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_comment_recommendation_id" ON "comment"  ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_comment_parent_id" ON "comment"  ("parent_id") `);
    await queryRunner.query(`CREATE TABLE "draft_provenance" ("id" BIGSERIAL NOT NULL, "doc_name" text NOT NULL, "client" bigint NOT NULL, "clock_start" integer NOT NULL, "clock_end" integer NOT NULL, "user_id" uuid, CONSTRAINT "pk_draft_provenance_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_draft_provenance_doc_name_client" ON "draft_provenance"  ("doc_name", "client") `);
    await queryRunner.query(`ALTER TABLE "vote_option" ADD "amendment_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_vote_option_amendment_id" ON "vote_option"  ("amendment_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_vote_option_amendment_id"`);
    await queryRunner.query(`ALTER TABLE "vote_option" DROP COLUMN "amendment_id"`);
    await queryRunner.query(`DROP TABLE "draft_provenance"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP TABLE "amendment"`);
  }
}
