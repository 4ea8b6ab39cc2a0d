import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntry, AuditEvent, hashedEvent } from '@app/database';
import { chainHash, GENESIS_HASH } from '@app/domain';
import { AuditRepository } from './audit.repository';

export type { AuditEntry };

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /**
   * Appends an event to the chain inside the caller's transaction: it commits or rolls back
   * with the change it records. Appends are serialised by a transaction-scoped advisory lock.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    return (await this.recordMany(manager, [entry]))[0];
  }

  /** Appends several events in order with one lock, one read and one INSERT (batched writes). */
  recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<AuditEvent[]> {
    return this.repo.append(manager, entries);
  }

  list(limit: number, offset: number): Promise<{ items: AuditEvent[]; total: number }> {
    return this.repo.page(limit, offset);
  }

  /** Recomputes the chain from the start, in batches; reports the first broken link. */
  async verify(): Promise<{ ok: boolean; count: number; headHash: string; brokenAt?: string }> {
    let prevHash = GENESIS_HASH;
    let count = 0;
    let after = '0';
    const batch = 1000;
    for (;;) {
      const rows = await this.repo.after(after, batch);
      for (const row of rows) {
        const expected = chainHash(prevHash, hashedEvent(row));
        if (row.prevHash !== prevHash || row.hash !== expected) {
          return { ok: false, count, headHash: prevHash, brokenAt: String(row.seq) };
        }
        prevHash = row.hash;
        count++;
        after = String(row.seq);
      }
      if (rows.length < batch) break;
    }
    return { ok: true, count, headHash: prevHash };
  }
}
