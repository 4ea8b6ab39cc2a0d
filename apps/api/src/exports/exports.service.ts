import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '@app/domain';
import { publicVoteResults } from './vote-results';

export type Dataset = 'recommendations' | 'votes' | 'positions';
type Row = Record<string, unknown>;

interface DatasetDefinition {
  /** Columns, in order: the CSV header and the keys of each JSON item. */
  columns: readonly string[];
  /** One query, read through a server-side cursor. */
  sql: string;
  map?: (row: Row) => Row;
}

/** Rows fetched per round trip. */
export const EXPORT_BATCH = 500;
/** Exports streamed at once by this process: each holds one database connection while it runs. */
export const MAX_CONCURRENT_EXPORTS = 3;

/**
 * Open data of adopted work, public. No personal data: no user id, no e-mail, no name of a
 * person; for votes, tallies and outcomes only (never ballot content of a secret vote).
 */
const DATASETS: Record<Dataset, DatasetDefinition> = {
  recommendations: {
    columns: ['id', 'title', 'horizon', 'status', 'axisCode', 'axisTitle', 'workingGroupId', 'workingGroupTitle', 'versionNumber', 'contentHash', 'versionCreatedAt', 'createdAt', 'updatedAt'],
    sql: `SELECT r.id, r.title, r.horizon, r.status, a.code AS "axisCode", a.title AS "axisTitle", g.id AS "workingGroupId",
                 g.title AS "workingGroupTitle", v.number AS "versionNumber", v.content_hash AS "contentHash",
                 v.created_at AS "versionCreatedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"
            FROM recommendation r
            JOIN working_group g ON g.id = r.working_group_id
            JOIN axis a ON a.id = g.axis_id
            LEFT JOIN LATERAL (SELECT rv.number, rv.content_hash, rv.created_at FROM recommendation_version rv
                                WHERE rv.recommendation_id = r.id ORDER BY rv.number DESC LIMIT 1) v ON true
           WHERE r.status = 'adopted'
           ORDER BY r.id`,
  },
  votes: {
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
           WHERE v.status = 'closed'
           ORDER BY v.id`,
    map: (r) => {
      const results = publicVoteResults(r.results, r.secret === true);
      return { ...r, results, outcome: typeof results?.outcome === 'string' ? results.outcome : null };
    },
  },
  positions: {
    columns: ['id', 'recommendationId', 'recommendationTitle', 'versionId', 'versionNumber', 'organizationName', 'stance', 'motivation', 'submittedAt', 'hash'],
    sql: `SELECT p.id, p.recommendation_id AS "recommendationId", r.title AS "recommendationTitle", p.version_id AS "versionId",
                 rv.number AS "versionNumber", o.name AS "organizationName", p.stance, p.motivation, p.submitted_at AS "submittedAt", p.hash
            FROM position p
            JOIN recommendation r ON r.id = p.recommendation_id
            JOIN organization o ON o.id = p.organization_id
            LEFT JOIN recommendation_version rv ON rv.id = p.version_id
           WHERE p.current AND r.status = 'adopted'
           ORDER BY p.id`,
  },
};

/** An open export: batches of rows until an empty one; `close()` ends the cursor and gives the connection back. */
export interface ExportCursor {
  columns: readonly string[];
  next(): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * Reads a dataset through a server-side cursor in a read-only REPEATABLE READ transaction: one
 * query plan, one pass over the data, a consistent snapshot, and never more than one batch in
 * memory. (Keyset pagination re-plans every batch and, on the embedded database which never
 * gathers statistics, degenerates into a full sort per batch.)
 */
@Injectable()
export class ExportsService {
  private running = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Opens the dataset's cursor; 429 when too many exports run already. */
  async open(name: Dataset): Promise<ExportCursor> {
    if (this.running >= MAX_CONCURRENT_EXPORTS) {
      throw new DomainError(ErrorCode.RateLimited, 'Trop d’exports en cours : réessayez dans quelques secondes');
    }
    this.running++;
    const def = DATASETS[name];
    const runner = this.ds.createQueryRunner();
    let closed = false;
    let exhausted = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      this.running--;
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release().catch(() => undefined);
    };
    try {
      await runner.connect();
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`DECLARE open_data_export NO SCROLL CURSOR FOR ${def.sql}`);
    } catch (err) {
      await close();
      throw err;
    }
    return {
      columns: def.columns,
      close,
      next: async () => {
        if (closed || exhausted) return [];
        const rows: Row[] = await runner.query(`FETCH FORWARD ${EXPORT_BATCH} FROM open_data_export`);
        if (rows.length < EXPORT_BATCH) exhausted = true;
        return def.map ? rows.map(def.map) : rows;
      },
    };
  }
}
