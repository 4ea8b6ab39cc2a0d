import { toMilestoneResponse, todayInFrance } from '../milestones/milestone.response';
import { toRecommendationResponse } from '../recommendations/recommendation.response';
import type { RoadmapAxisRow, RoadmapRecommendationRow } from './roadmap.service';

export function toRoadmapResponse(data: { axes: RoadmapAxisRow[]; recommendations: RoadmapRecommendationRow[]; total: number }, today = todayInFrance()) {
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

function toRoadmapRecommendation(r: RoadmapRecommendationRow, today: string) {
  return {
    ...toRecommendationResponse(r),
    workingGroupTitle: r.workingGroupTitle,
    milestones: r.milestones.map((m) => toMilestoneResponse({ ...m, recommendationId: r.id }, today)),
  };
}
