import { Injectable } from '@nestjs/common';
import { RoadmapQuery } from './dto/roadmap.query';
import { ProgrammeCache, SerializedJson } from '../working-groups/programme-cache.service';
import { todayInFrance } from '../milestones/milestone.response';
import { RoadmapAxisRow, RoadmapData, RoadmapRecommendationRow, toRoadmapResponse } from './roadmap.response';
import { RoadmapRepository } from './roadmap.repository';

/**
 * The programme's roadmap: recommendations with their milestones, by axis (axes by position),
 * quick wins first. A read model over several tables, read in one query.
 */
@Injectable()
export class RoadmapService {
  constructor(
    private readonly repo: RoadmapRepository,
    private readonly cache: ProgrammeCache,
  ) {}

  /** The roadmap as served: from the read cache until the programme changes (or the day does: `late`). */
  response(q: RoadmapQuery): Promise<SerializedJson> {
    const today = todayInFrance();
    const key = `roadmap:${today}:${(q.status ?? []).join(',')}:${q.horizon ?? ''}:${q.axisId ?? ''}:${q.workingGroupId ?? ''}:${q.limit}:${q.offset}`;
    return this.cache.json(key, async () => toRoadmapResponse(await this.roadmap(q), today));
  }

  async roadmap(q: RoadmapQuery): Promise<RoadmapData> {
    const rows = await this.repo.page(q);
    const axes: RoadmapAxisRow[] = [];
    const recommendations: RoadmapRecommendationRow[] = [];
    let total: number | null = null;
    for (const row of rows) {
      if (axes[axes.length - 1]?.id !== row.axisId) axes.push({ id: row.axisId, code: row.axisCode, title: row.axisTitle, position: row.axisPosition });
      if (row.id === null) continue;
      total = Number(row.total);
      let rec = recommendations[recommendations.length - 1];
      if (rec?.id !== row.id) {
        rec = {
          id: row.id,
          workingGroupId: row.workingGroupId,
          workingGroupTitle: row.workingGroupTitle,
          axisId: row.axisId,
          title: row.title,
          horizon: row.horizon,
          status: row.status,
          locked: row.locked,
          positionsDeadline: row.positionsDeadline,
          createdAt: row.createdAt,
          updatedAt: row.updatedAt,
          milestones: [],
        };
        recommendations.push(rec);
      }
      if (row.mId !== null) {
        rec.milestones.push({ id: row.mId, title: row.mTitle, dueDate: row.mDueDate, ownerOrganizationId: row.mOwner, status: row.mStatus, progress: row.mProgress });
      }
    }
    if (total === null) {
      // an empty page: the total only matters past the end
      total = q.offset > 0
        ? await this.repo.count(q)
        : 0;
    }
    return { axes, recommendations, total: total ?? 0 };
  }
}
