import { ApiProperty } from '@nestjs/swagger';
import type { Horizon, RecommendationStatus } from '@app/domain';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { docNameFor } from '@app/contracts';
import type { Recommendation } from '@app/database';

export type RecommendationFields = Pick<
  Recommendation,
  'id' | 'workingGroupId' | 'title' | 'horizon' | 'status' | 'locked' | 'positionsDeadline' | 'createdAt' | 'updatedAt'
>;

export class RecommendationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workingGroupId: string;
  @ApiProperty() title: string;
  @ApiEnum('Horizon') horizon: Horizon;
  @ApiEnum('RecommendationStatus') status: RecommendationStatus;
  @ApiProperty() locked: boolean;
  @ApiProperty({ description: 'the live draft\'s name on /collab and /api/drafts' }) docName: string;
  @ApiNullableString({ format: 'date-time' }) positionsDeadline: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export function toRecommendationResponse(r: RecommendationFields): RecommendationResponse {
  return {
    id: r.id,
    workingGroupId: r.workingGroupId,
    title: r.title,
    horizon: r.horizon,
    status: r.status,
    locked: r.locked,
    docName: docNameFor(r.id),
    positionsDeadline: r.positionsDeadline ? new Date(r.positionsDeadline).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

