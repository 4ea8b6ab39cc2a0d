import { AuditEvent } from '@app/database';

export function toAuditEventResponse(e: AuditEvent) {
  return {
    seq: Number(e.seq),
    at: new Date(e.at).toISOString(),
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
