import * as Y from 'yjs';
import { encodeSavedAck, encodeUpdate } from '@app/contracts';
import type { RelayMessage } from './collab-relay';
import type { DocRoom } from './doc-room';
import type { RoomConnection } from './room-connection';

/** An update applied in memory, not yet stored. `frame` is the message relayed once it is stored. */
export interface Unsaved {
  update: Uint8Array;
  authorId: string | null;
  /** The connection it came from (not relayed back to it); null for a server-side edit. */
  origin: RoomConnection | null;
  frame: Uint8Array;
  /** Called once it is stored (after the relay), or with an error if it never will be. */
  onStored?: ((err?: Error) => void)[];
}

interface SyncRequest {
  conn: RoomConnection;
  stateVector: Uint8Array;
}

/** One stored row: one update, or several consecutive ones of one connection merged. */
interface Row {
  update: Uint8Array;
  authorId: string | null;
  origin: RoomConnection | null;
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
export const RELAY_ORIGIN = Symbol('relay');

/**
 * The write path of one room: updates already applied in memory are appended to PostgreSQL
 * with group commit (while one INSERT is in flight, everything that arrives waits for the next
 * one), and only once committed are they relayed to the other connections, acknowledged
 * (`saved-ack`) and published to the other nodes. A failed INSERT keeps everything, in order,
 * and retries (100 ms doubling to 5 s). A sync step 1 is answered with the state at the next
 * cut, sent after that cut is committed: no client ever receives something that is not stored.
 * Yjs has no rollback: after an update it could not apply, `rebuild` reloads the stored state
 * and re-applies what is unsaved.
 */
export class CommitPipeline {
  /** Connections that asked for saved acknowledgements. */
  acksCount = 0;
  rebuilding = false;
  private pending: Unsaved[] = [];
  private inflight: Batch | null = null;
  private syncWaiters: SyncRequest[] = [];
  private retryDelay = 0;
  private retryTimer?: NodeJS.Timeout;
  private rebuildBacklog: RelayMessage[] = [];

  constructor(private readonly room: DocRoom) {}

  /** Something applied in memory is not stored yet. */
  get busy(): boolean {
    return this.inflight !== null || this.pending.length > 0;
  }

  /** Queues an update (already applied to the document) for the next group commit. */
  enqueue(item: Unsaved): void {
    this.room.limits.taken(item.update.length);
    this.pending.push(item);
    this.flush();
  }

  /** Resolves once everything applied so far is stored (and relayed); rejects if some of it never will be. */
  whenStored(): Promise<void> {
    const last = this.pending.at(-1) ?? this.inflight?.items.at(-1);
    if (!last) return Promise.resolve();
    return new Promise((resolve, reject) => (last.onStored ??= []).push((err) => (err ? reject(err) : resolve())));
  }

  /** A client's sync step 1: answered with stored state only. */
  syncStep1(conn: RoomConnection, stateVector: Uint8Array): void {
    if (!this.rebuilding && !this.busy) {
      this.room.sendTo(conn, 'sync', this.room.syncReply(stateVector));
    } else if (!this.rebuilding && this.inflight && this.pending.length === 0) {
      // the document is exactly "stored + the batch in flight": answer once it is committed
      this.inflight.replies.push({ conn, stateVector, frame: this.room.syncReply(stateVector) });
    } else {
      this.syncWaiters.push({ conn, stateVector });
    }
  }

  private flush(): void {
    if (this.inflight || this.rebuilding || this.retryTimer || this.pending.length === 0 || this.room.disposed) return;
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
    const replies = exact ? this.syncWaiters.map((w) => ({ ...w, frame: this.room.syncReply(w.stateVector) })) : [];
    if (exact) this.syncWaiters = [];
    const ackStateVector = exact && this.acksCount > 0 ? Y.encodeStateVector(this.room.doc) : null;
    const batch: Batch = { items, rows, bytes, replies, ackStateVector };
    this.inflight = batch;
    this.room.host.store.append(this.room.name, rows.map((r) => ({ update: r.update, authorId: r.authorId }))).then(
      (ids) => this.committed(batch, ids),
      (err) => this.failed(batch, err as Error),
    );
  }

