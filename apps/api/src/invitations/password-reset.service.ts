import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { Transactions } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { UserCache } from '../auth/user-cache';
import { MailQueue } from '../notifications/mail-queue.service';
import { passwordResetMail } from '../notifications/mail.templates';
import { UsersService } from '../users/users.service';
import { IdentityRateLimit } from './identity-rate-limit';
import { InvitationsRepository } from './invitations.repository';
import { consumeLink, issueLink } from './one-time-token';

export const RESET_TTL_MS = 3600 * 1000;

/**
 * Password reset: the request answers the same whatever the e-mail (the caller always gets 202),
 * sends at most a few e-mails per account and window; the link is single use, valid one hour,
 * and stored only as a hash. Using it voids the account's other pending links.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: InvitationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
    private readonly limits: IdentityRateLimit,
    private readonly users: UserCache,
    private readonly accounts: UsersService,
  ) {}

  async request(emailRaw: string): Promise<void> {
    const email = emailRaw.trim().toLowerCase();
    if (!(await this.limits.allowResetMail(email))) return;
    await this.tx.run(async (m) => {
      const user = await this.accounts.findByEmail(email, m);
      if (!user) return;
      const link = issueLink(`${this.config.publicUrl}/mot-de-passe/nouveau/`, RESET_TTL_MS);
      await this.repo.insertPasswordReset(m, { userId: user.id, tokenHash: link.hash, expiresAt: link.expiresAt });
      await this.mail.enqueue(m, [{ to: user.email, ...passwordResetMail({ displayName: user.displayName, url: link.url }) }]);
    });
  }

  async confirm(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const userId = await this.tx.run(async (m) => {
      const { userId } = await consumeLink(token, (hash) => this.repo.claimPasswordReset(m, hash));
      await this.accounts.setPasswordHash(m, userId, passwordHash);
      await this.repo.voidPasswordResets(m, userId);
      await this.audit.record(m, { actorId: userId, action: 'user.password_reset', entityType: 'user', entityId: userId });
      return userId;
    });
    this.users.invalidate(userId);
  }
}
