import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RoadmapQuery } from './dto/roadmap.query';
import { ProgrammeCache, SerializedJson } from '../working-groups/programme-cache.service';
import { todayInFrance } from '../milestones/milestone.response';
import { RoadmapAxisRow, RoadmapData, RoadmapRecommendationRow, toRoadmapResponse } from './roadmap.response';

type Row = Record<string, any>;

/**
 * The programme's roadmap: recommendations with their milestones, by axis (axes by position),
 * quick wins first. A read model over several tables, read in one query.
 */
@Injectable()
export class RoadmapService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cache: ProgrammeCache,
  ) {}

  /** The roadmap as served: from the read cache until the programme changes (or the day does: `late`). */
  response(q: RoadmapQuery): Promise<SerializedJson> {
    const today = todayInFrance();
    const key = `roadmap:${today}:${(q.status ?? []).join(',')}:${q.horizon ?? ''}:${q.axisId ?? ''}:${q.workingGroupId ?? ''}:${q.limit}:${q.offset}`;
    return this.cache.json(key, async () => toRoadmapResponse(await this.roadmap(q), today));
  }

  async roadmap(q: RoadmapQuery): Promise<RoadmapData> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.status?.length) where.push(`r.status = ANY($${params.push(q.status)}::text[])`);
    if (q.horizon !== undefined) where.push(`r.horizon = $${params.push(q.horizon)}`);
    if (q.axisId !== undefined) where.push(`g.axis_id = $${params.push(q.axisId)}`);
    if (q.workingGroupId !== undefined) where.push(`r.working_group_id = $${params.push(q.workingGroupId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const filterParams = [...params];
    const axisFilter = q.axisId !== undefined ? `WHERE a.id = $${params.indexOf(q.axisId) + 1}` : '';
    // One query: every axis, the page of recommendations (ranked, with the total) and their milestones.
    const rows: Row[] = await this.ds.query(
      `WITH page AS (
         SELECT r.id, r.working_group_id, g.title AS group_title, g.axis_id, r.title, r.horizon, r.status, r.locked,
                r.positions_deadline, r.created_at, r.updated_at, count(*) OVER () AS total,
                row_number() OVER (ORDER BY a.position, a.code, a.id, (r.horizon = 'quick_win') DESC, r.created_at, r.id) AS ord
           FROM recommendation r
           JOIN working_group g ON g.id = r.working_group_id
           JOIN axis a ON a.id = g.axis_id
           ${filter}
          ORDER BY ord LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)})
       SELECT a.id AS "axisId", a.code AS "axisCode", a.title AS "axisTitle", a.position AS "axisPosition",
              p.id, p.working_group_id AS "workingGroupId", p.group_title AS "workingGroupTitle", p.title, p.horizon, p.status, p.locked,
              p.positions_deadline AS "positionsDeadline", p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.total,
              m.id AS "mId", m.title AS "mTitle", to_char(m.due_date, 'YYYY-MM-DD') AS "mDueDate", m.owner_organization_id AS "mOwner",
              m.status AS "mStatus", m.progress AS "mProgress"
         FROM axis a
         LEFT JOIN page p ON p.axis_id = a.id
         LEFT JOIN milestone m ON m.recommendation_id = p.id
         ${axisFilter}
        ORDER BY a.position, a.code, a.id, p.ord, m.due_date, m.id`,
      params,
    );
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
        ? (await this.ds.query(`SELECT count(*)::int AS n FROM recommendation r JOIN working_group g ON g.id = r.working_group_id ${filter}`, filterParams))[0].n
        : 0;
    }
    return { axes, recommendations, total: total ?? 0 };
  }
}
