import { MigrationInterface, QueryRunner } from 'typeorm';

export class PositionCurrentUnique1795439076397 implements MigrationInterface {
  name = 'PositionCurrentUnique1795439076397';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "ix_position_recommendation_id_organization_id_partial" ON "position"  ("recommendation_id", "organization_id") WHERE "current"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_position_recommendation_id_organization_id_partial"`);
  }
}
