import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { publicVoteResults } from './vote-results';

export type Dataset = 'recommendations' | 'votes' | 'positions';
type Row = Record<string, unknown>;

export interface DatasetSpec {
  /** Columns, in order: the CSV header and the keys of each JSON item. */
  columns: readonly string[];
  /** The rows in batches (keyset pagination on the id): memory stays constant whatever the size. */
  batches(): AsyncGenerator<Row[]>;
}

const BATCH = 500;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Open data of adopted work, public. No personal data: no user id, no e-mail, no name of a
 * person; for votes, tallies and outcomes only (never ballot content of a secret vote).
 */
@Injectable()
export class ExportsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  dataset(name: Dataset): DatasetSpec {
    switch (name) {
      case 'recommendations':
        return {
          columns: ['id', 'title', 'horizon', 'status', 'axisCode', 'axisTitle', 'workingGroupId', 'workingGroupTitle', 'versionNumber', 'contentHash', 'versionCreatedAt', 'createdAt', 'updatedAt'],
          batches: () =>
            this.keyset(
              (after) => this.ds.query(
                `SELECT r.id, r.title, r.horizon, r.status, a.code AS "axisCode", a.title AS "axisTitle", g.id AS "workingGroupId",
                        g.title AS "workingGroupTitle", v.number AS "versionNumber", v.content_hash AS "contentHash",
                        v.created_at AS "versionCreatedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
                   FROM recommendation r
                   JOIN working_group g ON g.id = r.working_group_id
                   JOIN axis a ON a.id = g.axis_id
                   LEFT JOIN LATERAL (SELECT rv.number, rv.content_hash, rv.created_at FROM recommendation_version rv
                                       WHERE rv.recommendation_id = r.id ORDER BY rv.number DESC LIMIT 1) v ON true
                  WHERE r.status = 'adopted' AND r.id > $1
                  ORDER BY r.id LIMIT ${BATCH}`,
                [after],
              ),
            ),
        };
      case 'votes':
        return {
          columns: ['id', 'title', 'method', 'scope', 'secret', 'axisCode', 'workingGroupId', 'workingGroupTitle', 'closedAt', 'outcome', 'options', 'results'],
          batches: () =>
            this.keyset(async (after) => {
              const rows: Row[] = await this.ds.query(
                `SELECT v.id, v.title, v.method, v.scope, v.secret, a.code AS "axisCode", g.id AS "workingGroupId", g.title AS "workingGroupTitle",
                        v.closed_at AS "closedAt", v.results,
                        COALESCE((SELECT json_agg(json_build_object('id', o.id, 'versionId', o.version_id, 'label', o.label,
                                                                    'recommendationId', rv.recommendation_id, 'contentHash', rv.content_hash)
                                                  ORDER BY o.position, o.id)
                                    FROM vote_option o LEFT JOIN recommendation_version rv ON rv.id = o.version_id
                                   WHERE o.vote_id = v.id), '[]'::json) AS options
                   FROM vote v
                   JOIN working_group g ON g.id = v.working_group_id
                   JOIN axis a ON a.id = g.axis_id
                  WHERE v.status = 'closed' AND v.id > $1
                  ORDER BY v.id LIMIT ${BATCH}`,
                [after],
              );
              return rows.map((r) => {
                const results = publicVoteResults(r.results, r.secret === true);
                return { ...r, results, outcome: typeof results?.outcome === 'string' ? results.outcome : null };
              });
            }),
        };
      case 'positions':
        return {
          columns: ['id', 'recommendationId', 'recommendationTitle', 'versionId', 'versionNumber', 'organizationName', 'stance', 'motivation', 'submittedAt', 'hash'],
          batches: () =>
            this.keyset(
              (after) => this.ds.query(
                `SELECT p.id, p.recommendation_id AS "recommendationId", r.title AS "recommendationTitle", p.version_id AS "versionId",
                        rv.number AS "versionNumber", o.name AS "organizationName", p.stance, p.motivation, p.submitted_at AS "submittedAt", p.hash
                   FROM position p
                   JOIN recommendation r ON r.id = p.recommendation_id
                   JOIN organization o ON o.id = p.organization_id
                   LEFT JOIN recommendation_version rv ON rv.id = p.version_id
                  WHERE p.current AND r.status = 'adopted' AND p.id > $1
                  ORDER BY p.id LIMIT ${BATCH}`,
                [after],
              ),
            ),
        };
    }
  }

  private async *keyset(fetch: (afterId: string) => Promise<Row[]>): AsyncGenerator<Row[]> {
    let after = ZERO_UUID;
    for (;;) {
      const rows = await fetch(after);
      if (rows.length) yield rows;
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].id as string;
    }
  }
}
