import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Recommendation } from '@app/database';
import { RecommendationFields } from './recommendation.response';

const LIST_COLUMNS = `r.id, r.working_group_id AS "workingGroupId", r.title, r.horizon, r.status, r.locked,
  r.positions_deadline AS "positionsDeadline", r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** The SQL boundary of recommendations. */
@Injectable()
export class RecommendationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  find(id: string, manager?: EntityManager): Promise<Recommendation | null> {
    return this.m(manager).getRepository(Recommendation).findOne({ where: { id } });
  }

  /** The recommendation locked for update (a vote's outcome changes its status). */
  lockForUpdate(m: EntityManager, id: string): Promise<Recommendation | null> {
    return m.getRepository(Recommendation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The recommendation locked against new versions, positions and amendments (FOR NO KEY UPDATE). */
  lockAgainstChanges(m: EntityManager, id: string): Promise<Recommendation | null> {
    return m.getRepository(Recommendation).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** Which of `ids` are recommendations of the group. */
  async idsInGroup(ids: string[], workingGroupId: string, manager?: EntityManager): Promise<Set<string>> {
    const rows = await this.m(manager).getRepository(Recommendation).find({ select: { id: true }, where: { id: In(ids), workingGroupId } });
    return new Set(rows.map((r) => r.id));
  }

  insert(m: EntityManager, fields: Partial<Recommendation>): Promise<Recommendation> {
    return m.getRepository(Recommendation).save(fields);
  }

  async update(m: EntityManager, id: string, values: Partial<Recommendation>): Promise<void> {
    await m.getRepository(Recommendation).update({ id }, values);
  }

  /** A page of the group's recommendations (creation order) with the filters, and the total. */
  async pageOfGroup(workingGroupId: string, filter: { status?: string; horizon?: string }, limit: number, offset: number): Promise<{ rows: RecommendationFields[]; total: number }> {
    const params: unknown[] = [workingGroupId];
    let where = 'r.working_group_id = $1';
    if (filter.status !== undefined) where += ` AND r.status = $${params.push(filter.status)}`;
    if (filter.horizon !== undefined) where += ` AND r.horizon = $${params.push(filter.horizon)}`;
    // the page and the total in one query; a second one only for a page past the end
    const rows: (RecommendationFields & { total: string })[] = await this.ds.query(
      `SELECT ${LIST_COLUMNS}, count(*) OVER () AS total FROM recommendation r WHERE ${where}
        ORDER BY r.created_at, r.id LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && offset > 0) {
      const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM recommendation r WHERE ${where}`, params.slice(0, -2));
      total = n;
    }
    return { rows, total };
  }
}
