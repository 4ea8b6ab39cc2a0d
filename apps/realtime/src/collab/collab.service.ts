import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { EventBus } from '@app/bus';
import { ClientMessage, CloseCode, decodeClientMessage, docNameFor, encodeUpdate, mergeOne, MergeOutcome, PlatformEvents, recommendationIdOf, verifyAccessToken, YDecodeError } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DraftStore } from '@app/database';
import { GROUP_ROLES, GroupRole } from '@app/domain';
import { COLLAB_CONFIG, CollabConfig } from './collab.config';
import { CollabAccess, AccessDecision } from './collab-access';
import { CollabConnection, TokenBucket } from './collab-connection';
import { CollabRelay } from './collab-relay';
import { DocRoom, EditRefused, RoomHost } from './doc-room';
import { editsDrafts, type RoomConnection } from './room-connection';

export const COLLAB_PATH = '/collab/';
const HEARTBEAT_MS = 30_000;
/** Messages a connection may send before its document is ready (they are processed then). */
const MAX_EARLY_MESSAGES = 256;
/** Documents compacted at once at shutdown: each one writes its whole snapshot in a transaction (and encodes it on the event loop). */
const SHUTDOWN_COMPACTIONS = 3;

/** Close reasons (at most 123 bytes of UTF-8). */
export const Reason = {
  BadToken: 'Jeton absent, invalide ou expiré',
  Forbidden: 'Accès refusé à ce brouillon',
  Removed: 'Vous ne faites plus partie de ce groupe de travail',
  UnknownDocument: 'Document inconnu',
  Malformed: 'Message mal formé',
  BadUpdate: 'Mise à jour Yjs invalide',
  TooMany: 'Trop de messages',
  TooLarge: 'Message trop volumineux',
  DocTooLarge: 'Document trop volumineux',
  Unavailable: 'Brouillon momentanément indisponible',
  Busy: 'Enregistrement en retard, reconnectez-vous',
  Restart: 'Redémarrage du serveur',
  Resync: 'Resynchronisation nécessaire',
  Internal: 'Erreur interne',
} as const;

export type Opened =
  | { ok: true; claims: NonNullable<ReturnType<typeof verifyAccessToken>>; decision: Extract<AccessDecision, { ok: true }>; room: DocRoom }
  | { ok: false; code: number; reason: string };

/** Beyond API.md's codes: an update that would make the document larger than allowed. */
export const DOC_TOO_LARGE = 4413;

/**
 * The live-draft server: y-websocket protocol at `/collab/<docName>?token=…[&acks=1]`.
 * Authenticates and authorises once per connection (token, then one query), keeps `canWrite`
 * per connection up to date from the bus events (lock, membership) and a periodic re-check,
 * and hands the messages to the document's room. See DocRoom for durability.
 */
/** How long a node that does not hold a document lets the ones that do claim a server-side edit (multi-node only). */
const SERVER_EDIT_HEAD_START_MS = 150;

