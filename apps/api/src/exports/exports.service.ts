import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { publicVoteResults } from './vote-results';

export type Dataset = 'recommendations' | 'votes' | 'positions';
type Row = Record<string, unknown>;

interface DatasetDefinition {
  /** Columns, in order: the CSV header and the keys of each JSON item. */
  columns: readonly string[];
  /** The table walked in primary-key order. */
  table: 'recommendation' | 'vote' | 'position';
  /** The published rows among a page of ids (`$1::uuid[]`), ordered by id. */
  sql: string;
  map?: (row: Row) => Row;
}

/** Ids walked per round trip (so at most this many rows in memory). */
export const EXPORT_PAGE = 1000;

/**
 * Open data of adopted work, public. No personal data: no user id, no e-mail, no name of a
 * person; for votes, tallies and outcomes only (never ballot content of a secret vote).
 */
const DATASETS: Record<Dataset, DatasetDefinition> = {
  recommendations: {
    table: 'recommendation',
    columns: ['id', 'title', 'horizon', 'status', 'axisCode', 'axisTitle', 'workingGroupId', 'workingGroupTitle', 'versionNumber', 'contentHash', 'versionCreatedAt', 'createdAt', 'updatedAt'],
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
    columns: ['id', 'title', 'method', 'scope', 'secret', 'axisCode', 'workingGroupId', 'workingGroupTitle', 'closedAt', 'outcome', 'options', 'results'],
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
    map: (r) => {
      const results = publicVoteResults(r.results, r.secret === true);
      return { ...r, results, outcome: typeof results?.outcome === 'string' ? results.outcome : null };
    },
  },
  positions: {
    table: 'position',
    columns: ['id', 'recommendationId', 'recommendationTitle', 'versionId', 'versionNumber', 'organizationName', 'stance', 'motivation', 'submittedAt', 'hash'],
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

/** An open export: batches of rows until an empty one. */
export interface ExportCursor {
  columns: readonly string[];
  next(): Promise<Row[]>;
}

/**
 * Reads a dataset in pages, each in two short autocommit queries: the next page of ids in
 * primary-key order (`WHERE id > $last ORDER BY id LIMIT n`, an index range scan whatever the
 * statistics), then the published rows among them. Never more than a page in memory, no
 * transaction held while the client downloads (the embedded database has a single session:
 * an open transaction there would stall every other request), no cursor state on the server.
 * The price: an export is not one snapshot (a row changed mid-export may be seen either way).
 */
@Injectable()
export class ExportsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  open(name: Dataset): ExportCursor {
    const def = DATASETS[name];
    let after = '00000000-0000-0000-0000-000000000000';
    let exhausted = false;
    return {
      columns: def.columns,
      next: async () => {
        while (!exhausted) {
          const ids: { id: string }[] = await this.ds.query(`SELECT id FROM "${def.table}" WHERE id > $1 ORDER BY id LIMIT ${EXPORT_PAGE}`, [after]);
          if (ids.length < EXPORT_PAGE) exhausted = true;
          if (!ids.length) break;
          after = ids[ids.length - 1].id;
          const rows: Row[] = await this.ds.query(def.sql, [ids.map((r) => r.id)]);
          if (rows.length) return def.map ? rows.map(def.map) : rows;
        }
        return [];
      },
    };
  }
}
