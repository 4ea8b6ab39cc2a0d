import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from '@app/database';
import { chainHash, GENESIS_HASH } from '@app/domain';

export interface AuditEntry {
  actorId: string | null;
  action: string; // e.g. 'user.created'
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/** Advisory lock key that serialises appends to the chain. */
const AUDIT_LOCK = 72_017_001;

/** The event that is hashed: every stored field but the hashes. */
function hashedEvent(e: Pick<AuditEvent, 'seq' | 'at' | 'actorId' | 'action' | 'entityType' | 'entityId' | 'data'>) {
  return {
    seq: String(e.seq),
    at: new Date(e.at).toISOString(),
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
  };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Appends an event to the chain inside the caller's transaction: it commits or rolls back
   * with the change it records. Appends are serialised by a transaction-scoped advisory lock.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditEvent> {
    return (await this.recordMany(manager, [entry]))[0];
  }

  /** Appends several events in order with one lock, one read and one INSERT (batched writes). */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<AuditEvent[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit events are written inside a transaction');
    if (entries.length === 0) return [];
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const last: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
    let seq = BigInt(last[0]?.seq ?? '0');
    const at = new Date();
    const rows = entries.map((entry) => {
      seq += 1n;
      const event = {
        seq: String(seq),
        at,
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        data: JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>,
      };
      const hash = chainHash(prevHash, hashedEvent(event));
      const row = { ...event, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // A plain INSERT (no read-back): the lock is held until commit, so every round trip counts.
    await manager.createQueryBuilder().insert().into(AuditEvent).values(rows as never).updateEntity(false).execute();
    return rows.map((row) => Object.assign(new AuditEvent(), row));
  }

  async list(limit: number, offset: number): Promise<{ items: AuditEvent[]; total: number }> {
    const [items, total] = await this.ds.getRepository(AuditEvent).findAndCount({ order: { seq: 'DESC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** Recomputes the chain from the start, in batches; reports the first broken link. */
  async verify(): Promise<{ ok: boolean; count: number; headHash: string; brokenAt?: string }> {
    let prevHash = GENESIS_HASH;
    let count = 0;
    let after = '0';
    const batch = 1000;
    for (;;) {
      const rows: AuditEvent[] = await this.ds
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.seq > :after', { after })
        .orderBy('e.seq', 'ASC')
        .take(batch)
        .getMany();
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
