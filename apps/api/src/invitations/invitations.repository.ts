import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Invitation, PasswordReset } from '@app/database';

/** What an accepted invitation grants. */
export type ClaimedInvitation = Pick<Invitation, 'id' | 'email' | 'displayName' | 'organizationId' | 'workingGroupId' | 'role'>;

/** The SQL boundary of invitations and password-reset links (both single-use tokens stored as hashes). */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Runs a single-use claim (`UPDATE … WHERE token_hash = $1 AND <unused> AND expires_at > now()
   * RETURNING …`): the claimed row, or null when the token is unknown, used or expired.
   */
  private async claimOnce<T>(m: EntityManager, sql: string, tokenHash: string): Promise<T | null> {
    const [rows] = (await m.query(sql, [tokenHash])) as [T[], number]; // UPDATE … RETURNING answers [rows, count]
    return rows[0] ?? null;
  }

  // ------------------------------------------------------------------ invitations

  insertInvitation(m: EntityManager, fields: Omit<Invitation, 'id' | 'createdAt'>): Promise<Invitation> {
    return m.getRepository(Invitation).save(fields);
  }

  /** Newest first; for a non-admin (`facilitatorId`), only the invitations to the groups they facilitate. */
  async page(filter: { facilitatorId?: string; workingGroupId?: string }, limit: number, offset: number): Promise<{ items: Invitation[]; total: number }> {
    const qb = this.ds.getRepository(Invitation).createQueryBuilder('i');
    if (filter.facilitatorId !== undefined) {
      qb.where(`i.working_group_id IN (SELECT gm.working_group_id FROM group_member gm WHERE gm.user_id = :uid AND gm.role = 'facilitator')`, { uid: filter.facilitatorId });
    }
    if (filter.workingGroupId !== undefined) qb.andWhere('i.working_group_id = :wg', { wg: filter.workingGroupId });
    const [items, total] = await qb.orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').take(limit).skip(offset).getManyAndCount();
    return { items, total };
  }

  /** Marks the invitation of this token hash accepted, once. */
  claimInvitation(m: EntityManager, tokenHash: string): Promise<ClaimedInvitation | null> {
    return this.claimOnce(
      m,
      `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()
       RETURNING id, email, display_name AS "displayName", organization_id AS "organizationId", working_group_id AS "workingGroupId", role`,
      tokenHash,
    );
  }

  async setInvitationUser(m: EntityManager, id: string, userId: string): Promise<void> {
    await m.query(`UPDATE invitation SET user_id = $2 WHERE id = $1`, [id, userId]);
  }

  // ------------------------------------------------------------------ password resets

  async insertPasswordReset(m: EntityManager, fields: Pick<PasswordReset, 'userId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await m.getRepository(PasswordReset).insert({ ...fields, usedAt: null });
  }

  /** Marks the reset link of this token hash used, once. */
  claimPasswordReset(m: EntityManager, tokenHash: string): Promise<{ userId: string } | null> {
    return this.claimOnce(m, `UPDATE password_reset SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`, tokenHash);
  }

  /** Voids the account's other pending reset links. */
  async voidPasswordResets(m: EntityManager, userId: string): Promise<void> {
    await m.query(`UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  }
}
