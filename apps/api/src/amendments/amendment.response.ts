import type { Amendment } from '@app/database';

export interface AmendmentView {
  amendment: Amendment;
  conflictsWith: string[];
  examinationOrder: number;
  authorName?: string | null;
  versionNumber?: number | null;
}

export function toAmendmentResponse(v: AmendmentView) {
  const a = v.amendment;
  return {
    id: a.id,
    recommendationId: a.recommendationId,
    versionId: a.versionId,
    versionNumber: v.versionNumber ?? null,
    start: a.start,
    end: a.end,
    original: a.original,
    replacement: a.replacement,
    rationale: a.rationale,
    authorId: a.authorId,
    authorName: v.authorName ?? null,
    organizationId: a.organizationId,
    onBehalfOfOrganization: a.onBehalfOfOrganization,
    status: a.status,
    conflictsWith: v.conflictsWith,
    examinationOrder: v.examinationOrder,
    createdAt: new Date(a.createdAt).toISOString(),
    decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null,
    voteId: a.voteId,
    lapsedBecauseOf: a.lapsedBecauseOf,
    sessionId: a.sessionId,
    merged: !!a.mergedAt,
    mergedAt: a.mergedAt ? new Date(a.mergedAt).toISOString() : null,
    skippedReason: a.skippedReason,
    mergeable: a.anchors !== null,
  };
}
