import * as Y from 'yjs';
import type { Logger } from '@nestjs/common';
import { AwarenessEntry, decodeAwarenessUpdate, mergeAmendments, MergeItem, MergeOutcome, encodeAwareness, encodeAwarenessUpdate, encodeSavedAck, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '@app/contracts';
import type { DraftStore } from '@app/database';
import type { CollabConfig } from './collab.config';
import { CollabConnection, editsDrafts, wsFrame } from './collab-connection';
import type { CollabRelay, RelayMessage } from './collab-relay';

/** What a room needs from the service that holds it. */
export interface RoomHost {
  readonly config: CollabConfig;
  readonly store: DraftStore;
  readonly relay: CollabRelay;
  readonly logger: Logger;
  close(conn: CollabConnection, code: number, reason: string): void;
  /** The room may have become idle (no connection, nothing to write): the host schedules its unload. */
  roomIdle(room: DocRoom): void;
}

/** An update applied in memory, not yet stored. `frame` is the message relayed once it is stored. */
interface Unsaved {
  update: Uint8Array;
  authorId: string | null;
  origin: CollabConnection | null;
  frame: Uint8Array;
  /** A server-side edit waits for its commit (see applyServerEdits). */
  saved?: () => void;
}

interface SyncRequest {
  conn: CollabConnection;
  stateVector: Uint8Array;
}

/** One stored row: one update, or several consecutive ones of one connection merged. */
interface Row {
  update: Uint8Array;
  authorId: string | null;
  origin: CollabConnection | null;
  /** The relayed message (the client's own frame when the row is one update). */
  frame: Uint8Array | null;
}

/** One group commit: the updates of one INSERT, and what is sent once it is committed. */
interface Batch {
  items: Unsaved[];
  rows: Row[];
  bytes: number;
  /** Sync step 2 replies computed at the cut (the document then = stored + this batch). */
  replies: (SyncRequest & { frame: Uint8Array })[];
  /** State vector at the cut, for the saved acknowledgements. */
  ackStateVector: Uint8Array | null;
}

interface PresenceEntry extends AwarenessEntry {
  /** The local connection speaking for this client id; null for a client of another node. */
  owner: CollabConnection | null;
  updatedAt: number;
}

export type ApplyResult = 'changed' | 'noop' | 'invalid' | 'too-large' | 'busy';

/** Updates taken into one group commit (merged into rows, see MERGE_CHUNK: ~10 ms of merging at most). */
const MAX_BATCH_UPDATES = 1024;
/**
 * Consecutive updates of one connection merged into one stored row and one relayed frame: a
 * paste, an import or a client replaying its offline edits is stored as a few rows (a row costs
 * PostgreSQL ~50 µs here, whatever its size) and relayed as a few frames. Merging 32 small
 * updates takes ~0.3 ms; Y.mergeUpdates grows quadratically (5000 take ~350 ms).
 */
const MERGE_CHUNK = 32;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
const MIN_COMPACTION_INTERVAL_MS = 5000;
const RELAY_ORIGIN = Symbol('relay');
const sameState = (a: Map<number, number>, b: Map<number, number>) => {
  if (a.size !== b.size) return false;
  for (const [client, clock] of b) if (a.get(client) !== clock) return false;
  return true;
};

/**
 * One live draft in memory: its Y.Doc, its connections, presence, and the write pipeline.
 *
 * An update from a client is applied to the in-memory doc at once (Yjs validates it there; an
 * update Yjs can't apply closes that connection and the doc is rebuilt from the database, since
 * Yjs has no rollback), queued, and appended to PostgreSQL with group commit: while one INSERT
 * is in flight, everything that arrives waits for the next one. Only after the commit is it
 * relayed to the other connections, acknowledged (`acks=1`) and published to the other nodes.
 * A sync step 1 is answered with the state at the next cut, sent after that cut is committed:
 * no client ever receives something that is not stored.
 */
export class DocRoom {
  readonly conns = new Set<CollabConnection>();
  doc!: Y.Doc;
  /** Set once the document is loaded. */
  ready = false;
  locked: boolean;
  workingGroupId: string;
  /** Connections that asked for saved acknowledgements. */
  private acksCount = 0;

  private pending: Unsaved[] = [];
  /** Bytes applied in memory and not stored yet (pending + in flight). */
  unsavedBytes = 0;
  private inflight: Batch | null = null;
  private syncWaiters: SyncRequest[] = [];
  private retryDelay = 0;
  private retryTimer?: NodeJS.Timeout;
  private rebuilding = false;
  private rebuildBacklog: RelayMessage[] = [];
  private relayBacklog: RelayMessage[] | null = [];
  private changed = false;

  /** Log ids known to be in `doc`: every id ≤ loadedThrough, and these. */
  private loadedThrough = 0;
  private readonly appliedIds = new Set<number>();
  private rowsSinceCompaction = 0;
  private compacting = false;
  /** When the last compaction started (performance.now()). */
  private lastCompactionAt = 0;
  private compactTimer?: NodeJS.Timeout;
  /** Upper bound of the encoded document size. */
  private estimatedBytes = 0;
  /** `Y.encodeStateAsUpdate(doc)` while the document does not change (see fullState). */
  private fullStateCache: Uint8Array | null = null;

  readonly presence = new Map<number, PresenceEntry>();
  private presenceCache: Uint8Array | null = null;
  private readonly presenceOut = new Map<number, AwarenessEntry>();
  private readonly presencePublish = new Map<number, AwarenessEntry>();
  private presenceFlush?: NodeJS.Immediate;
  unloadTimer?: NodeJS.Timeout;
  disposed = false;

  constructor(
    readonly name: string,
    readonly recommendationId: string,
    workingGroupId: string,
    locked: boolean,
    private readonly host: RoomHost,
  ) {
    this.workingGroupId = workingGroupId;
    this.locked = locked;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Subscribes to the other nodes first (buffering), then loads: no update can fall between the two. Throws on failure. */
  async load(): Promise<void> {
    await this.host.relay.subscribe(this.name, (msg) => this.onRelay(msg));
    void this.host.store.warm(); // the append connection, ready before the first edit
    const t0 = performance.now();
    const loaded = await this.host.store.loadDoc(this.name);
    const ms = performance.now() - t0;
    if (ms > 500) this.host.logger.log(`${this.name}: loaded in ${ms.toFixed(0)} ms (${loaded.bytes} bytes, ${loaded.logRows} log rows after the snapshot)`);
    this.setDoc(loaded.doc);
    // a snapshot with no log after it is the whole document, encoded: the first newcomers get it as is
    this.fullStateCache = loaded.snapshot;
    this.loadedThrough = Number(loaded.lastUpdateId);
    this.rowsSinceCompaction = loaded.logRows;
    this.estimatedBytes = loaded.bytes;
    const backlog = this.relayBacklog ?? [];
    this.relayBacklog = null;
    for (const msg of backlog) this.onRelay(msg);
    this.ready = true;
    this.host.relay.publishPresenceQuery(this.name);
    if (this.rowsSinceCompaction >= this.compactThreshold) this.compactNow();
  }

  private setDoc(doc: Y.Doc): void {
    this.doc = doc;
    this.fullStateCache = null;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      this.changed =
        tr.deleteSet.clients.size > 0 || !sameState(tr.beforeState, tr.afterState) || doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
      if (this.changed) this.fullStateCache = null;
    });
  }

  /** Nothing connected and nothing left to write: it may be dropped from memory. */
  get idle(): boolean {
    return this.conns.size === 0 && !this.inflight && this.pending.length === 0 && !this.compacting && !this.rebuilding;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.compactTimer);
    clearTimeout(this.unloadTimer);
    if (this.presenceFlush) clearImmediate(this.presenceFlush);
    void this.host.relay.unsubscribe(this.name);
    this.doc?.destroy();
  }

  /** Before an unload: fold the log into a snapshot so that the next load is one read. */
  async compactBeforeUnload(): Promise<void> {
    if (this.rowsSinceCompaction > 0 && !this.compacting) await this.compact();
  }

  /** Log rows stored since the last compaction that this room knows of (loaded, written or relayed): a shutdown compaction is worth it. */
  get needsCompaction(): boolean {
    return this.ready && !this.disposed && this.rowsSinceCompaction > 0;
  }

  /**
   * At shutdown, once everything is stored: folds the log into the snapshot, so that the next
   * start loads one row instead of replaying the log. Waits first for a compaction already in
   * flight (rows may have been stored after its cut). A failure is logged by `compact` and loses
   * nothing (one transaction). Not started past `deadline`. Whether the log is folded now.
   */
  async compactAtShutdown(deadline: number): Promise<boolean> {
    clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
    await this.settle(deadline);
    if (!this.needsCompaction) return true;
    if (this.compacting || this.rebuilding || Date.now() >= deadline) return false;
    return this.compact();
  }

  /** Waits (until `deadline`) for a compaction in flight to end: at shutdown the pool closes next. */
  async settle(deadline: number): Promise<void> {
    while (this.compacting && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Tries to store what is still unsaved (shutdown). */
  async drain(deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      if (!this.inflight && this.pending.length === 0) return true;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        this.flush();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return !this.inflight && this.pending.length === 0;
  }

  // ------------------------------------------------------------------ connections

  add(conn: CollabConnection): void {
    this.conns.add(conn);
    if (conn.acks) this.acksCount++;
    conn.canWrite = this.mayWrite(conn);
    clearTimeout(this.unloadTimer);
    this.unloadTimer = undefined;
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (this.presence.size > 0) conn.send(this.presenceFrame());
  }

  remove(conn: CollabConnection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.acks) this.acksCount--;
    if (conn.awarenessId !== null) {
      const entry = this.presence.get(conn.awarenessId);
      if (entry && entry.owner === conn) {
        this.deletePresence(conn.awarenessId);
        this.queuePresence({ clientId: entry.clientId, clock: entry.clock + 1, state: 'null' }, true);
      }
    }
    if (this.idle) this.host.roomIdle(this);
  }

  mayWrite(conn: CollabConnection): boolean {
    return !this.locked && editsDrafts(conn.role);
  }

  private sendTo(conn: CollabConnection, frame: Uint8Array): void {
    if (conn.closed) return;
    conn.send(frame);
    if (conn.buffered > this.host.config.maxBufferedBytes) this.host.close(conn, 1013, 'Connexion trop lente : reconnectez-vous');
  }

  /** The same message to every connection (but `except`), its websocket frame built once. */
  /** Whether a broadcast from `except` would reach anyone. */
  private hasReceivers(except: CollabConnection | null): boolean {
    return this.conns.size > (except !== null && this.conns.has(except) ? 1 : 0);
  }

  private broadcast(message: Uint8Array, except: CollabConnection | null): void {
    if (!this.hasReceivers(except)) return;
    const frame = wsFrame(message);
    const max = this.host.config.maxBufferedBytes;
    for (const c of this.conns) {
      if (c === except || c.closed) continue;
      if (c.sendFrame(frame, message) > max) this.host.close(c, 1013, 'Connexion trop lente : reconnectez-vous');
    }
  }

  // ------------------------------------------------------------------ sync

  /**
   * The whole document as one update, encoded once per state: every newcomer (empty state
   * vector: 200 people opening the draft at the start of a plenary) and the compaction share it.
   */
  private fullState(): Uint8Array {
    return (this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc));
  }

  private syncReply(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    return encodeSyncStep2(empty ? this.fullState() : Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /** A client's sync step 1: answered with stored state only (see the class comment). */
  syncStep1(conn: CollabConnection, stateVector: Uint8Array): void {
    if (!this.rebuilding && !this.inflight && this.pending.length === 0) {
      this.sendTo(conn, this.syncReply(stateVector));
    } else if (!this.rebuilding && this.inflight && this.pending.length === 0) {
      // the document is exactly "stored + the batch in flight": answer once it is committed
      this.inflight.replies.push({ conn, stateVector, frame: this.syncReply(stateVector) });
    } else {
      this.syncWaiters.push({ conn, stateVector });
    }
  }

  /**
   * An update from a connection that may write. Applies it, queues it for the next group
   * commit. Returns what happened; the caller closes the connection on 'invalid'/'too-large'/'busy'.
   */
  applyClientUpdate(conn: CollabConnection, update: Uint8Array, frame: Uint8Array): ApplyResult {
    const cfg = this.host.config;
    if (this.unsavedBytes + update.length > cfg.maxDocBytes) return 'busy'; // the database is not keeping up (or down)
    if (this.estimatedBytes + update.length > cfg.maxDocBytes) {
      this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
      if (this.estimatedBytes + update.length > cfg.maxDocBytes) return 'too-large';
    }
    this.changed = false;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      this.host.logger.warn(`${this.name}: update from user ${conn.userId} could not be applied (${(err as Error).message}); rebuilding the document`);
      this.rebuild();
      return 'invalid';
    }
    if (!this.changed) return 'noop';
    this.estimatedBytes += update.length;
    this.unsavedBytes += update.length;
    this.pending.push({ update, authorId: conn.userId, origin: conn, frame });
    this.flush();
    return 'changed';
  }

  /**
   * Server-side edits (merged amendments): one Yjs transaction per amendment, attributed to its
   * author, queued like a client's update (stored before it is relayed, in the next group
   * commit). Resolves once they are committed; what could not be located is skipped.
   */
  async applyServerEdits(items: MergeItem[]): Promise<MergeOutcome> {
    const saved: Promise<void>[] = [];
    const outcome = mergeAmendments(this.doc, items, (a, update) => {
      this.estimatedBytes += update.length;
      this.unsavedBytes += update.length;
      saved.push(new Promise<void>((resolve) => this.pending.push({ update, authorId: a.authorId, origin: null, frame: encodeUpdate(update), saved: resolve })));
    });
    this.flush();
    await Promise.all(saved);
    return outcome;
  }

  // ------------------------------------------------------------------ group commit

  private flush(): void {
    if (this.inflight || this.rebuilding || this.retryTimer || this.pending.length === 0 || this.disposed) return;
    let n = 0;
    let bytes = 0;
    while (n < this.pending.length && n < MAX_BATCH_UPDATES && (n === 0 || bytes + this.pending[n].update.length <= MAX_BATCH_BYTES)) {
      bytes += this.pending[n].update.length;
      n++;
    }
    const items = this.pending.splice(0, n);
    const rows = toRows(items);
    // The cut: if nothing is left pending, the doc is now "stored + this batch" exactly.
    const exact = this.pending.length === 0;
    const replies = exact ? this.syncWaiters.map((w) => ({ ...w, frame: this.syncReply(w.stateVector) })) : [];
    if (exact) this.syncWaiters = [];
    const ackStateVector = exact && this.acksCount > 0 ? Y.encodeStateVector(this.doc) : null;
    const batch: Batch = { items, rows, bytes, replies, ackStateVector };
    this.inflight = batch;
    this.host.store.append(this.name, rows.map((r) => ({ update: r.update, authorId: r.authorId }))).then(
      (ids) => this.committed(batch, ids),
      (err) => this.failed(batch, err as Error),
    );
  }

  private committed(batch: Batch, ids: string[]): void {
    this.inflight = null;
    this.retryDelay = 0;
    this.unsavedBytes -= batch.bytes;
    if (this.disposed) return;
    const numericIds = ids.map(Number);
    for (const id of numericIds) this.appliedIds.add(id);
    this.rowsSinceCompaction += ids.length;
    for (const r of batch.replies) this.sendTo(r.conn, r.frame);
    for (const item of batch.items) item.saved?.();
    for (const row of batch.rows) {
      if (this.hasReceivers(row.origin)) this.broadcast(row.frame ?? encodeUpdate(row.update), row.origin);
    }
    if (batch.ackStateVector) {
      const ack = encodeSavedAck(batch.ackStateVector);
      for (const c of this.conns) if (c.acks) this.sendTo(c, ack);
    }
    this.host.relay.publishUpdates(
      this.name,
      numericIds,
      batch.rows.map((r) => r.update),
    );
    this.scheduleCompaction();
    if (this.pending.length > 0) this.flush();
    else this.answerWaiters();
    if (this.idle) this.host.roomIdle(this);
  }

  private failed(batch: Batch, err: Error): void {
    this.inflight = null;
    if (this.disposed) return;
    // Keep everything, in order, and retry: nothing was relayed or acknowledged.
    this.pending = batch.items.concat(this.pending);
    this.syncWaiters = batch.replies.map(({ conn, stateVector }) => ({ conn, stateVector })).concat(this.syncWaiters);
    this.retryDelay = Math.min(5000, Math.max(100, this.retryDelay * 2));
    this.host.logger.error(`${this.name}: storing ${batch.items.length} update(s) failed (${err.message}); retrying in ${this.retryDelay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.retryDelay);
  }

  /** Sync requests queued while updates were pending, once everything is stored. */
  private answerWaiters(): void {
    if (this.inflight || this.rebuilding || this.pending.length > 0 || this.syncWaiters.length === 0) return;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) this.sendTo(w.conn, this.syncReply(w.stateVector));
  }

  /** Yjs has no rollback: after an update it could not apply, reload the stored state and re-apply what is unsaved. */
  private rebuild(): void {
    if (this.rebuilding) return;
    this.rebuilding = true;
    this.rebuildBacklog = [];
    void (async () => {
      let delay = 100;
      for (;;) {
        if (this.disposed) return;
        try {
          const loaded = await this.host.store.loadDoc(this.name);
          if (this.disposed) return loaded.doc.destroy();
          const old = this.doc;
          this.setDoc(loaded.doc);
          old.destroy();
          const keep: Unsaved[] = [];
          for (const u of [...(this.inflight?.items ?? []), ...this.pending]) {
            try {
              Y.applyUpdate(this.doc, u.update, u.origin);
              if (!this.inflight?.items.includes(u)) keep.push(u);
            } catch {
              this.host.logger.error(`${this.name}: dropped an unsaved update that no longer applies`);
            }
          }
          this.unsavedBytes -= this.pending.reduce((s, u) => s + u.update.length, 0) - keep.reduce((s, u) => s + u.update.length, 0);
          this.pending = keep;
          for (const msg of this.rebuildBacklog) if (msg.kind === 'updates') for (const u of msg.updates) this.tryApply(u, RELAY_ORIGIN);
          this.rebuildBacklog = [];
          this.loadedThrough = Math.max(this.loadedThrough, Number(loaded.lastUpdateId));
          this.estimatedBytes = loaded.bytes + this.unsavedBytes;
          this.rebuilding = false;
          this.host.logger.log(`${this.name}: rebuilt from the database`);
          this.flush();
          this.answerWaiters();
          if (this.idle) this.host.roomIdle(this);
          return;
        } catch (err) {
          this.host.logger.error(`${this.name}: rebuild failed (${(err as Error).message}); retrying`);
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(5000, delay * 2);
        }
      }
    })();
  }

  private tryApply(update: Uint8Array, origin: unknown): boolean {
    try {
      Y.applyUpdate(this.doc, update, origin);
      return true;
    } catch (err) {
      this.host.logger.error(`${this.name}: a stored update could not be applied: ${(err as Error).message}`);
      return false;
    }
  }

  // ------------------------------------------------------------------ other nodes

  /** Updates (already stored) and presence from another node: apply, relay to our clients. */
  onRelay(msg: RelayMessage): void {
    if (this.relayBacklog) {
      this.relayBacklog.push(msg);
      return;
    }
    if (this.disposed) return;
    if (msg.kind === 'updates') {
      if (this.rebuilding) this.rebuildBacklog.push(msg);
      msg.updates.forEach((update, i) => {
        this.tryApply(update, RELAY_ORIGIN);
        this.appliedIds.add(msg.ids[i]);
        this.estimatedBytes += update.length;
        this.broadcast(encodeUpdate(update), null);
      });
      this.rowsSinceCompaction += msg.ids.length;
      this.scheduleCompaction();
    } else if (msg.kind === 'presence-query') {
      const ours = [...this.presence.values()].filter((e) => e.owner !== null);
      if (ours.length) this.host.relay.publishAwareness(this.name, encodeAwarenessUpdate(ours));
    } else {
      let entries: AwarenessEntry[];
      try {
        entries = decodeAwarenessUpdate(msg.update);
      } catch {
        return;
      }
      const now = Date.now();
      for (const e of entries) {
        const local = this.presence.get(e.clientId);
        if (local?.owner) continue; // ours: the other node relays a stale copy
        if (e.state === 'null') this.deletePresence(e.clientId);
        else this.setPresence({ ...e, owner: null, updatedAt: now });
        this.queuePresence(e, false);
      }
    }
  }

  /** Multi-node safety net (Redis pub/sub may drop messages): read what the log has that we lack. */
  async catchUp(): Promise<void> {
    if (!this.ready || this.rebuilding || this.disposed) return;
    const loaded = await this.host.store.loadDoc(this.name);
    try {
      if (this.disposed || this.rebuilding) return;
      const missing = Y.diffUpdate(Y.encodeStateAsUpdate(loaded.doc), Y.encodeStateVector(this.doc));
      const before = Y.encodeStateVector(this.doc);
      this.changed = false;
      if (!this.tryApply(missing, RELAY_ORIGIN) || !this.changed) return;
      this.loadedThrough = Math.max(this.loadedThrough, Number(loaded.lastUpdateId));
      this.broadcast(encodeUpdate(Y.encodeStateAsUpdate(this.doc, before)), null);
      this.host.logger.warn(`${this.name}: caught up with updates the relay had not delivered`);
    } finally {
      loaded.doc.destroy();
    }
  }

  // ------------------------------------------------------------------ presence

  private presenceFrame(): Uint8Array {
    if (!this.presenceCache) this.presenceCache = encodeAwareness(encodeAwarenessUpdate([...this.presence.values()]));
    return this.presenceCache;
  }

  private setPresence(entry: PresenceEntry): void {
    this.presence.set(entry.clientId, entry);
    this.presenceCache = null;
  }

  private deletePresence(clientId: number): void {
    if (this.presence.delete(clientId)) this.presenceCache = null;
  }

  /**
   * Presence changes go out once per event-loop turn, all in one awareness update: when 200
   * people join at once, each socket gets a few frames instead of one per newcomer.
   */
  private queuePresence(entry: AwarenessEntry, publish: boolean): void {
    this.presenceOut.set(entry.clientId, entry);
    if (publish) this.presencePublish.set(entry.clientId, entry);
    if (this.presenceFlush) return;
    this.presenceFlush = setImmediate(() => {
      this.presenceFlush = undefined;
      if (this.disposed) return;
      const out = [...this.presenceOut.values()];
      const pub = [...this.presencePublish.values()];
      this.presenceOut.clear();
      this.presencePublish.clear();
      if (out.length) this.broadcast(encodeAwareness(encodeAwarenessUpdate(out)), null);
      if (pub.length) this.host.relay.publishAwareness(this.name, encodeAwarenessUpdate(pub));
    });
  }

  queryPresence(conn: CollabConnection): void {
    if (this.presence.size > 0) this.sendTo(conn, this.presenceFrame());
  }

  /**
   * Presence from a connection: one client id per connection, the display name from the token.
   * Relayed to every connection, the sender too (y-websocket clients count it as a sign of life:
   * their 30 s watchdog).
   */
  applyPresence(conn: CollabConnection, entries: AwarenessEntry[]): 'ok' | 'too-large' | 'malformed' {
    const now = Date.now();
    for (const e of entries) {
      if (conn.awarenessId === null) conn.awarenessId = e.clientId;
      if (e.clientId !== conn.awarenessId) continue; // speaking for someone else: refused
      if (e.state.length > this.host.config.maxAwarenessBytes) return 'too-large';
      let state = 'null';
      if (e.state !== 'null') {
        if (e.state === conn.lastAwarenessIn) state = conn.lastAwarenessOut!;
        else {
          const rewritten = withName(e.state, conn.displayName);
          if (rewritten === null) return 'malformed';
          conn.lastAwarenessIn = e.state;
          conn.lastAwarenessOut = state = rewritten;
        }
      }
      if (state === 'null') this.deletePresence(e.clientId);
      else this.setPresence({ clientId: e.clientId, clock: e.clock, state, owner: conn, updatedAt: now });
      this.queuePresence({ clientId: e.clientId, clock: e.clock, state }, true);
    }
    return 'ok';
  }

  /** Drops presence of other nodes' clients not renewed for a while (a node that died can't say goodbye). */
  prunePresence(maxAgeMs: number): void {
    const limit = Date.now() - maxAgeMs;
    for (const [id, e] of this.presence) {
      if (e.owner === null && e.updatedAt < limit) {
        this.deletePresence(id);
        this.queuePresence({ clientId: id, clock: e.clock + 1, state: 'null' }, false);
      }
    }
  }

  // ------------------------------------------------------------------ compaction

  /** Rewriting the snapshot costs its size: a big document is compacted after more updates (one per 256 bytes of snapshot: the log stays under a third of the snapshot when updates are small). */
  private get compactThreshold(): number {
    return Math.max(this.host.config.compactEvery, Math.floor(this.estimatedBytes / 256));
  }

  private scheduleCompaction(): void {
    const rows = this.rowsSinceCompaction;
    const threshold = this.compactThreshold;
    // Each compaction rewrites the whole snapshot: under a burst (a paste, an import, a client
    // replaying its offline edits) at most one every MIN_COMPACTION_INTERVAL_MS, unless the log
    // reaches 4× the threshold (which bounds what a load after a crash replays).
    if (rows >= threshold && (rows >= 4 * threshold || performance.now() - this.lastCompactionAt >= MIN_COMPACTION_INTERVAL_MS)) {
      return this.compactNow();
    }
    // one timer per room, pushed back by each write (no new timer per update)
    if (this.compactTimer) this.compactTimer.refresh();
    else {
      this.compactTimer = setTimeout(() => {
        this.compactTimer = undefined;
        this.compactNow();
      }, this.host.config.compactIdleMs);
      this.compactTimer.unref();
    }
  }

  private compactNow(): void {
    clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
    if (this.compacting || this.rebuilding || this.disposed || this.rowsSinceCompaction === 0) return;
    void this.compact().finally(() => {
      if (this.idle) this.host.roomIdle(this);
    });
  }

  /**
   * Whether it went through (false: failed, logged; the log is kept). The state is captured at
   * once (with the ids it holds); edits go on being stored and relayed while the snapshot is
   * written (see DraftStore.compact).
   */
  private async compact(): Promise<boolean> {
    this.compacting = true;
    this.lastCompactionAt = performance.now();
    try {
      // never a state tainted by an update Yjs failed to apply
      if (this.rebuilding) throw new Error('document being rebuilt');
      // the in-memory state may hold unsaved updates too: storing more than the log is harmless
      const state = this.fullState();
      const loadedThrough = this.loadedThrough;
      const known = new Set(this.appliedIds);
      const estimatedAtCapture = this.estimatedBytes;
      const res = await this.host.store.compact(this.name, {
        state,
        appliedThrough: (ids) => {
          let through: number | null = null;
          for (const id of ids) {
            if (id <= loadedThrough || known.has(id)) through = id;
            else break;
          }
          return through;
        },
      });
      if (res.through !== null) {
        const upTo = Number(res.through);
        for (const id of this.appliedIds) if (id <= upTo) this.appliedIds.delete(id);
        this.loadedThrough = Math.max(this.loadedThrough, upTo);
        this.rowsSinceCompaction = this.appliedIds.size;
        if (!this.rebuilding) this.estimatedBytes = res.bytes + Math.max(0, this.estimatedBytes - estimatedAtCapture);
      }
      return true;
    } catch (err) {
      if (this.rebuilding) this.host.logger.warn(`${this.name}: compaction skipped, the document is being rebuilt`);
      else this.host.logger.error(`${this.name}: compaction failed: ${(err as Error).message}`);
      return false;
    } finally {
      this.compacting = false;
    }
  }
}

/** The batch's rows: runs of consecutive updates of one connection, up to MERGE_CHUNK, merged. */
function toRows(items: Unsaved[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    while (j < items.length && j - i < MERGE_CHUNK && items[j].origin === items[i].origin && items[j].authorId === items[i].authorId) j++;
    const first = items[i];
    let merged: Uint8Array | null = null;
    if (j - i > 1) {
      try {
        merged = Y.mergeUpdates(items.slice(i, j).map((u) => u.update));
      } catch {
        merged = null; // each one was applied to the doc: stored one by one then
      }
    }
    if (merged) rows.push({ update: merged, authorId: first.authorId, origin: first.origin, frame: null });
    else for (let k = i; k < j; k++) rows.push({ update: items[k].update, authorId: items[k].authorId, origin: items[k].origin, frame: items[k].frame });
    i = j;
  }
  return rows;
}

/**
 * The awareness state with `user.name` set to the account's display name (other `user` fields,
 * e.g. the colour, are kept). Null when the state is not JSON.
 */
export function withName(stateJson: string, name: string): string | null {
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    return null;
  }
  if (state === null) return 'null';
  const obj: Record<string, unknown> = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  const user = obj.user && typeof obj.user === 'object' && !Array.isArray(obj.user) ? (obj.user as Record<string, unknown>) : {};
  obj.user = { ...user, name };
  return JSON.stringify(obj);
}

