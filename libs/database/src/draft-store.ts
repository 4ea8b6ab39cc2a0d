import * as Y from 'yjs';
import { Logger } from '@nestjs/common';
import type { ClientConfig, Pool } from 'pg';
import { AppendConnection, AppendParam } from './append-connection';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredUpdate {
  update: Uint8Array;
  authorId: string | null;
}

export interface LoadedDoc {
  doc: Y.Doc;
  /** The highest log id folded into `doc` ('0' when none). */
  lastUpdateId: string;
  /** Bytes read (snapshot + log): an upper bound of the document's encoded size. */
  bytes: number;
  /** Log rows after the snapshot (a hint for compaction). */
  logRows: number;
  /** The snapshot as read, when it is the whole document (no log after it, applied without error): a ready-made `Y.encodeStateAsUpdate(doc)`. */
  snapshot: Uint8Array | null;
}

/** A document held in memory by the realtime service, captured for a compaction (see `compact`). */
export interface InMemoryDraft {
  /** The encoded in-memory state at the capture. */
  state: Uint8Array;
  /** Of these log ids (ascending), the highest one such that it and every id before it was in the in-memory doc at the capture, or null. */
  appliedThrough(ids: number[]): number | null;
}

export interface CompactionResult {
  /** Log rows folded into the snapshot and deleted. */
  compacted: number;
  /** Size of the snapshot written (0: nothing written). */
  bytes: number;
  /** The snapshot's new `last_update_id` (null: nothing written). */
  through: string | null;
}

/** The item ranges ([client, clock start, clock end)) an update inserts; none for an update that can't be decoded. */
function insertedItems(update: Buffer | Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  try {
    for (const s of Y.decodeUpdate(new Uint8Array(update.buffer, update.byteOffset, update.byteLength)).structs) {
      if (s instanceof Y.Item) out.push([s.id.client, s.id.clock, s.id.clock + s.length]);
    }
  } catch {
    // updates are validated before they are stored; an unreadable one attributes nothing
  }
  return out;
}

/**
 * Every append of one document holds this advisory lock (in a key space of its own: two int keys)
 * from taking its ids to its commit, so that per document the log ids commit in increasing order;
 * a compaction takes it briefly (its fence) to list the committed rows: a compaction up to id X
 * can never be followed by the commit of a row with an id ≤ X.
 */
const LOCK_CLASS = 7201;

// `WHERE $1 IS NOT NULL`: run with every parameter NULL (the append connection's warm-up, see
// AppendConnection.prepare) a statement is parsed and planned and inserts nothing.
/** Rows up to which the append is one VALUES list (prepared once per size); above, one unnest statement. */
const SMALL_BATCH = 8;
const lockedInsert = (rows: string) => `WITH l AS (SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1)))
       INSERT INTO draft_update (doc_name, "update", author_id)
       SELECT $1, v.u, v.a FROM l, ${rows} WHERE $1 IS NOT NULL ORDER BY v.n
       RETURNING id`;
/** The append statements for 1..SMALL_BATCH rows: a fixed, small set of texts. */
const smallStatements = Array.from({ length: SMALL_BATCH + 1 }, (_, n) =>
  lockedInsert(`(VALUES ${Array.from({ length: n }, (_, i) => `(${i}, $${i * 2 + 2}::bytea, $${i * 2 + 3}::uuid)`).join(', ')}) AS v(n, u, a)`),
);
/**
 * Any number of rows as two arrays: one statement text whatever the batch size (a text per size
 * would be thousands of distinct statements, each parsed and planned, and kept by PostgreSQL).
 */
const manyStatement = lockedInsert('unnest($2::bytea[], $3::uuid[]) WITH ORDINALITY AS v(u, a, n)');

/**
 * Durable Yjs state of the live drafts: an append-only log of updates (draft_update) compacted
 * into a merged snapshot (draft_snapshot). Loading = snapshot + the log after it.
 * The realtime service is the only writer; the API reads it to freeze versions.
 */
