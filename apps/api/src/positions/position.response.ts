import type { PositionRow } from './positions.repository';

export function toPositionResponse(p: PositionRow) {
  return {
    id: p.id,
    recommendationId: p.recommendationId,
    versionId: p.versionId,
    organizationId: p.organizationId,
    stance: p.stance,
    motivation: p.motivation,
    submittedAt: new Date(p.submittedAt).toISOString(),
    supersedesId: p.supersedesId,
    hash: p.hash.trim(),
    current: p.current,
    organizationName: p.organizationName,
    submittedBy: p.submittedBy,
    versionNumber: p.versionNumber,
    versionContentHash: p.versionContentHash?.trim() ?? null,
  };
}
