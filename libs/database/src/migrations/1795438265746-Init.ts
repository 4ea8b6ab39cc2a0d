import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795438265746 implements MigrationInterface {
  name = 'Init1795438265746';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" text NOT NULL, "college" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_organization_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "organization_id" uuid, "role" text NOT NULL DEFAULT 'member', "is_representative" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_user_email" ON "user"  ("email") `);
    await queryRunner.query(`CREATE INDEX "ix_user_organization_id" ON "user"  ("organization_id") `);
    await queryRunner.query(`CREATE TABLE "audit_event" ("seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "data" jsonb NOT NULL DEFAULT '{}', "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "pk_audit_event_seq" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE TABLE "axis" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_axis_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_axis_code" ON "axis"  ("code") `);
    await queryRunner.query(`CREATE TABLE "working_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "axis_id" uuid NOT NULL, "title" text NOT NULL, "mandate" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_working_group_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_working_group_axis_id" ON "working_group"  ("axis_id") `);
    await queryRunner.query(`CREATE TABLE "group_member" ("working_group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_group_member_working_group_id_user_id" PRIMARY KEY ("working_group_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_group_member_user_id" ON "group_member"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "working_group_id" uuid NOT NULL, "title" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "phase" text NOT NULL DEFAULT 'scheduled', "agenda" jsonb NOT NULL DEFAULT '[]', "timer_ends_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_session_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_session_working_group_id" ON "session"  ("working_group_id") `);
    await queryRunner.query(`CREATE TABLE "recommendation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "working_group_id" uuid NOT NULL, "title" text NOT NULL, "horizon" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "locked" boolean NOT NULL DEFAULT false, "positions_deadline" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_recommendation_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_recommendation_working_group_id" ON "recommendation"  ("working_group_id") `);
    await queryRunner.query(`CREATE TABLE "recommendation_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "number" integer NOT NULL, "content" text NOT NULL, "content_hash" character(64) NOT NULL, "ydoc_snapshot" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "pk_recommendation_version_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_recommendation_version_recommendation_id_number" ON "recommendation_version"  ("recommendation_id", "number") `);
    await queryRunner.query(`CREATE TABLE "draft_update" ("id" BIGSERIAL NOT NULL, "doc_name" text NOT NULL, "update" bytea NOT NULL, "author_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_draft_update_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_draft_update_doc_name_id" ON "draft_update"  ("doc_name", "id") `);
    await queryRunner.query(`CREATE TABLE "draft_snapshot" ("doc_name" text NOT NULL, "state" bytea NOT NULL, "last_update_id" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_draft_snapshot_doc_name" PRIMARY KEY ("doc_name"))`);
    await queryRunner.query(`CREATE TABLE "vote" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "working_group_id" uuid NOT NULL, "session_id" uuid, "title" text NOT NULL, "method" text NOT NULL, "rules" jsonb NOT NULL DEFAULT '{}', "scope" text NOT NULL DEFAULT 'member', "secret" boolean NOT NULL DEFAULT false, "results_visibility" text NOT NULL DEFAULT 'after_close', "status" text NOT NULL DEFAULT 'draft', "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "results" jsonb, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_vote_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_vote_working_group_id" ON "vote"  ("working_group_id") `);
    await queryRunner.query(`CREATE INDEX "ix_vote_session_id" ON "vote"  ("session_id") `);
    await queryRunner.query(`CREATE TABLE "vote_option" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "vote_id" uuid NOT NULL, "version_id" uuid, "label" text, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_vote_option_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_vote_option_vote_id" ON "vote_option"  ("vote_id") `);
    await queryRunner.query(`CREATE TABLE "vote_roll_entry" ("vote_id" uuid NOT NULL, "user_id" uuid NOT NULL, "organization_id" uuid, "college" text NOT NULL, CONSTRAINT "pk_vote_roll_entry_vote_id_user_id" PRIMARY KEY ("vote_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "vote_participation" ("vote_id" uuid NOT NULL, "voter_key" text NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "pk_vote_participation_vote_id_voter_key" PRIMARY KEY ("vote_id", "voter_key"))`);
    await queryRunner.query(`CREATE TABLE "ballot" ("id" uuid NOT NULL, "vote_id" uuid NOT NULL, "content" jsonb NOT NULL, "college" text NOT NULL, "receipt_hash" character(64) NOT NULL, "voter_id" uuid, CONSTRAINT "pk_ballot_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_ballot_vote_id" ON "ballot"  ("vote_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_ballot_receipt_hash" ON "ballot"  ("receipt_hash") `);
    await queryRunner.query(`CREATE TABLE "position" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "version_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "submitted_by" uuid NOT NULL, "stance" text NOT NULL, "motivation" text, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "supersedes_id" uuid, "current" boolean NOT NULL DEFAULT true, "hash" character(64) NOT NULL, CONSTRAINT "pk_position_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_position_recommendation_id_organization_id" ON "position"  ("recommendation_id", "organization_id") `);
    await queryRunner.query(`CREATE TABLE "milestone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "title" text NOT NULL, "due_date" date NOT NULL, "owner_organization_id" uuid, "status" text NOT NULL DEFAULT 'planned', "progress" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_milestone_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_milestone_recommendation_id" ON "milestone"  ("recommendation_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_milestone_recommendation_id"`);
    await queryRunner.query(`DROP TABLE "milestone"`);
    await queryRunner.query(`DROP INDEX "public"."ix_position_recommendation_id_organization_id"`);
    await queryRunner.query(`DROP TABLE "position"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ballot_receipt_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ballot_vote_id"`);
    await queryRunner.query(`DROP TABLE "ballot"`);
    await queryRunner.query(`DROP TABLE "vote_participation"`);
    await queryRunner.query(`DROP TABLE "vote_roll_entry"`);
    await queryRunner.query(`DROP INDEX "public"."ix_vote_option_vote_id"`);
    await queryRunner.query(`DROP TABLE "vote_option"`);
    await queryRunner.query(`DROP INDEX "public"."ix_vote_session_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_vote_working_group_id"`);
    await queryRunner.query(`DROP TABLE "vote"`);
    await queryRunner.query(`DROP TABLE "draft_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_draft_update_doc_name_id"`);
    await queryRunner.query(`DROP TABLE "draft_update"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recommendation_version_recommendation_id_number"`);
    await queryRunner.query(`DROP TABLE "recommendation_version"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recommendation_working_group_id"`);
    await queryRunner.query(`DROP TABLE "recommendation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_session_working_group_id"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."ix_group_member_user_id"`);
    await queryRunner.query(`DROP TABLE "group_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_working_group_axis_id"`);
    await queryRunner.query(`DROP TABLE "working_group"`);
    await queryRunner.query(`DROP INDEX "public"."ix_axis_code"`);
    await queryRunner.query(`DROP TABLE "axis"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_organization_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_email"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP TABLE "organization"`);
  }
}
