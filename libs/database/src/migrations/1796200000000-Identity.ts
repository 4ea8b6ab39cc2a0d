import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1796200000000 implements MigrationInterface {
  name = 'Identity1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "oidc_login_attempt" ("state" text NOT NULL, "nonce" text NOT NULL, "code_verifier" text, "return_to" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_oidc_login_attempt_state" PRIMARY KEY ("state"))`);
    await queryRunner.query(`CREATE INDEX "ix_oidc_login_attempt_expires_at" ON "oidc_login_attempt"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "login_code" ("code_hash" text NOT NULL, "user_id" uuid NOT NULL, "oidc_session_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_login_code_code_hash" PRIMARY KEY ("code_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_login_code_expires_at" ON "login_code"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "oidc_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "id_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_oidc_session_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_oidc_session_user_id" ON "oidc_session"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "organization_id" uuid NOT NULL, "working_group_id" uuid, "role" text, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "user_id" uuid, "invited_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_invitation_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_invitation_token_hash" ON "invitation"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_invitation_invited_by" ON "invitation"  ("invited_by") `);
    await queryRunner.query(`CREATE TABLE "password_reset" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_password_reset_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_password_reset_user_id" ON "password_reset"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_password_reset_token_hash" ON "password_reset"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "link" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_notification_id" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_notification_user_id_created_at" ON "notification"  ("user_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "notification_setting" ("user_id" uuid NOT NULL, "email" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_notification_setting_user_id" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "deadline_reminder" ("recommendation_id" uuid NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "days_before" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_deadline_reminder_recommendation_id_deadline_days_before" PRIMARY KEY ("recommendation_id", "deadline", "days_before"))`);
    await queryRunner.query(`CREATE TABLE "mail_delivery" ("job_id" uuid NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_mail_delivery_job_id" PRIMARY KEY ("job_id"))`);
    await queryRunner.query(`ALTER TABLE "organization" ADD "siret" text`);
    await queryRunner.query(`ALTER TABLE "user" ADD "oidc_subject" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_organization_siret" ON "organization"  ("siret") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_user_oidc_subject" ON "user"  ("oidc_subject") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_user_oidc_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organization_siret"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "oidc_subject"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "siret"`);
    await queryRunner.query(`DROP TABLE "mail_delivery"`);
    await queryRunner.query(`DROP TABLE "deadline_reminder"`);
    await queryRunner.query(`DROP TABLE "notification_setting"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_user_id_created_at"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."ix_password_reset_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_password_reset_user_id"`);
    await queryRunner.query(`DROP TABLE "password_reset"`);
    await queryRunner.query(`DROP INDEX "public"."ix_invitation_invited_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_invitation_token_hash"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_oidc_session_user_id"`);
    await queryRunner.query(`DROP TABLE "oidc_session"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_code_expires_at"`);
    await queryRunner.query(`DROP TABLE "login_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_oidc_login_attempt_expires_at"`);
    await queryRunner.query(`DROP TABLE "oidc_login_attempt"`);
  }
}
