import { ApiProperty } from '@nestjs/swagger';
import { MilestoneResponse } from '../milestones/milestone.response';
import { RecommendationResponse } from '../recommendations/recommendation.response';
import { toMilestoneResponse, todayInFrance } from '../milestones/milestone.response';
import { toRecommendationResponse } from '../recommendations/recommendation.response';
import type { Horizon, RecommendationStatus } from '@app/domain';
import type { MilestoneStatus } from '@app/database';

// The rows the roadmap query reads (RoadmapService) and this mapper turns into the response:
// declared here so that the service depends on its mapper and not the other way round.
export interface RoadmapAxisRow {
  id: string;
  code: string;
  title: string;
  position: number;
}

export interface RoadmapRecommendationRow {
  id: string;
  workingGroupId: string;
  workingGroupTitle: string;
  axisId: string;
  title: string;
  horizon: Horizon;
  status: RecommendationStatus;
  locked: boolean;
  positionsDeadline: Date | null;
  createdAt: Date;
  updatedAt: Date;
  milestones: { id: string; title: string; dueDate: string; ownerOrganizationId: string | null; status: MilestoneStatus; progress: number }[];
}

export interface RoadmapData {
  axes: RoadmapAxisRow[];
  recommendations: RoadmapRecommendationRow[];
  total: number;
}

export class RoadmapRecommendationResponse extends RecommendationResponse {
  @ApiProperty() workingGroupTitle: string;
  @ApiProperty({ type: [MilestoneResponse] }) milestones: MilestoneResponse[];
}

export class RoadmapAxisResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() position: number;
  @ApiProperty({ type: [RoadmapRecommendationResponse] }) recommendations: RoadmapRecommendationResponse[];
}

/** GET /api/roadmap */
export class RoadmapResponse {
  @ApiProperty({ type: [RoadmapAxisResponse] }) axes: RoadmapAxisResponse[];
  @ApiProperty({ description: 'recommendations in the roadmap' }) total: number;
}

export function toRoadmapResponse(data: RoadmapData, today = todayInFrance()): RoadmapResponse {
  const byAxis = new Map<string, ReturnType<typeof toRoadmapRecommendation>[]>();
  for (const r of data.recommendations) {
    const list = byAxis.get(r.axisId) ?? [];
    list.push(toRoadmapRecommendation(r, today));
    byAxis.set(r.axisId, list);
  }
  return {
    axes: data.axes.map((a) => ({ id: a.id, code: a.code, title: a.title, position: a.position, recommendations: byAxis.get(a.id) ?? [] })),
    total: data.total,
  };
}

function toRoadmapRecommendation(r: RoadmapRecommendationRow, today: string): RoadmapRecommendationResponse {
  return {
    ...toRecommendationResponse(r),
    workingGroupTitle: r.workingGroupTitle,
    milestones: r.milestones.map((m) => toMilestoneResponse({ ...m, recommendationId: r.id }, today)),
  };
}
