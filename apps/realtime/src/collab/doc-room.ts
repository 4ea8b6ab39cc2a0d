import * as Y from 'yjs';
import type { Logger } from '@nestjs/common';
import { AwarenessEntry, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '@app/contracts';
import type { DraftStore } from '@app/database';
import type { CollabConfig } from './collab.config';
import type { CollabRelay, RelayMessage } from './collab-relay';
import { asBuffer } from './collab-connection';
import { CommitPipeline, RELAY_ORIGIN } from './commit-pipeline';
import { Compactor } from './compactor';
import { clockProblem, schemaProblem } from './draft-schema';
import { editsDrafts, RoomConnection, RoomMessageKind } from './room-connection';
import { RoomLimits } from './room-limits';
import { PresenceResult, RoomPresence } from './room-presence';

/** What a room needs from the service that holds it. */
export interface RoomHost {
  readonly config: CollabConfig;
  readonly store: DraftStore;
  readonly relay: CollabRelay;
  readonly logger: Logger;
  /** The room may have become idle (no connection, nothing to write): the host schedules its unload. */
  roomIdle(room: DocRoom): void;
}

export type ApplyResult = 'changed' | 'noop' | 'invalid' | 'too-large' | 'busy';

/** A server-side edit could not be taken (see DocRoom.applyEdit). */
export class EditRefused extends Error {
  constructor(readonly reason: 'not-loaded' | 'rebuilding' | 'too-large' | 'busy') {
    super(`edit refused: ${reason}`);
  }
}

const SERVER_ORIGIN = Symbol('server');
const sameState = (a: Map<number, number>, b: Map<number, number>) => {
  if (a.size !== b.size) return false;
  for (const [client, clock] of b) if (a.get(client) !== clock) return false;
  return true;
};

/**
 * One live draft in memory: its Y.Doc and its connections. An update (from a connection, from
 * the server, from another node) is applied to the document at once (Yjs validates it there; an
 * update Yjs can't apply closes that connection and the document is rebuilt from the database,
 * since Yjs has no rollback), then handed to the parts:
 * - `commits` (commit-pipeline.ts): group commit, retries, acks; relays only what is stored;
 * - `presence` (room-presence.ts): awareness, its `user` field set by the server;
 * - `compactor` (compactor.ts): folds the log into the snapshot in the background;
 * - `limits` (room-limits.ts): document size and unsaved bytes.
 * Connections are `RoomConnection`s: the room knows no transport. The service that holds the
 * room authenticates, decodes messages, keeps rights up to date and unloads idle rooms.
 */
export class DocRoom {
  readonly conns = new Set<RoomConnection>();
  doc!: Y.Doc;
  /** Set once the document is loaded. */
  ready = false;
  disposed = false;
  locked: boolean;
  workingGroupId: string;
  unloadTimer?: NodeJS.Timeout;
  readonly limits = new RoomLimits(this);
  readonly commits = new CommitPipeline(this);
  readonly presence = new RoomPresence(this);
  readonly compactor = new Compactor(this);
  /** Whether the last transaction on `doc` changed it (set by its afterTransaction handler). */
  private changed = false;
  /** The connection whose update is being applied, and what the draft schema found wrong in it. */
  private checking: RoomConnection | null = null;
  private problem: string | null = null;
  /** `Y.encodeStateAsUpdate(doc)` while the document does not change (see fullState). */
  private fullStateCache: Uint8Array | null = null;
  /** Relayed messages that arrived before the document was loaded. */
  private relayBacklog: RelayMessage[] | null = [];

  constructor(
    readonly name: string,
    readonly recommendationId: string,
    workingGroupId: string,
    locked: boolean,
    readonly host: RoomHost,
  ) {
    this.workingGroupId = workingGroupId;
    this.locked = locked;
  }

  // ------------------------------------------------------------------ the document

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
    this.compactor.loaded(loaded.lastUpdateId, loaded.logRows);
    this.limits.estimatedBytes = loaded.bytes;
    const backlog = this.relayBacklog ?? [];
    this.relayBacklog = null;
    for (const msg of backlog) this.onRelay(msg);
    this.ready = true;
    this.host.relay.publishPresenceQuery(this.name);
    this.compactor.scheduleIfLong();
  }

  setDoc(doc: Y.Doc): void {
    this.doc = doc;
    this.fullStateCache = null;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      this.changed =
        tr.deleteSet.clients.size > 0 || !sameState(tr.beforeState, tr.afterState) || doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
      if (this.changed) this.fullStateCache = null;
      if (this.checking !== null && tr.origin === this.checking) this.problem ??= schemaProblem(tr);
    });
  }

  get rebuilding(): boolean {
    return this.commits.rebuilding;
  }

  /** Nothing connected and nothing left to write: it may be dropped from memory. */
  get idle(): boolean {
    return this.conns.size === 0 && !this.commits.busy && !this.compactor.compacting && !this.rebuilding;
  }

  dispose(): void {
    this.disposed = true;
    this.commits.dispose();
    this.compactor.dispose();
    this.presence.dispose();
    clearTimeout(this.unloadTimer);
    void this.host.relay.unsubscribe(this.name);
    this.doc?.destroy();
  }

  /**
   * The whole document as one update, encoded once per state: every newcomer (empty state
   * vector: 200 people opening the draft at the start of a plenary) and the compaction share it.
   */
  fullState(): Uint8Array {
    return (this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc));
  }

  syncReply(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    return encodeSyncStep2(empty ? this.fullState() : Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /** Applies a stored update (relayed, replayed); false (logged) when Yjs refuses it. */
  tryApply(update: Uint8Array, origin: unknown): boolean {
    try {
      Y.applyUpdate(this.doc, update, origin);
      return true;
    } catch (err) {
      this.host.logger.error(`${this.name}: a stored update could not be applied: ${(err as Error).message}`);
      return false;
    }
  }

  // ------------------------------------------------------------------ connections

  add(conn: RoomConnection): void {
    this.conns.add(conn);
    if (conn.acks) this.commits.acksCount++;
    conn.canWrite = this.mayWrite(conn);
    clearTimeout(this.unloadTimer);
    this.unloadTimer = undefined;
    conn.send('sync', encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (this.presence.size > 0) conn.send('awareness', this.presence.frame());
  }

  remove(conn: RoomConnection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.acks) this.commits.acksCount--;
    this.presence.left(conn);
    if (this.idle) this.host.roomIdle(this);
  }

  mayWrite(conn: RoomConnection): boolean {
    return !this.locked && editsDrafts(conn.role);
  }

  sendTo(conn: RoomConnection, kind: RoomMessageKind, message: Uint8Array): void {
    if (conn.closed) return;
    if (conn.send(kind, message) > this.host.config.maxBufferedBytes) conn.close(1013, 'Connexion trop lente : reconnectez-vous');
  }

  /** Whether a broadcast from `except` would reach anyone. */
  hasReceivers(except: RoomConnection | null): boolean {
    return this.conns.size > (except !== null && this.conns.has(except) ? 1 : 0);
  }

  /** The same message to every connection (but `except`), as one shared buffer. */
  broadcast(kind: RoomMessageKind, message: Uint8Array, except: RoomConnection | null): void {
    if (!this.hasReceivers(except)) return;
    const shared = asBuffer(message);
    for (const c of this.conns) if (c !== except) this.sendTo(c, kind, shared);
  }

  // ------------------------------------------------------------------ messages of a connection

  /** A client's sync step 1: answered with stored state only (see CommitPipeline). */
  syncStep1(conn: RoomConnection, stateVector: Uint8Array): void {
    this.commits.syncStep1(conn, stateVector);
  }

  /**
   * An update from a connection that may write. Applies it, queues it for the next group
   * commit. Returns what happened; the caller closes the connection on 'invalid'/'too-large'/'busy'.
   * `frame` is the y-websocket message relayed once it is stored (the client's own when it can).
   */
  applyClientUpdate(conn: RoomConnection, update: Uint8Array, frame: Uint8Array = encodeUpdate(update)): ApplyResult {
    const admission = this.limits.admit(update.length);
    if (admission !== 'ok') return admission;
    let problem: string | null;
    try {
      problem = clockProblem(update);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem) {
      // refused before it touches the document: nothing to undo
      this.host.logger.warn(`${this.name}: update from user ${conn.userId} refused: ${problem}`);
      return 'invalid';
    }
    this.changed = false;
    this.checking = conn;
    this.problem = null;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      this.host.logger.warn(`${this.name}: update from user ${conn.userId} could not be applied (${(err as Error).message}); rebuilding the document`);
      this.commits.rebuild();
      return 'invalid';
    } finally {
      this.checking = null;
    }
    if (this.problem) {
      // well-formed Yjs, but not what the editor's fragment can hold: never stored, and since
      // Yjs can't roll back, the document is rebuilt from what is stored
      this.host.logger.warn(`${this.name}: update from user ${conn.userId} refused (${this.problem}); rebuilding the document`);
      this.problem = null;
      this.commits.rebuild();
      return 'invalid';
    }
    if (!this.changed) return 'noop';
    this.commits.enqueue({ update, authorId: conn.userId, origin: conn, frame });
    return 'changed';
  }

  applyPresence(conn: RoomConnection, entries: AwarenessEntry[]): PresenceResult {
    return this.presence.apply(conn, entries);
  }

  queryPresence(conn: RoomConnection): void {
    this.presence.query(conn);
  }

  /** Resolves once everything applied so far (e.g. a connection's last update) is stored and relayed. */
  whenStored(): Promise<void> {
    return this.commits.whenStored();
  }

  // ------------------------------------------------------------------ edits by the server

  /**
   * An edit made by the server on behalf of `authorId` (e.g. merging amendments): `edit` changes
   * `doc` in one transaction; the update it produces is stored like any client's (same log, same
   * author column, group commit), and only then relayed to every connection and the other nodes.
   * Resolves once stored, with the document's state vector then (`changed` false: the edit
   * changed nothing and nothing was stored). Rejects with `EditRefused` when the room is not
   * loaded, being rebuilt, or the document would exceed its size limit; an exception thrown by
   * `edit` is passed on (what it did before throwing is kept and stored, as Yjs cannot roll back).
   * The lock is not checked here: the caller decides whether a locked draft may be changed.
   */
  async applyEdit(authorId: string, edit: (doc: Y.Doc) => void): Promise<{ changed: boolean; stateVector: Uint8Array }> {
    if (!this.ready || this.disposed) throw new EditRefused('not-loaded');
    if (this.rebuilding) throw new EditRefused('rebuilding');
    const admission = this.limits.admit(0);
    if (admission !== 'ok') throw new EditRefused(admission);
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array, origin: unknown) => origin === SERVER_ORIGIN && updates.push(update);
    this.doc.on('update', collect);
    let failure: unknown = null;
    try {
      this.doc.transact((tr) => {
        try {
          edit(tr.doc);
        } catch (err) {
          failure = err;
        }
      }, SERVER_ORIGIN);
    } finally {
      this.doc.off('update', collect);
    }
    for (const update of updates) this.commits.enqueue({ update, authorId, origin: null, frame: encodeUpdate(update) });
    const stored = this.commits.whenStored();
    if (failure) {
      stored.catch(() => undefined);
      throw failure;
    }
    await stored;
    return { changed: updates.length > 0, stateVector: Y.encodeStateVector(this.doc) };
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
      this.commits.backlog(msg);
      msg.updates.forEach((update) => {
        this.tryApply(update, RELAY_ORIGIN);
        this.limits.estimatedBytes += update.length;
        this.broadcast('update', encodeUpdate(update), null);
      });
      this.compactor.stored(msg.ids);
      this.compactor.schedule();
    } else if (msg.kind === 'presence-query') {
      this.presence.answerQuery();
    } else {
      this.presence.fromNode(msg.update);
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
      this.compactor.loaded(loaded.lastUpdateId);
      this.broadcast('update', encodeUpdate(Y.encodeStateAsUpdate(this.doc, before)), null);
      this.host.logger.warn(`${this.name}: caught up with updates the relay had not delivered`);
    } finally {
      loaded.doc.destroy();
    }
  }

  // ------------------------------------------------------------------ shutdown and unload (called by the host)

  /** Log rows stored since the last compaction that this room knows of: a shutdown compaction is worth it. */
  get needsCompaction(): boolean {
    return this.compactor.needed;
  }

  compactBeforeUnload(): Promise<void> {
    return this.compactor.beforeUnload();
  }

  compactAtShutdown(deadline: number): Promise<boolean> {
    return this.compactor.atShutdown(deadline);
  }

  settle(deadline: number): Promise<void> {
    return this.compactor.settle(deadline);
  }

  /** Tries to store what is still unsaved (shutdown). */
  drain(deadline: number): Promise<boolean> {
    return this.commits.drain(deadline);
  }

  prunePresence(maxAgeMs: number): void {
    this.presence.prune(maxAgeMs);
  }
}