@Injectable()
export class CollabService implements RoomHost, OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  readonly logger = new Logger('Collab');
  readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, DocRoom>();
  private readonly loading = new Map<string, Promise<DocRoom>>();
  private readonly conns = new Set<CollabConnection>();
  private readonly unsubscribe: (() => void)[] = [];
  private heartbeat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly app: AppConfig,
    @Inject(COLLAB_CONFIG) readonly config: CollabConfig,
    readonly store: DraftStore,
    readonly relay: CollabRelay,
    private readonly access: CollabAccess,
    @Inject(EventBus) private readonly bus: EventBus,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.bus.subscribe('recommendation.locked', ({ recommendationId, locked }) => {
        this.access.invalidate();
        const room = this.rooms.get(docNameFor(recommendationId));
        if (!room) return;
        room.locked = locked;
        for (const conn of [...room.conns]) this.applyRights(room, conn);
      }),
      this.bus.subscribe('membership.changed', ({ workingGroupId, userId, role }) => {
        this.access.invalidate();
        const groupRole = (GROUP_ROLES as readonly string[]).includes(role ?? '') ? (role as GroupRole) : null;
        for (const room of this.rooms.values()) {
          if (room.workingGroupId !== workingGroupId) continue;
          for (const conn of [...room.conns]) if (conn.userId === userId) this.setRole(room, conn, groupRole, conn.isAdmin);
        }
      }),
    );
    this.unsubscribe.push(this.bus.subscribe('draft.apply-amendments', (cmd) => void this.applyAmendments(cmd)));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.recheck = setInterval(() => void this.recheckAll(), this.config.recheckMs);
    this.recheck.unref();
    this.relay.onReconnect(() => {
      for (const room of this.rooms.values()) room.catchUp().catch((err) => this.logger.warn(`${room.name}: catch-up failed: ${(err as Error).message}`));
    });
  }

  /** Number of documents in memory and open connections (tests, health). */
  stats(): { documents: number; connections: number } {
    return { documents: this.rooms.size, connections: this.conns.size };
  }

  /** The in-memory room of a document, if loaded (tests). */
  roomOf(docName: string): DocRoom | undefined {
    return this.rooms.get(docName);
  }

  // ------------------------------------------------------------------ connect

  /** From the HTTP server's `upgrade` event, for paths under /collab/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (this.stopping) {
      socket.destroy();
      return;
    }
    let docName: string;
    let token: string;
    let acks: boolean;
    try {
      const url = new URL(req.url ?? '', 'http://localhost');
      docName = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length));
      token = url.searchParams.get('token') ?? '';
      acks = url.searchParams.get('acks') === '1';
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    // The handshake completes at once (never left pending, whatever else listens to `upgrade`);
    // refusals are then close codes the client can read.
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.onSocket(ws, docName, token, acks));
  }

  private async onSocket(ws: WebSocket, docName: string, token: string, acks: boolean): Promise<void> {
    ws.on('error', (err) => this.logger.debug(`socket error on ${docName}: ${err.message}`));
    let conn: CollabConnection | null = null;
    let room: DocRoom | null = null;
    let early: { data: Buffer; isBinary: boolean }[] | null = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (conn && room) return this.onMessage(conn, room, data, isBinary);
      if (early && early.length < MAX_EARLY_MESSAGES) early.push({ data, isBinary });
      else if (ws.readyState === WebSocket.OPEN) ws.close(CloseCode.TooManyMessages, Reason.TooMany);
    });
    ws.on('close', () => {
      early = null;
      if (conn) this.detach(conn);
    });

    const opened = await this.open(token, docName);
    if (!opened.ok) return ws.close(opened.code, opened.reason);
    const { claims, decision } = opened;
    room = opened.room;
    if (ws.readyState !== WebSocket.OPEN || this.stopping) {
      if (room.idle) this.roomIdle(room);
      if (ws.readyState === WebSocket.OPEN) ws.close(1012, Reason.Restart);
      return;
    }
    const c = new CollabConnection(
      ws,
      claims.sub,
      claims.name,
      docName,
      acks,
      new TokenBucket(this.config.messagesPerSecond, this.config.messageBurst),
      decision.role,
      decision.isAdmin,
      (closing) => this.detach(closing),
    );
    if (claims.exp) {
      c.expiryTimer = setTimeout(() => this.close(c, CloseCode.BadToken, Reason.BadToken), Math.max(0, claims.exp * 1000 - Date.now()));
      c.expiryTimer.unref();
    }
    ws.on('pong', () => (c.alive = true));
    this.conns.add(c);
    room.add(c);
    conn = c;
    const queued = early ?? [];
    early = null;
    for (const m of queued) this.onMessage(c, room, m.data, m.isBinary);
  }

  /**
   * An edit by the server on behalf of `authorId` (e.g. merging amendments into the live draft,
   * from a bus handler): loads the draft if no one has it open, applies `edit` to its Y.Doc in one
   * transaction, stores the update (author `authorId`) and only then relays it to every
   * connection and the other nodes; resolves once stored. See DocRoom.applyEdit for what may be
   * refused (`EditRefused`). Throws `EditRefused('not-loaded')` for an unknown recommendation.
   * The room is unloaded later as usual once no one uses it.
   */
  async applyEdit(recommendationId: string, authorId: string, edit: (doc: Y.Doc) => void): Promise<{ changed: boolean; stateVector: Uint8Array }> {
    if (this.stopping) throw new EditRefused('not-loaded');
    const docName = docNameFor(recommendationId);
    let room = this.rooms.get(docName);
    if (!room?.ready) {
      const snap = await this.access.snapshot(recommendationId, []);
      if (!snap) throw new EditRefused('not-loaded');
      room = await this.roomFor(docName, recommendationId, snap);
    }
    try {
      return await room.applyEdit(authorId, edit);
    } finally {
      if (room.idle) this.roomIdle(room);
    }
  }

  /**
   * Who is asking for which document, and its room, loaded: the one entry of both transports
   * (the websocket's upgrade and every HTTP request). A refusal is a close code of API.md.
   */
  async open(token: string, docName: string): Promise<Opened> {
    const claims = verifyAccessToken(this.app.jwtSecret, token);
    if (!claims) return { ok: false, code: CloseCode.BadToken, reason: Reason.BadToken };
    const recommendationId = recommendationIdOf(docName);
    if (!recommendationId) return { ok: false, code: CloseCode.UnknownDocument, reason: Reason.UnknownDocument };
    let decision: AccessDecision;
    try {
      decision = await this.access.decide(recommendationId, claims.sub);
    } catch (err) {
      this.logger.error(`access check for ${docName} failed: ${(err as Error).message}`);
      return { ok: false, code: 1011, reason: Reason.Unavailable };
    }
    if (!decision.ok) {
      if (decision.reason === 'unknown-user') return { ok: false, code: CloseCode.BadToken, reason: Reason.BadToken };
      if (decision.reason === 'unknown-document') return { ok: false, code: CloseCode.UnknownDocument, reason: Reason.UnknownDocument };
      return { ok: false, code: CloseCode.Forbidden, reason: Reason.Forbidden };
    }
    if (this.stopping) return { ok: false, code: 1012, reason: Reason.Restart };
    try {
      const room = await this.roomFor(docName, recommendationId, decision);
      return { ok: true, claims, decision, room };
    } catch (err) {
      // never an empty document in place of one we could not read: refuse, the client retries
      this.logger.error(`loading ${docName} failed: ${(err as Error).message}`);
      return { ok: false, code: 1011, reason: Reason.Unavailable };
    }
  }

  /**
   * A connection of another transport (HTTP event stream) joins its room; the service keeps its
   * rights current like a websocket's (bus events, re-checks) and closes it when its token expires.
   */
  attach(room: DocRoom, conn: RoomConnection & { expiryTimer?: NodeJS.Timeout }, exp: number | undefined): void {
    if (exp) {
      conn.expiryTimer = setTimeout(() => this.close(conn, CloseCode.BadToken, Reason.BadToken), Math.max(0, exp * 1000 - Date.now()));
      conn.expiryTimer.unref();
    }
    room.add(conn);
  }

  /** Whether a member with this decision may write the room now (HTTP requests without an event stream). */
  mayWrite(room: DocRoom, decision: Extract<AccessDecision, { ok: true }>): boolean {
    return !room.locked && editsDrafts(decision.role);
  }

  private async roomFor(docName: string, recommendationId: string, decision: { workingGroupId: string; locked: boolean }): Promise<DocRoom> {
    const existing = this.rooms.get(docName);
    if (existing?.ready) return existing;
    const pending = this.loading.get(docName);
    if (pending) return pending;
    const room = new DocRoom(docName, recommendationId, decision.workingGroupId, decision.locked, this);
    this.rooms.set(docName, room); // from now on the bus events reach it
    const load = (async () => {
      try {
        await room.load();
        // the lock may have changed between the access query and the room's creation
        const fresh = await this.access.snapshot(recommendationId, []);
        if (fresh) {
          room.locked = fresh.locked;
          room.workingGroupId = fresh.workingGroupId;
        }
        return room;
      } catch (err) {
        if (this.rooms.get(docName) === room) this.rooms.delete(docName);
        room.dispose();
        throw err;
      } finally {
        this.loading.delete(docName);
      }
    })();
    this.loading.set(docName, load);
    return load;
  }

  // ------------------------------------------------------------------ server-side edits

  /**
   * The API's command to merge adopted amendments (the API never writes Yjs state). One node
   * answers: a node that holds the document claims the request at once; the others give it a
   * head start, then the first to claim loads the document and applies.
   */
  private async applyAmendments(cmd: PlatformEvents['draft.apply-amendments']): Promise<void> {
    const answer = (body: Omit<PlatformEvents['draft.apply-amendments.done'], 'requestId'>) =>
      this.bus.publish('draft.apply-amendments.done', { requestId: cmd.requestId, ...body });
    const recommendationId = recommendationIdOf(cmd.docName);
    if (!recommendationId || this.stopping) return;
    try {
      if (!this.rooms.get(cmd.docName)?.ready && this.bus.distributed) await new Promise((r) => setTimeout(r, SERVER_EDIT_HEAD_START_MS));
      if (!(await this.bus.claim(`apply-amendments:${cmd.requestId}`, 60_000))) return;
      const fresh = await this.access.snapshot(recommendationId, []);
      if (!fresh) return void (await answer({ error: { code: 'failed', message: 'Recommandation introuvable' } }));
      if (fresh.locked || this.rooms.get(cmd.docName)?.locked) return void (await answer({ error: { code: 'locked', message: 'Le brouillon est verrouillé' } }));
      // each amendment is its own edit, stored with its author; located again right before it is applied
      const outcome: MergeOutcome = { merged: [], skipped: [] };
      for (const item of cmd.items) {
        let result = { ok: false, reason: 'non appliqué' } as ReturnType<typeof mergeOne>;
        await this.applyEdit(recommendationId, item.authorId, (doc) => {
          result = mergeOne(doc, item);
        });
        if (result.ok) outcome.merged.push({ id: item.id, authorId: item.authorId, items: result.items });
        else outcome.skipped.push({ id: item.id, reason: result.reason });
      }
      await answer({ outcome });
    } catch (err) {
      this.logger.error(`${cmd.docName}: merging amendments failed: ${(err as Error).message}`);
      await answer({ error: { code: 'failed', message: 'La fusion a échoué' } });
    }
  }

  // ------------------------------------------------------------------ messages (hot path)

  private onMessage(conn: CollabConnection, room: DocRoom, data: Buffer, isBinary: boolean): void {
    if (conn.closed) return;
    if (!conn.bucket.take()) return this.close(conn, CloseCode.TooManyMessages, Reason.TooMany);
    if (!isBinary) return this.close(conn, CloseCode.Malformed, Reason.Malformed);
    let msg: ClientMessage;
    try {
      msg = decodeClientMessage(data);
    } catch (err) {
      if (!(err instanceof YDecodeError)) throw err;
      this.logger.warn(`${conn.docName}: malformed message from user ${conn.userId}: ${err.message}`);
      return this.close(conn, CloseCode.Malformed, Reason.Malformed);
    }
    try {
      switch (msg.kind) {
        case 'sync-step-1':
          return room.syncStep1(conn, msg.stateVector);
        case 'sync-step-2':
        case 'update': {
          if (!conn.canWrite) {
            // read-only: dropped, never stored nor relayed
            if (!conn.diverged) conn.diverged = bringsNewContent(room, msg.update);
            return;
          }
          const result = room.applyClientUpdate(conn, msg.update, relayFrame(data, msg.kind, msg.update));
          if (result === 'invalid') return this.close(conn, CloseCode.Malformed, Reason.BadUpdate);
          if (result === 'too-large') {
            this.logger.warn(`${conn.docName}: update from user ${conn.userId} refused: document over ${this.config.maxDocBytes} bytes`);
            return this.close(conn, DOC_TOO_LARGE, Reason.DocTooLarge);
          }
          if (result === 'busy') return this.close(conn, 1013, Reason.Busy);
          return;
        }
        case 'awareness': {
          const result = room.applyPresence(conn, msg.entries);
          if (result === 'too-large') return this.close(conn, CloseCode.TooLarge, Reason.TooLarge);
          if (result === 'malformed') {
            this.logger.warn(`${conn.docName}: presence from user ${conn.userId} is not JSON`);
            return this.close(conn, CloseCode.Malformed, Reason.Malformed);
          }
          return;
        }
        case 'query-awareness':
          return room.queryPresence(conn);
      }
    } catch (err) {
      this.logger.error(`${conn.docName}: message from user ${conn.userId} failed: ${(err as Error).stack}`);
      this.close(conn, 1011, Reason.Internal);
    }
  }

  // ------------------------------------------------------------------ rights

  private setRole(room: DocRoom, conn: RoomConnection, role: GroupRole | null, isAdmin: boolean): void {
    conn.role = role;
    conn.isAdmin = isAdmin;
    if (!role && !isAdmin) return this.close(conn, CloseCode.Forbidden, Reason.Removed);
    this.applyRights(room, conn);
  }

  /** Recomputes `canWrite`; a connection whose dropped edits left it out of step is made to resync. */
  private applyRights(room: DocRoom, conn: RoomConnection): void {
    const canWrite = room.mayWrite(conn);
    if (canWrite && !conn.canWrite && conn.diverged) return this.close(conn, 1012, Reason.Resync);
    conn.canWrite = canWrite;
  }

  /** The safety net behind the bus events: re-read the rights of every open connection. */
  private async recheckAll(): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      if (!room.ready || room.conns.size === 0) continue;
      try {
        // only the connections asked about: one that joined while the query ran was decided on
        // its own (fresh) access query, and is not in this snapshot (it used to be closed as 4401)
        const asked = [...room.conns];
        const snap = await this.access.snapshot(room.recommendationId, [...new Set(asked.map((c) => c.userId))]);
        if (!snap) {
          for (const c of [...room.conns]) this.close(c, CloseCode.UnknownDocument, Reason.UnknownDocument);
          continue;
        }
        room.locked = snap.locked;
        room.workingGroupId = snap.workingGroupId;
        for (const c of asked) {
          if (c.closed || !room.conns.has(c)) continue;
          const u = snap.users.get(c.userId);
          if (!u?.platformRole) this.close(c, CloseCode.BadToken, Reason.BadToken);
          else this.setRole(room, c, u.groupRole, u.platformRole === 'admin');
        }
      } catch (err) {
        this.logger.warn(`re-check of ${room.name} failed: ${(err as Error).message}`);
      }
    }
  }

  // ------------------------------------------------------------------ close, unload

  close(conn: RoomConnection, code: number, reason: string): void {
    conn.close(code, reason);
  }

  private detach(conn: CollabConnection): void {
    if (!this.conns.delete(conn) && conn.closed) return;
    conn.closed = true;
    clearTimeout(conn.expiryTimer);
    this.rooms.get(conn.docName)?.remove(conn);
  }

  roomIdle(room: DocRoom): void {
    if (!room.idle || room.unloadTimer || room.disposed || this.stopping) return;
    room.unloadTimer = setTimeout(() => void this.unload(room), this.config.unloadGraceMs);
    room.unloadTimer.unref();
  }

  private async unload(room: DocRoom): Promise<void> {
    room.unloadTimer = undefined;
    if (!room.idle || room.disposed) return;
    try {
      await room.compactBeforeUnload();
    } catch (err) {
      this.logger.warn(`${room.name}: compaction before unload failed: ${(err as Error).message}`);
    }
    if (!room.idle || this.rooms.get(room.name) !== room) return; // someone came back meanwhile
    this.rooms.delete(room.name);
    room.dispose();
  }

  private beat(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        this.detach(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {}
    }
    for (const room of this.rooms.values()) room.prunePresence(3 * HEARTBEAT_MS);
  }

  // ------------------------------------------------------------------ shutdown

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    clearInterval(this.heartbeat);
    clearInterval(this.recheck);
  }

  /**
   * Stores what is still unsaved, closes the connections (1012: clients reconnect), then folds
   * each document's log into its snapshot so that the next start loads one row per document
   * instead of replaying the log: all within a few seconds.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + 5000;
    await Promise.all(
      [...this.rooms.values()].map(async (room) => {
        if (!(await room.drain(deadline))) this.logger.error(`${room.name}: shutting down with updates not stored`);
      }),
    );
    for (const c of [...this.conns]) this.close(c, 1012, Reason.Restart);
    await this.compactAll(deadline);
    // no new compaction from now on; one in flight ends (commits or rolls back) before the pool closes
    for (const room of this.rooms.values()) room.dispose();
    await Promise.all([...this.rooms.values()].map((room) => room.settle(deadline)));
    this.rooms.clear();
  }

  /**
   * Shutdown: compacts the documents that have log rows, a few at a time, none started after
   * `deadline`. One that fails or is cut short (the pool closes after the deadline) rolls back:
   * its log stays and the next load replays it; nothing is lost, it is only logged.
   */
  private async compactAll(deadline: number): Promise<void> {
    const queue = [...this.rooms.values()].filter((room) => room.needsCompaction);
    if (queue.length === 0) return;
    const total = queue.length;
    const started = Date.now();
    let folded = 0;
    const worker = async () => {
      for (let room = queue.shift(); room && Date.now() < deadline; room = queue.shift()) {
        const name = room.name;
        const ok = await room.compactAtShutdown(deadline).catch((err) => {
          this.logger.error(`${name}: compaction at shutdown failed: ${(err as Error).message}`);
          return false;
        });
        if (ok) folded++;
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
    await Promise.race([Promise.all(Array.from({ length: Math.min(SHUTDOWN_COMPACTIONS, total) }, worker)), timeout]);
    clearTimeout(timer);
    if (folded < total) this.logger.warn(`shutdown: ${total - folded} of ${total} document(s) not compacted (failed or out of time); their log is kept and replayed at the next load`);
    else this.logger.log(`shutdown: ${total} document(s) compacted in ${Date.now() - started} ms`);
  }
}

/** Whether a (dropped) update holds structs the document lacks: the sender is then out of step. */
function bringsNewContent(room: DocRoom, update: Uint8Array): boolean {
  try {
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) if (clock > Y.getState(room.doc.store, client)) return true;
    return false;
  } catch {
    return false;
  }
}

/**
 * The frame relayed for a stored update: the client's own frame when it is already an update
 * message (no re-encoding), a one-byte patch of a sync step 2, else a fresh encoding.
 */
function relayFrame(frame: Buffer, kind: 'sync-step-2' | 'update', update: Uint8Array): Uint8Array {
  if (frame[0] === 0 && frame[1] === 2 && kind === 'update') return frame;
  if (frame[0] === 0 && frame[1] === 1 && kind === 'sync-step-2') {
    const copy = Buffer.from(frame);
    copy[1] = 2;
    return copy;
  }
  return encodeUpdate(update);
}
