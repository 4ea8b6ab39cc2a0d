import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type Dataset = 'recommendations' | 'votes' | 'positions';
export type ExportRow = Record<string, unknown>;

/**
 * Each dataset: the table walked in primary-key order, and its published rows among a page of
 * ids (`$1::uuid[]`), ordered by id. No personal data: no user id, no e-mail, no name of a
 * person; for votes, the stored results (the service strips a secret vote's ballots).
 */
const QUERIES: Record<Dataset, { table: 'recommendation' | 'vote' | 'position'; sql: string }> = {
  recommendations: {
    table: 'recommendation',
    sql: `SELECT r.id, r.title, r.horizon, r.status, a.code AS "axisCode", a.title AS "axisTitle", g.id AS "workingGroupId",
                 g.title AS "workingGroupTitle", v.number AS "versionNumber", v.content_hash AS "contentHash",
                 v.created_at AS "versionCreatedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
            FROM recommendation r
            JOIN working_group g ON g.id = r.working_group_id
            JOIN axis a ON a.id = g.axis_id
            LEFT JOIN LATERAL (SELECT rv.number, rv.content_hash, rv.created_at FROM recommendation_version rv
                                WHERE rv.recommendation_id = r.id ORDER BY rv.number DESC LIMIT 1) v ON true
           WHERE r.id = ANY($1::uuid[]) AND r.status = 'adopted'
           ORDER BY r.id`,
  },
  votes: {
    table: 'vote',
    sql: `SELECT v.id, v.title, v.method, v.scope, v.secret, a.code AS "axisCode", g.id AS "workingGroupId", g.title AS "workingGroupTitle",
                 v.closed_at AS "closedAt", v.results,
                 COALESCE((SELECT json_agg(json_build_object('id', o.id, 'versionId', o.version_id, 'label', o.label,
                                                             'recommendationId', rv.recommendation_id, 'contentHash', rv.content_hash)
                                           ORDER BY o.position, o.id)
                             FROM vote_option o LEFT JOIN recommendation_version rv ON rv.id = o.version_id
                            WHERE o.vote_id = v.id), '[]'::json) AS options
            FROM vote v
            JOIN working_group g ON g.id = v.working_group_id
            JOIN axis a ON a.id = g.axis_id
           WHERE v.id = ANY($1::uuid[]) AND v.status = 'closed'
           ORDER BY v.id`,
  },
  positions: {
    table: 'position',
    sql: `SELECT p.id, p.recommendation_id AS "recommendationId", r.title AS "recommendationTitle", p.version_id AS "versionId",
                 rv.number AS "versionNumber", o.name AS "organizationName", p.stance, p.motivation, p.submitted_at AS "submittedAt", p.hash
            FROM position p
            JOIN recommendation r ON r.id = p.recommendation_id
            JOIN organization o ON o.id = p.organization_id
            LEFT JOIN recommendation_version rv ON rv.id = p.version_id
           WHERE p.id = ANY($1::uuid[]) AND p.current AND r.status = 'adopted'
           ORDER BY p.id`,
  },
};

/** The SQL boundary of the open-data exports (a read model over the programme's tables). */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The next `limit` ids of the dataset's table after `after`, in primary-key order (an index range scan). */
  async idsAfter(dataset: Dataset, after: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(`SELECT id FROM "${QUERIES[dataset].table}" WHERE id > $1 ORDER BY id LIMIT ${Number(limit)}`, [after]);
    return rows.map((r) => r.id);
  }

  /** The published rows among these ids, ordered by id. */
  publishedAmong(dataset: Dataset, ids: string[]): Promise<ExportRow[]> {
    return this.ds.query(QUERIES[dataset].sql, [ids]);
  }
}
