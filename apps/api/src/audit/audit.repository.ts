import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appendAuditEvents, AuditEntry, AuditEvent } from '@app/database';

/** The SQL boundary of the audit chain (appends: libs/database `appendAuditEvents`, shared with the realtime service). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Appends in the transaction of `manager`, under the chain's advisory lock. */
  append(manager: EntityManager, entries: AuditEntry[]): Promise<AuditEvent[]> {
    return appendAuditEvents(manager, entries);
  }

  /** Newest first. */
  async page(limit: number, offset: number): Promise<{ items: AuditEvent[]; total: number }> {
    const [items, total] = await this.ds.getRepository(AuditEvent).findAndCount({ order: { seq: 'DESC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** The next `limit` events after sequence number `after`, in chain order. */
  after(after: string, limit: number): Promise<AuditEvent[]> {
    return this.ds.getRepository(AuditEvent).createQueryBuilder('e').where('e.seq > :after', { after }).orderBy('e.seq', 'ASC').take(limit).getMany();
  }
}
