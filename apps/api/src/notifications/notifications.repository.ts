import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Notification, NotificationSetting } from '@app/database';
import { NotificationKind } from '@app/domain';

/** A recipient of a notification's e-mail, with their e-mail settings. */
export interface MailRecipient {
  id: string;
  email: string;
  displayName: string;
  settings: Record<string, boolean> | null;
}

/** A recommendation whose positions deadline is within three days. */
export interface DeadlineSoon {
  id: string;
  title: string;
  workingGroupId: string;
  positionsDeadline: Date;
}

/** The SQL boundary of notifications, their settings, the deadline reminders and the e-mail deliveries. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(m: EntityManager, rows: { userId: string; kind: NotificationKind; title: string; link: string }[]): Promise<void> {
    await m.getRepository(Notification).insert(rows);
  }

  /** The users' addresses, names and e-mail settings (a read model over user and notification_setting). */
  mailRecipients(m: EntityManager, userIds: string[]): Promise<MailRecipient[]> {
    return m.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", s.email AS settings
         FROM "user" u LEFT JOIN notification_setting s ON s.user_id = u.id
        WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
  }

  /** The user's notifications, newest first (unread only when `unread`), and the total. */
  async page(userId: string, unread: boolean, limit: number, offset: number): Promise<{ items: Notification[]; total: number }> {
    const where = { userId, ...(unread ? { readAt: IsNull() } : {}) };
    const [items, total] = await this.ds.getRepository(Notification).findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** Marks the user's unread notifications read (only `ids` when given). */
  async markRead(userId: string, ids: string[] | null, at: Date): Promise<void> {
    await this.ds.getRepository(Notification).update({ userId, ...(ids ? { id: In(ids) } : {}), readAt: IsNull() }, { readAt: at });
  }

  settings(userId: string): Promise<NotificationSetting | null> {
    return this.ds.getRepository(NotificationSetting).findOne({ where: { userId } });
  }

  lockSettings(m: EntityManager, userId: string): Promise<NotificationSetting | null> {
    return m.getRepository(NotificationSetting).findOne({ where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  async saveSettings(m: EntityManager, userId: string, email: Record<string, boolean>): Promise<void> {
    await m.getRepository(NotificationSetting).upsert({ userId, email }, ['userId']);
  }

  /** Open recommendations (draft, under review) whose positions deadline is within three days of `now`. */
  deadlinesWithinThreeDays(now: Date): Promise<DeadlineSoon[]> {
    return this.ds.query(
      `SELECT id, title, working_group_id AS "workingGroupId", positions_deadline AS "positionsDeadline"
         FROM recommendation
        WHERE positions_deadline > $1 AND positions_deadline <= $1::timestamptz + interval '3 days'
          AND status IN ('draft', 'under_review')`,
      [now],
    );
  }

  /** Claims the reminder (recommendation, deadline, days) once for all nodes; false when already claimed. */
  async claimReminder(m: EntityManager, recommendationId: string, deadline: Date, days: number): Promise<boolean> {
    const claimed: unknown[] = await m.query(
      `INSERT INTO deadline_reminder (recommendation_id, deadline, days_before) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING recommendation_id`,
      [recommendationId, deadline, days],
    );
    return claimed.length > 0;
  }

  /** Representatives of the group's associations that have no current position on the recommendation. */
  async representativesWithoutPosition(m: EntityManager, recommendationId: string, workingGroupId: string): Promise<string[]> {
    const users: { id: string }[] = await m.query(
      `SELECT u.id FROM "user" u
         JOIN organization o ON o.id = u.organization_id AND o.kind = 'association'
         JOIN group_member gm ON gm.user_id = u.id AND gm.working_group_id = $2
        WHERE u.is_representative
          AND NOT EXISTS (SELECT 1 FROM position p WHERE p.recommendation_id = $1 AND p.organization_id = o.id AND p.current)`,
      [recommendationId, workingGroupId],
    );
    return users.map((u) => u.id);
  }

  // ------------------------------------------------------------------ e-mail deliveries

  /** pg-boss's `db` option: its SQL runs on the transaction of `manager`. */
  transactionalDb(manager: EntityManager): { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> } {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('MailQueue.enqueue needs a transaction manager');
    return { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records as unknown[] }) };
  }

  /** Records the delivery of a job, once; false when an earlier attempt already did (in the transaction of `m`). */
  async claimDelivery(m: EntityManager, jobId: string): Promise<boolean> {
    const inserted: unknown[] = await m.query(`INSERT INTO mail_delivery (job_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING job_id`, [jobId]);
    return inserted.length > 0;
  }
}
