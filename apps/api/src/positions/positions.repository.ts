import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Position } from '@app/database';

/** A position with the version it is about and its organisation's name. */
export interface PositionRow {
  id: string;
  recommendationId: string;
  versionId: string;
  organizationId: string;
  organizationName: string | null;
  submittedBy: string;
  stance: string;
  motivation: string | null;
  submittedAt: Date;
  supersedesId: string | null;
  current: boolean;
  hash: string;
  versionNumber: number | null;
  versionContentHash: string | null;
}

const SELECT_ROWS = `SELECT p.id, p.recommendation_id AS "recommendationId", p.version_id AS "versionId", p.organization_id AS "organizationId",
       o.name AS "organizationName", p.submitted_by AS "submittedBy", p.stance, p.motivation, p.submitted_at AS "submittedAt",
       p.supersedes_id AS "supersedesId", p.current, p.hash, v.number AS "versionNumber", v.content_hash AS "versionContentHash"
  FROM position p
  LEFT JOIN organization o ON o.id = p.organization_id
  LEFT JOIN recommendation_version v ON v.id = p.version_id`;

@Injectable()
export class PositionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async version(m: EntityManager, recommendationId: string, versionId: string): Promise<{ id: string; number: number; contentHash: string } | null> {
    const rows = await m.query(`SELECT id, number, content_hash AS "contentHash" FROM recommendation_version WHERE id = $1 AND recommendation_id = $2`, [versionId, recommendationId]);
    return rows[0] ?? null;
  }

  async latestVersionNumber(m: EntityManager, recommendationId: string): Promise<number | null> {
    const rows: { n: number | null }[] = await m.query(`SELECT max(number) AS n FROM recommendation_version WHERE recommendation_id = $1`, [recommendationId]);
    return rows[0]?.n ?? null;
  }

  currentOf(m: EntityManager, recommendationId: string, organizationId: string): Promise<Position | null> {
    return m.getRepository(Position).findOne({ where: { recommendationId, organizationId, current: true } });
  }

  async supersede(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(Position).update({ id }, { current: false });
  }

  insert(m: EntityManager, p: Omit<Position, 'id'>): Promise<Position> {
    return m.getRepository(Position).save(m.getRepository(Position).create(p));
  }

  async row(id: string, manager?: EntityManager): Promise<PositionRow> {
    const rows: PositionRow[] = await (manager ?? this.ds.manager).query(`${SELECT_ROWS} WHERE p.id = $1`, [id]);
    return rows[0];
  }

  /** Positions of a recommendation, oldest first; only the current ones unless `all`. */
  async list(recommendationId: string, all: boolean, limit: number, offset: number): Promise<{ items: PositionRow[]; total: number }> {
    const where = `WHERE p.recommendation_id = $1${all ? '' : ' AND p.current'}`;
    const [items, count] = await Promise.all([
      this.ds.query(`${SELECT_ROWS} ${where} ORDER BY p.submitted_at, p.id LIMIT $2 OFFSET $3`, [recommendationId, limit, offset]),
      this.ds.query(`SELECT count(*) AS n FROM position p ${where}`, [recommendationId]),
    ]);
    return { items, total: Number(count[0].n) };
  }

  /** Current positions on any of these recommendations (minutes). */
  currentOn(recommendationIds: string[]): Promise<PositionRow[]> {
    if (recommendationIds.length === 0) return Promise.resolve([]);
    return this.ds.query(`${SELECT_ROWS} WHERE p.recommendation_id = ANY($1::uuid[]) AND p.current ORDER BY p.submitted_at, p.id`, [recommendationIds]);
  }
}
