import * as Y from 'yjs';
import { DataSource, EntityManager } from 'typeorm';
import { DraftSnapshot } from './entities/draft-snapshot.entity';
import { DraftUpdate } from './entities/draft-update.entity';

export interface StoredUpdate {
  update: Uint8Array;
  authorId: string | null;
}

/**
 * Durable Yjs state of the live drafts: an append-only log of updates (draft_update) compacted
 * into a merged snapshot (draft_snapshot). Loading = snapshot + the log after it.
 * The realtime service is the only writer; the API reads it to freeze versions.
 */
export class DraftStore {
  constructor(private readonly ds: DataSource) {}

  /** The merged state of a document (an empty update when nothing was ever stored). Throws on DB errors. */
  async load(docName: string, manager?: EntityManager): Promise<{ state: Uint8Array; lastUpdateId: string }> {
    const m = manager ?? this.ds.manager;
    const snap = await m.getRepository(DraftSnapshot).findOne({ where: { docName } });
    const after = snap?.lastUpdateId ?? '0';
    const rows: { id: string; update: Buffer }[] = await m.query(
      'SELECT id, "update" FROM draft_update WHERE doc_name = $1 AND id > $2 ORDER BY id ASC',
      [docName, after],
    );
    const parts: Uint8Array[] = [];
    if (snap) parts.push(new Uint8Array(snap.state));
    for (const r of rows) parts.push(new Uint8Array(r.update));
    const lastUpdateId = rows.length ? String(rows[rows.length - 1].id) : after;
    const state = parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
    return { state, lastUpdateId };
  }

  /** Appends updates in one statement (one round trip: the group commit of the realtime service). Returns the last id. */
  async append(docName: string, updates: StoredUpdate[]): Promise<string> {
    if (updates.length === 0) throw new Error('nothing to append');
    const params: unknown[] = [];
    const values = updates.map((u, i) => {
      params.push(docName, Buffer.from(u.update), u.authorId);
      return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
    });
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO draft_update (doc_name, "update", author_id) VALUES ${values.join(', ')} RETURNING id`,
      params,
    );
    return String(rows[rows.length - 1].id);
  }

  /**
   * Folds the log up to `uptoId` into the snapshot and deletes those log rows, in one
   * transaction: a crash leaves either the old snapshot and log or the new ones.
   */
  async compact(docName: string): Promise<{ compacted: number }> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [docName]);
      const { state, lastUpdateId } = await this.load(docName, m);
      const snap = await m.getRepository(DraftSnapshot).findOne({ where: { docName } });
      if (snap && snap.lastUpdateId === lastUpdateId) return { compacted: 0 };
      await m.query(
        `INSERT INTO draft_snapshot (doc_name, state, last_update_id, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (doc_name) DO UPDATE SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = now()`,
        [docName, Buffer.from(state), lastUpdateId],
      );
      const res = await m.query('DELETE FROM draft_update WHERE doc_name = $1 AND id <= $2', [docName, lastUpdateId]);
      return { compacted: Array.isArray(res) ? (res[1] ?? 0) : 0 };
    });
  }
}