  private committed(batch: Batch, ids: string[]): void {
    const room = this.room;
    this.inflight = null;
    this.retryDelay = 0;
    room.limits.unsavedBytes -= batch.bytes;
    if (room.disposed) return settle(batch.items);
    const numericIds = ids.map(Number);
    room.compactor.stored(numericIds);
    for (const r of batch.replies) room.sendTo(r.conn, 'sync', r.frame);
    for (const row of batch.rows) {
      if (room.hasReceivers(row.origin)) room.broadcast('update', row.frame ?? encodeUpdate(row.update), row.origin);
    }
    if (batch.ackStateVector) {
      const ack = encodeSavedAck(batch.ackStateVector);
      for (const c of room.conns) if (c.acks) room.sendTo(c, 'saved-ack', ack);
    }
    room.host.relay.publishUpdates(
      room.name,
      numericIds,
      batch.rows.map((r) => r.update),
    );
    room.compactor.schedule();
    settle(batch.items);
    if (this.pending.length > 0) this.flush();
    else this.answerWaiters();
    if (room.idle) room.host.roomIdle(room);
  }

  private failed(batch: Batch, err: Error): void {
    this.inflight = null;
    if (this.room.disposed) return settle(batch.items, new Error('document unloaded before its updates were stored'));
    // Keep everything, in order, and retry: nothing was relayed or acknowledged.
    this.pending = batch.items.concat(this.pending);
    this.syncWaiters = batch.replies.map(({ conn, stateVector }) => ({ conn, stateVector })).concat(this.syncWaiters);
    this.retryDelay = Math.min(5000, Math.max(100, this.retryDelay * 2));
    this.room.host.logger.error(`${this.room.name}: storing ${batch.items.length} update(s) failed (${err.message}); retrying in ${this.retryDelay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.retryDelay);
  }

  /** Sync requests queued while updates were pending, once everything is stored. */
  private answerWaiters(): void {
    if (this.busy || this.rebuilding || this.syncWaiters.length === 0) return;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) this.room.sendTo(w.conn, 'sync', this.room.syncReply(w.stateVector));
  }

  /** Tries to store what is still unsaved (shutdown): retries at once instead of waiting for the timer. */
  async drain(deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      if (!this.busy) return true;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        this.flush();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return !this.busy;
  }

  /** A relayed message that arrived while the document is being rebuilt: applied after it. */
  backlog(msg: RelayMessage): void {
    if (this.rebuilding) this.rebuildBacklog.push(msg);
  }

  /** Yjs has no rollback: after an update it could not apply, reload the stored state and re-apply what is unsaved. */
  rebuild(): void {
    if (this.rebuilding) return;
    this.rebuilding = true;
    this.rebuildBacklog = [];
    const room = this.room;
    void (async () => {
      let delay = 100;
      for (;;) {
        if (room.disposed) return;
        try {
          const loaded = await room.host.store.loadDoc(room.name);
          if (room.disposed) return loaded.doc.destroy();
          const old = room.doc;
          room.setDoc(loaded.doc);
          old.destroy();
          const keep: Unsaved[] = [];
          const dropped: Unsaved[] = [];
          for (const u of [...(this.inflight?.items ?? []), ...this.pending]) {
            try {
              Y.applyUpdate(room.doc, u.update, u.origin);
              if (!this.inflight?.items.includes(u)) keep.push(u);
            } catch {
              room.host.logger.error(`${room.name}: dropped an unsaved update that no longer applies`);
              if (!this.inflight?.items.includes(u)) dropped.push(u);
            }
          }
          room.limits.unsavedBytes -= this.pending.reduce((s, u) => s + u.update.length, 0) - keep.reduce((s, u) => s + u.update.length, 0);
          this.pending = keep;
          settle(dropped, new Error('the update no longer applies to the stored document'));
          for (const msg of this.rebuildBacklog) if (msg.kind === 'updates') for (const u of msg.updates) room.tryApply(u, RELAY_ORIGIN);
          this.rebuildBacklog = [];
          room.compactor.loaded(loaded.lastUpdateId);
          room.limits.estimatedBytes = loaded.bytes + room.limits.unsavedBytes;
          this.rebuilding = false;
          room.host.logger.log(`${room.name}: rebuilt from the database`);
          this.flush();
          this.answerWaiters();
          if (room.idle) room.host.roomIdle(room);
          return;
        } catch (err) {
          room.host.logger.error(`${room.name}: rebuild failed (${(err as Error).message}); retrying`);
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(5000, delay * 2);
        }
      }
    })();
  }

  dispose(): void {
    clearTimeout(this.retryTimer);
    settle(this.pending.splice(0), new Error('document unloaded before its updates were stored'));
  }
}

function settle(items: Unsaved[], err?: Error): void {
  for (const item of items) for (const cb of item.onStored ?? []) cb(err);
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
