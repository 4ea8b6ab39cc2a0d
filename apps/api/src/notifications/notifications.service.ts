import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { Notification, Transactions } from '@app/database';
import { DomainError, dueReminder, emailSettings, ErrorCode, invalid, isNotificationKind, NotificationKind } from '@app/domain';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { MailQueue } from './mail-queue.service';
import { notificationMail } from './mail.templates';
import { NotificationsRepository } from './notifications.repository';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { MarkReadDto } from './dto/mark-read.dto';

export interface NotifyArgs {
  kind: NotificationKind;
  userIds: string[];
  title: string;
  /** A path of the web app, e.g. `/votes/<id>`. */
  link: string;
  /** false: in-app only (the caller sends its own e-mail). Default true: per the users' settings. */
  email?: boolean;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

const toView = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

/**
 * In-app notifications and their e-mails. `notify` runs inside the caller's transaction: the
 * rows and the e-mail jobs are committed with the event that causes them, or not at all.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly tx: Transactions,
    private readonly repo: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailQueue,
  ) {}

  onModuleInit(): void {
    // Every 15 minutes, on one node: the positions-deadline reminders that came due.
    this.mail.schedule('positions-deadline-reminders', '*/15 * * * *', async () => {
      const sent = await this.sendDeadlineReminders(new Date());
      if (sent) this.logger.log(`${sent} positions-deadline reminder(s) sent`);
    });
  }

  /**
   * Notifies `userIds` (duplicates ignored): one in-app row each, and an e-mail to those whose
   * settings keep e-mails of this kind. Call it with the manager of the transaction that makes
   * the change (e.g. the amendments service when an amendment is decided:
   * `notify(m, { kind: 'amendment_decided', userIds: [authorId], title, link })`).
   */
  async notify(m: EntityManager, args: NotifyArgs): Promise<void> {
    const userIds = [...new Set(args.userIds)];
    if (userIds.length === 0) return;
    await this.repo.insert(m, userIds.map((userId) => ({ userId, kind: args.kind, title: args.title, link: args.link })));
    if (args.email === false) return;
    const rows = await this.repo.mailRecipients(m, userIds);
    const url = this.config.publicUrl + args.link;
    const mails = rows
      .filter((r) => emailSettings(r.settings ?? undefined)[args.kind])
      .map((r) => ({ to: r.email, ...notificationMail({ displayName: r.displayName, title: args.title, url }) }));
    await this.mail.enqueue(m, mails);
  }

  async list(user: AuthUser, q: ListNotificationsQuery): Promise<Page<NotificationView>> {
    const { items, total } = await this.repo.page(user.id, !!q.unread, q.limit, q.offset);
    return { items: items.map(toView), total };
  }

  async markRead(user: AuthUser, dto: MarkReadDto): Promise<void> {
    if (dto.all === true) {
      if (dto.ids !== undefined) throw invalid('ids et all s’excluent');
      await this.repo.markRead(user.id, null, new Date());
      return;
    }
    if (!dto.ids || dto.ids.length === 0) throw invalid('ids (liste d’identifiants) ou all: true est requis');
    await this.repo.markRead(user.id, dto.ids, new Date());
  }

  async settings(user: AuthUser): Promise<{ email: Record<NotificationKind, boolean> }> {
    const row = await this.repo.settings(user.id);
    return { email: emailSettings(row?.email) };
  }

  async updateSettings(user: AuthUser, email: Record<string, unknown>): Promise<{ email: Record<NotificationKind, boolean> }> {
    const bad = Object.entries(email).filter(([k, v]) => !isNotificationKind(k) || typeof v !== 'boolean');
    if (bad.length) {
      throw new DomainError(ErrorCode.InvalidInput, 'Paramètres de notification invalides', bad.map(([k]) => (isNotificationKind(k) ? `email.${k} doit être un booléen` : `email.${k}: type de notification inconnu`)));
    }
    return this.tx.run(async (m) => {
      const row = await this.repo.lockSettings(m, user.id);
      const merged = { ...(row?.email ?? {}), ...(email as Record<string, boolean>) };
      await this.repo.saveSettings(m, user.id, merged);
      return { email: emailSettings(merged) };
    });
  }

  /**
   * Sends the positions-deadline reminders due at `now` (3 days and 1 day before): to the
   * representatives of each association that has not given a current position on an open
   * recommendation (status draft or under review). Each (recommendation, deadline, days) once,
   * whatever the number of nodes or scans. Returns the number of reminders sent.
   */
  async sendDeadlineReminders(now: Date): Promise<number> {
    const recs = await this.repo.deadlinesWithinThreeDays(now);
    let sent = 0;
    for (const rec of recs) {
      const days = dueReminder(new Date(rec.positionsDeadline), now);
      if (!days) continue;
      const done = await this.tx.run(async (m) => {
        if (!(await this.repo.claimReminder(m, rec.id, rec.positionsDeadline, days))) return false;
        const users = await this.repo.representativesWithoutPosition(m, rec.id, rec.workingGroupId);
        const when = days === 1 ? 'demain' : 'dans 3 jours';
        await this.notify(m, {
          kind: 'positions_deadline',
          userIds: users,
          title: `Positions sur « ${rec.title} » : la date limite est ${when}`,
          link: `/recommandations/${rec.id}`,
        });
        return true;
      });
      if (done) sent++;
    }
    return sent;
  }
}
