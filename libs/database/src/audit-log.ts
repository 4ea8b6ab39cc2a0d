import { EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from '@app/domain';
import { AuditEvent } from './entities';

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
export function hashedEvent(e: Pick<AuditEvent, 'seq' | 'at' | 'actorId' | 'action' | 'entityType' | 'entityId' | 'data'>) {
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

/**
 * Appends events to the hash chain, in order, inside the caller's transaction (they commit or
 * roll back with the change they record): one advisory lock, one read, one INSERT. Every writer
 * of business records (the API's services, the live gateway's timer) goes through it.
 */
export async function appendAuditEvents(manager: EntityManager, entries: AuditEntry[]): Promise<AuditEvent[]> {
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
