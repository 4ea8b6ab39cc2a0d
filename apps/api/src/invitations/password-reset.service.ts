import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { inTransaction, PasswordReset, User } from '@app/database';
import { DomainError, ErrorCode } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { UserCache } from '../auth/user-cache';
import { MailQueue } from '../notifications/mail-queue.service';
import { passwordResetMail } from '../notifications/mail.templates';
import { IdentityRateLimit } from './identity-rate-limit';
import { GONE_LINK } from './invitations.service';
import { hashToken, newToken } from './one-time-token';

export const RESET_TTL_MS = 3600 * 1000;

/**
 * Password reset: the request answers the same whatever the e-mail (the caller always gets 202),
 * sends at most a few e-mails per account and window; the link is single use, valid one hour,
 * and stored only as a hash. Using it voids the account's other pending links.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
    private readonly limits: IdentityRateLimit,
    private readonly users: UserCache,
  ) {}

  async request(emailRaw: string): Promise<void> {
    const email = emailRaw.trim().toLowerCase();
    if (!(await this.limits.allowResetMail(email))) return;
    await inTransaction(this.ds, async (m) => {
      const user = await m.getRepository(User).findOne({ where: { email }, select: { id: true, email: true, displayName: true } });
      if (!user) return;
      const { token, hash } = newToken();
      await m.getRepository(PasswordReset).insert({ userId: user.id, tokenHash: hash, expiresAt: new Date(Date.now() + RESET_TTL_MS), usedAt: null });
      const url = `${this.config.publicUrl}/mot-de-passe/nouveau/${token}`;
      await this.mail.enqueue(m, [{ to: user.email, ...passwordResetMail({ displayName: user.displayName, url }) }]);
    });
  }

  async confirm(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const userId = await inTransaction(this.ds, async (m) => {
      const [used] = (await m.query(
        `UPDATE password_reset SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id AS "userId"`,
        [hashToken(token)],
      )) as [{ userId: string }[], number];
      if (!used[0]) throw new DomainError(ErrorCode.Gone, GONE_LINK);
      const { userId } = used[0];
      await m.getRepository(User).update({ id: userId }, { passwordHash });
      await m.query(`UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      await this.audit.record(m, { actorId: userId, action: 'user.password_reset', entityType: 'user', entityId: userId });
      return userId;
    });
    this.users.invalidate(userId);
  }
}
