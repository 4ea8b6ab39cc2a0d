import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import type { Amendment } from '@app/database';

export interface AmendmentView {
  amendment: Amendment;
  conflictsWith: string[];
  examinationOrder: number;
  authorName?: string | null;
  versionNumber?: number | null;
}

export class AmendmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty({ type: Number, nullable: true }) versionNumber: number | null;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty() original: string;
  @ApiProperty() replacement: string;
  @ApiProperty() rationale: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiNullableString() authorName: string | null;
  @ApiNullableString({ format: 'uuid' }) organizationId: string | null;
  @ApiProperty() onBehalfOfOrganization: boolean;
  @ApiEnum('AmendmentStatus') status: 'submitted' | 'withdrawn' | 'adopted' | 'rejected' | 'lapsed';
  @ApiProperty({ type: [String], description: 'ids of the submitted amendments overlapping this one' }) conflictsWith: string[];
  @ApiProperty() examinationOrder: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiNullableString({ format: 'date-time' }) decidedAt: string | null;
  @ApiNullableString({ format: 'uuid' }) voteId: string | null;
  @ApiNullableString({ format: 'uuid' }) lapsedBecauseOf: string | null;
  @ApiNullableString({ format: 'uuid' }) sessionId: string | null;
  @ApiProperty() merged: boolean;
  @ApiNullableString({ format: 'date-time' }) mergedAt: string | null;
  @ApiNullableString() skippedReason: string | null;
  @ApiProperty({ description: 'false for an amendment whose anchors were lost' }) mergeable: boolean;
}

export function toAmendmentResponse(v: AmendmentView): AmendmentResponse {
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

export class SkippedAmendmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'why the amendment could not be merged' }) reason: string;
}

/** POST /api/recommendations/:id/amendments/merge */
export class MergeResultResponse {
  @ApiProperty({ type: [String], description: 'ids of the amendments merged into the live draft' }) merged: string[];
  @ApiProperty({ type: [SkippedAmendmentResponse] }) skipped: SkippedAmendmentResponse[];
}