export class DraftStore {
  private readonly logger = new Logger('DraftStore');

  /**
   * Whether the append goes as a named prepared statement (parsed and planned once per
   * connection): on PostgreSQL, not on the embedded PGlite, which shares one backend between all
   * connections (a name prepared by one collides with another's). Asked once.
   */
  private prepared?: boolean;

  /** The dedicated append connection (PostgreSQL only), opened on the first append. */
  private lean?: AppendConnection;

  /** Set at shutdown: no more warm-ups. */
  private shutDown = false;

  constructor(private readonly ds: DataSource) {}

  /** Closes the append connection (Nest calls it at shutdown, after the live drafts are drained). */
  async onApplicationShutdown(): Promise<void> {
    this.shutDown = true;
    await this.lean?.close();
    this.lean = undefined;
  }

  private async detectPrepared(): Promise<boolean> {
    try {
      const rows: { v: string }[] = await this.ds.query('SELECT version() AS v');
      this.prepared = !String(rows[0]?.v).includes('PGlite');
    } catch {
      return false; // ask again next time
    }
    return this.prepared;
  }

  /**
   * Opens the append connection and prepares its statements (PostgreSQL only; a no-op on PGlite
   * and once done): the realtime service calls it when it loads a draft, so that the first edit
   * does not wait for a connection and a Parse (≈ 10 ms). Never throws: a failure is only logged,
   * the first append tries again.
   */
  async warm(): Promise<void> {
    if (this.shutDown) return;
    try {
      const pool = (this.ds.driver as unknown as { master?: Pool & { options?: ClientConfig } }).master;
      const prepared = this.prepared ?? (await this.detectPrepared());
      if (!prepared || !pool?.options) return;
      this.lean ??= new AppendConnection(pool.options, (n) => smallStatements[n]);
      await this.lean.prepare(Array.from({ length: SMALL_BATCH }, (_, i) => i + 1));
    } catch (err) {
      this.logger.warn(`append connection not warmed up: ${(err as Error).message}`);
    }
  }

  /** The merged state of a document (an empty update when nothing was ever stored). Throws on DB errors. */
  async load(docName: string, manager?: EntityManager): Promise<{ state: Uint8Array; lastUpdateId: string }> {
    const { doc, lastUpdateId } = await this.loadDoc(docName, manager);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { state, lastUpdateId };
  }

  /**
   * The document as a Y.Doc: snapshot and log read in ONE statement (one MVCC snapshot, so a
   * concurrent compaction can't make us miss rows), applied in one Yjs transaction (applying is
   * linear; Y.mergeUpdates over thousands of updates is not). Throws on DB errors: a caller must
   * never take a failed load for an empty document.
   */
  async loadDoc(docName: string, manager?: EntityManager): Promise<LoadedDoc> {
    const m = manager ?? this.ds.manager;
    const rows: { k: number; id: string | null; data: Buffer; last: string | null }[] = await m.query(
      `SELECT 0 AS k, NULL::bigint AS id, s.state AS data, s.last_update_id AS last FROM draft_snapshot s WHERE s.doc_name = $1
       UNION ALL
       SELECT 1 AS k, u.id, u."update" AS data, NULL AS last FROM draft_update u
        WHERE u.doc_name = $1 AND u.id > COALESCE((SELECT last_update_id FROM draft_snapshot WHERE doc_name = $1), 0)
       ORDER BY k, id`,
      [docName],
    );
    const doc = new Y.Doc();
    let lastUpdateId = '0';
    let bytes = 0;
    let logRows = 0;
    let snapshot: Uint8Array | null = null;
    let failed = false;
    Y.transact(doc, () => {
      for (const r of rows) {
        bytes += r.data.length;
        if (r.k === 0) lastUpdateId = String(r.last ?? '0');
        else {
          lastUpdateId = String(r.id);
          logRows++;
        }
        try {
          const update = new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
          Y.applyUpdate(doc, update);
          if (r.k === 0) snapshot = update;
        } catch (err) {
          failed = true;
          // Updates are validated before they are stored; a row that still can't be applied is
          // reported and skipped rather than making the whole draft unreadable.
          this.logger.error(`${docName}: ${r.k === 0 ? 'snapshot' : `update ${r.id}`} could not be applied: ${(err as Error).message}`);
        }
      }
    });
    return { doc, lastUpdateId, bytes, logRows, snapshot: logRows === 0 && !failed ? snapshot : null };
  }

