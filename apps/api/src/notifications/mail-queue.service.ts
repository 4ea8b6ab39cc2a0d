import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import PgBoss from 'pg-boss';
import * as nodemailer from 'nodemailer';
import { APP_CONFIG, AppConfig, DATABASE_URL } from '@app/core';
import { EMBEDDED_MAX_CONNECTIONS, Transactions } from '@app/database';
import { NotificationsRepository } from './notifications.repository';
import type { MailMessage } from './mail.templates';

export const MAIL_QUEUE = 'email';
/** Retries with exponential backoff: 5 s, 10 s, 20 s… about 21 minutes for the ten. */
const RETRY = { retryLimit: 10, retryDelay: 5, retryBackoff: true } as const;

type Job = { id: string; data: MailMessage };
type Transport = { sendMail(m: object): Promise<unknown>; close?(): void };

/**
 * The durable e-mail queue (pg-boss on the platform's PostgreSQL, embedded PGlite included).
 * An e-mail is a job written in the caller's transaction: accepted means committed, so it
 * survives a restart. Every node may run the worker: pg-boss hands a job to one of them
 * (SELECT … FOR UPDATE SKIP LOCKED), and `mail_delivery` (a row per job id, inserted in the
 * transaction that sends) keeps a job that expired and came back from being sent twice.
 */
@Injectable()
export class MailQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private boss?: PgBoss;
  private transport?: Transport;
  private readonly scheduled = new Map<string, { cron: string; handler: () => Promise<void> }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly tx: Transactions,
    private readonly repo: NotificationsRepository,
  ) {}

  /** A periodic task run by one node at a time (pg-boss's cron); registered before start. */
  schedule(name: string, cron: string, handler: () => Promise<void>): void {
    this.scheduled.set(name, { cron, handler });
  }

  async onApplicationBootstrap(): Promise<void> {
    const embedded = this.databaseUrl.includes('sslmode=disable') && !this.config.databaseUrl;
    const boss = new PgBoss({ connectionString: this.databaseUrl, max: embedded ? Math.max(2, Math.floor(EMBEDDED_MAX_CONNECTIONS / 6)) : 4, application_name: 'concertation-mail' });
    boss.on('error', (err) => this.logger.error(`queue: ${err.message}`));
    await boss.start();
    await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE, ...RETRY });
    this.boss = boss;
    if (!this.config.mailWorker) return;
    this.transport = this.config.smtpUrl ? (nodemailer.createTransport(this.config.smtpUrl) as Transport) : undefined;
    // Up to 10 jobs a poll, sent one after the other; a failed one is retried alone (pg-boss then
    // completes only the jobs still active).
    await boss.work<MailMessage>(MAIL_QUEUE, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await this.deliver(job);
        } catch (err) {
          this.logger.warn(`e-mail job ${job.id} to ${job.data.to} failed, retried later: ${(err as Error).message}`);
          await boss.fail(MAIL_QUEUE, job.id, { message: (err as Error).message });
        }
      }
    });
    for (const [name, { cron, handler }] of this.scheduled) {
      await boss.createQueue(name, { name, retryLimit: 2 });
      await boss.schedule(name, cron, undefined, { tz: 'Europe/Paris' });
      await boss.work(name, { pollingIntervalSeconds: 5 }, () => handler());
    }
  }

  /** Enqueues e-mails in the transaction of `manager` (sent only if it commits). */
  async enqueue(manager: EntityManager, mails: MailMessage[]): Promise<void> {
    if (mails.length === 0) return;
    const boss = this.started();
    const db = this.repo.transactionalDb(manager);
    for (const mail of mails) await boss.send(MAIL_QUEUE, mail, { ...RETRY, db });
  }

  /** Enqueues outside any business transaction. */
  async enqueueNow(mail: MailMessage): Promise<string | null> {
    return this.started().send(MAIL_QUEUE, mail, RETRY);
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('the mail queue is not started');
    return this.boss;
  }

  private async deliver(job: Job): Promise<void> {
    await this.tx.run(async (m) => {
      if (!(await this.repo.claimDelivery(m, job.id))) return; // already sent by an earlier attempt
      await this.send(job.id, job.data);
    });
  }

  private async send(jobId: string, mail: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log(`e-mail (no SMTP_URL) to ${mail.to}: ${mail.subject}\n${mail.text}`);
      return;
    }
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${jobId}@concertation>`,
    });
    this.logger.log(`e-mail sent to ${mail.to}: ${mail.subject}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    this.transport?.close?.();
  }
}
