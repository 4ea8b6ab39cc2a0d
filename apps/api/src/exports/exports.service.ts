import { Injectable } from '@nestjs/common';
import { Dataset, ExportRow as Row, ExportsRepository } from './exports.repository';
import { publicVoteResults } from './vote-results';

export type { Dataset };

interface DatasetDefinition {
  /** Columns, in order: the CSV header and the keys of each JSON item. */
  columns: readonly string[];
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
    columns: ['id', 'title', 'horizon', 'status', 'axisCode', 'axisTitle', 'workingGroupId', 'workingGroupTitle', 'versionNumber', 'contentHash', 'versionCreatedAt', 'createdAt', 'updatedAt'],
  },
  votes: {
    columns: ['id', 'title', 'method', 'scope', 'secret', 'axisCode', 'workingGroupId', 'workingGroupTitle', 'closedAt', 'outcome', 'options', 'results'],
    map: (r) => {
      const results = publicVoteResults(r.results, r.secret === true);
      return { ...r, results, outcome: typeof results?.outcome === 'string' ? results.outcome : null };
    },
  },
  positions: {
    columns: ['id', 'recommendationId', 'recommendationTitle', 'versionId', 'versionNumber', 'organizationName', 'stance', 'motivation', 'submittedAt', 'hash'],
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
  constructor(private readonly repo: ExportsRepository) {}

  open(name: Dataset): ExportCursor {
    const def = DATASETS[name];
    let after = '00000000-0000-0000-0000-000000000000';
    let exhausted = false;
    return {
      columns: def.columns,
      next: async () => {
        while (!exhausted) {
          const ids = await this.repo.idsAfter(name, after, EXPORT_PAGE);
          if (ids.length < EXPORT_PAGE) exhausted = true;
          if (!ids.length) break;
          after = ids[ids.length - 1];
          const rows = await this.repo.publishedAmong(name, ids);
          if (rows.length) return def.map ? rows.map(def.map) : rows;
        }
        return [];
      },
    };
  }
}