  /**
   * Appends updates in ONE statement (one round trip: the group commit of the realtime service),
   * under the document's advisory lock. Returns the new ids, in the order of `updates`.
   */
  async append(docName: string, updates: StoredUpdate[]): Promise<string[]> {
    if (updates.length === 0) throw new Error('nothing to append');
    const small = updates.length <= SMALL_BATCH;
    const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    const pool = (this.ds.driver as unknown as { master?: Pool & { options?: ClientConfig } }).master;
    const prepared = this.prepared ?? (await this.detectPrepared());
    let rows: { id: string }[];
    if (small && prepared && pool?.options) {
      // the hot path (one edit, or the few that arrived during the previous write): the
      // dedicated pipelined connection, binary parameters, no pool checkout
      this.lean ??= new AppendConnection(pool.options, (n) => smallStatements[n]);
      const params: AppendParam[] = [docName];
      for (const u of updates) params.push(u.update, u.authorId);
      rows = (await this.lean.run(updates.length, params)).map((id) => ({ id }));
    } else {
      let params: unknown[];
      if (small) {
        params = [docName];
        for (const u of updates) params.push(buf(u.update), u.authorId);
      } else {
        params = [docName, updates.map((u) => buf(u.update)), updates.map((u) => u.authorId)];
      }
      const text = small ? smallStatements[updates.length] : manyStatement;
      // straight to the driver's pool (TypeORM's query runner costs more than the statement)
      const name = prepared ? `concertation_draft_append_${small ? updates.length : 'n'}` : undefined;
      rows = pool ? (await pool.query({ text, values: params, name })).rows : await this.ds.query(text, params);
    }
    if (rows.length !== updates.length) throw new Error(`append of ${updates.length} update(s) stored ${rows.length}`);
    // ids come from one sequence, taken row after row in insertion order (and stay below 2^53)
    const ids = rows.map((r) => Number(r.id));
    if (ids.length > 1) ids.sort((a, b) => a - b);
    return ids.map(String);
  }

