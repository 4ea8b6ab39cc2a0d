import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RoadmapQuery } from './dto/roadmap.query';

export type RoadmapRow = Record<string, any>;

/** The WHERE of the roadmap's filters and its parameters. */
function filterOf(q: RoadmapQuery): { filter: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  if (q.status?.length) where.push(`r.status = ANY($${params.push(q.status)}::text[])`);
  if (q.horizon !== undefined) where.push(`r.horizon = $${params.push(q.horizon)}`);
  if (q.axisId !== undefined) where.push(`g.axis_id = $${params.push(q.axisId)}`);
  if (q.workingGroupId !== undefined) where.push(`r.working_group_id = $${params.push(q.workingGroupId)}`);
  return { filter: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The SQL boundary of the roadmap: a read model over axes, groups, recommendations and milestones. */
@Injectable()
export class RoadmapRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * One query: every axis (or the filtered one), the page of recommendations (ranked, with the
   * total) and their milestones; one row per (axis, recommendation, milestone), in display order.
   */
  page(q: RoadmapQuery): Promise<RoadmapRow[]> {
    const { filter, params } = filterOf(q);
    const axisFilter = q.axisId !== undefined ? `WHERE a.id = $${params.indexOf(q.axisId) + 1}` : '';
    return this.ds.query(
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
  }

  /** The number of recommendations the filters keep. */
  async count(q: RoadmapQuery): Promise<number> {
    const { filter, params } = filterOf(q);
    return (await this.ds.query(`SELECT count(*)::int AS n FROM recommendation r JOIN working_group g ON g.id = r.working_group_id ${filter}`, params))[0].n;
  }
}
