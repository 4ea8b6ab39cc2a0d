import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Horizon, RecommendationStatus } from '@app/domain';
import type { MilestoneStatus } from '@app/database';
import { RoadmapQuery } from './dto/roadmap.query';

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

/**
 * The programme's roadmap: recommendations with their milestones, by axis (axes by position),
 * quick wins first. A read model over several tables: three queries whatever the size.
 */
@Injectable()
export class RoadmapService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async roadmap(q: RoadmapQuery): Promise<{ axes: RoadmapAxisRow[]; recommendations: RoadmapRecommendationRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.status?.length) where.push(`r.status = ANY($${params.push(q.status)}::text[])`);
    if (q.horizon !== undefined) where.push(`r.horizon = $${params.push(q.horizon)}`);
    if (q.axisId !== undefined) where.push(`g.axis_id = $${params.push(q.axisId)}`);
    if (q.workingGroupId !== undefined) where.push(`r.working_group_id = $${params.push(q.workingGroupId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const recParams = [...params];
    const recommendationsSql = `
      SELECT r.id, r.working_group_id AS "workingGroupId", g.title AS "workingGroupTitle", g.axis_id AS "axisId", r.title, r.horizon,
             r.status, r.locked, r.positions_deadline AS "positionsDeadline", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
             count(*) OVER () AS total
        FROM recommendation r
        JOIN working_group g ON g.id = r.working_group_id
        JOIN axis a ON a.id = g.axis_id
        ${filter}
       ORDER BY a.position, a.code, a.id, (r.horizon = 'quick_win') DESC, r.created_at, r.id
       LIMIT $${recParams.push(q.limit)} OFFSET $${recParams.push(q.offset)}`;
    const axesSql = `SELECT id, code, title, position FROM axis ${q.axisId !== undefined ? 'WHERE id = $1' : ''} ORDER BY position, code, id`;
    const [axes, rows] = await Promise.all([
      this.ds.query(axesSql, q.axisId !== undefined ? [q.axisId] : []) as Promise<RoadmapAxisRow[]>,
      this.ds.query(recommendationsSql, recParams) as Promise<(Omit<RoadmapRecommendationRow, 'milestones'> & { total: string })[]>,
    ]);
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && q.offset > 0) {
      const [{ n }] = await this.ds.query(
        `SELECT count(*)::int AS n FROM recommendation r JOIN working_group g ON g.id = r.working_group_id JOIN axis a ON a.id = g.axis_id ${filter}`,
        params,
      );
      total = n;
    }
    // The milestones of the page in one flat query (cheaper than aggregating JSON per row in SQL).
    const milestones = new Map<string, RoadmapRecommendationRow['milestones']>();
    if (rows.length) {
      const ms: (RoadmapRecommendationRow['milestones'][number] & { recommendationId: string })[] = await this.ds.query(
        `SELECT m.recommendation_id AS "recommendationId", m.id, m.title, to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate", m.owner_organization_id AS "ownerOrganizationId",
                m.status, m.progress
           FROM milestone m WHERE m.recommendation_id = ANY($1::uuid[]) ORDER BY m.due_date, m.id`,
        [rows.map((r) => r.id)],
      );
      for (const { recommendationId, ...m } of ms) {
        const list = milestones.get(recommendationId);
        if (list) list.push(m);
        else milestones.set(recommendationId, [m]);
      }
    }
    return { axes, recommendations: rows.map(({ total: _t, ...r }) => ({ ...r, milestones: milestones.get(r.id) ?? [] })), total };
  }
}
