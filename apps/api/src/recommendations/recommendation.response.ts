import { docNameFor } from '@app/contracts';
import type { Recommendation } from '@app/database';

export type RecommendationFields = Pick<
  Recommendation,
  'id' | 'workingGroupId' | 'title' | 'horizon' | 'status' | 'locked' | 'positionsDeadline' | 'createdAt' | 'updatedAt'
>;

export function toRecommendationResponse(r: RecommendationFields) {
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

export type RecommendationResponse = ReturnType<typeof toRecommendationResponse>;