  /**
   * Folds the log into the snapshot and deletes the folded rows: a crash leaves either the old
   * snapshot and log or the new ones.
   *
   * With `memory` (the realtime service holds the doc), the snapshot is the captured in-memory
   * state (no re-parse) and appends are never held up by the compaction: a short transaction
   * under the document's lock (the fence: it waits for the appends in flight, and every append
   * after it gets a higher id) lists the committed rows, then the fold runs without the lock,
   * and only moves the snapshot forward (a concurrent compaction of another node that got
   * further wins). Without `memory`, the snapshot and log are read and merged here, in one
   * transaction under the document's lock.
   */
  async compact(docName: string, memory?: InMemoryDraft): Promise<CompactionResult> {
    const none: CompactionResult = { compacted: 0, bytes: 0, through: null };
    if (!memory) return this.compactFromLog(docName);
    const ids = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1))`, [docName]);
      const rows: { id: string }[] = await m.query(
        'SELECT id FROM draft_update WHERE doc_name = $1 AND id > COALESCE((SELECT last_update_id FROM draft_snapshot WHERE doc_name = $1), 0) ORDER BY id',
        [docName],
      );
      return rows.map((r) => Number(r.id));
    });
    if (ids.length === 0) return none;
    const through = memory.appliedThrough(ids);
    if (through === null) return none;
    return this.ds.transaction(async (m) => {
      const moved = await this.writeSnapshot(m, docName, memory.state, String(through));
      if (!moved) return none;
      return { compacted: await this.deleteThrough(m, docName, String(through)), bytes: memory.state.length, through: String(through) };
    });
  }

  private async compactFromLog(docName: string): Promise<CompactionResult> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1))`, [docName]);
      const loaded = await this.loadDoc(docName, m);
      try {
        if (loaded.logRows === 0) return { compacted: 0, bytes: 0, through: null };
        const state = Y.encodeStateAsUpdate(loaded.doc);
        await this.writeSnapshot(m, docName, state, loaded.lastUpdateId);
        return { compacted: await this.deleteThrough(m, docName, loaded.lastUpdateId), bytes: state.length, through: loaded.lastUpdateId };
      } finally {
        loaded.doc.destroy();
      }
    });
  }

  /** Writes the snapshot unless the stored one already goes as far (whether it was written). */
  private async writeSnapshot(m: EntityManager, docName: string, state: Uint8Array, through: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO draft_snapshot (doc_name, state, last_update_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (doc_name) DO UPDATE SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = now()
       WHERE draft_snapshot.last_update_id < EXCLUDED.last_update_id
       RETURNING doc_name`,
      [docName, Buffer.from(state.buffer, state.byteOffset, state.byteLength), through],
    );
    return rows.length > 0;
  }

  /**
   * Deletes the folded log rows, keeping who stored what: the item ranges each deleted row
   * inserted → its author, in draft_provenance, in the same transaction (provenance never
   * depends on Yjs client ids, which clients choose, but on the server's record of each update).
   */
  private async deleteThrough(m: EntityManager, docName: string, through: string): Promise<number> {
    const res = await m.query('DELETE FROM draft_update WHERE doc_name = $1 AND id <= $2 RETURNING "update", author_id', [docName, through]);
    const rows: { update: Buffer; author_id: string | null }[] = Array.isArray(res) && Array.isArray(res[0]) ? res[0] : Array.isArray(res) ? res : [];
    await this.recordProvenance(m, docName, rows);
    return rows.length;
  }

  private async recordProvenance(m: EntityManager, docName: string, rows: { update: Buffer; author_id: string | null }[]): Promise<void> {
    const clients: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const users: (string | null)[] = [];
    for (const r of rows) {
      for (const [client, start, end] of insertedItems(r.update)) {
        clients.push(String(client));
        starts.push(start);
        ends.push(end);
        users.push(r.author_id);
      }
    }
    if (!clients.length) return;
    await m.query(
      `INSERT INTO draft_provenance (doc_name, client, clock_start, clock_end, user_id)
       SELECT $1, c, s, e, u FROM unnest($2::bigint[], $3::int[], $4::int[], $5::uuid[]) AS t(c, s, e, u)`,
      [docName, clients, starts, ends, users],
    );
  }

  /**
   * Who stored which Yjs items of a document: the ranges recorded at compaction plus those of
   * the rows still in the log. [client, clock start, clock end, user id].
   */
  async authorship(docName: string): Promise<{ client: number; clockStart: number; clockEnd: number; userId: string | null }[]> {
    const [kept, log]: [{ client: string; clock_start: number; clock_end: number; user_id: string | null }[], { update: Buffer; author_id: string | null }[]] = await Promise.all([
      this.ds.query('SELECT client, clock_start, clock_end, user_id FROM draft_provenance WHERE doc_name = $1', [docName]),
      this.ds.query('SELECT "update", author_id FROM draft_update WHERE doc_name = $1 ORDER BY id', [docName]),
    ]);
    const out = kept.map((r) => ({ client: Number(r.client), clockStart: r.clock_start, clockEnd: r.clock_end, userId: r.user_id }));
    for (const r of log) {
      for (const [client, clockStart, clockEnd] of insertedItems(r.update)) out.push({ client, clockStart, clockEnd, userId: r.author_id });
    }
    return out;
  }
}
