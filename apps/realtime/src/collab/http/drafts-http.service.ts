import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as Y from 'yjs';
import { CloseCode, decodeAwarenessUpdate, decodeMessage, encodeUpdate, validateStateVector, YDecodeError } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { clientAddress, ConnectionCounter } from '../../upgrade-guard';
import { COLLAB_CONFIG, CollabConfig } from '../collab.config';
import { TokenBucket } from '../collab-connection';
import { CollabService, DOC_TOO_LARGE, Opened, Reason } from '../collab.service';
import type { StreamMessage } from '../collab-relay';
import type { DocRoom } from '../doc-room';
import type { RoomConnection, RoomMessageKind } from '../room-connection';
import { b64, HttpDraftConnection } from './http-draft-connection';

export const DRAFTS_HTTP_PREFIX = '/api/drafts/';
/** A dropped event stream keeps its place (presence, recent events) this long for a resume. */
const STREAM_GRACE_MS = 20_000;
const PING_MS = 15_000;
/** How long a node waits for the node holding an event stream to apply presence posted elsewhere. */
const FORWARD_TIMEOUT_MS = 3_000;

/** Presence posted here for a stream of another node, waiting for that node's answer. */
interface Forward {
  /** Nodes that answered "not here", and how many other nodes got the request (once Redis told). */
  absent: number;
  others: number | null;
  done: (result: { status: number; message?: string }) => void;
}

/** An HTTP refusal: the status, and the JSON error body of API.md. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** A close code of the websocket path as the HTTP status of the same refusal. */
function statusOfClose(code: number): number {
  switch (code) {
    case CloseCode.BadToken:
      return 401;
    case CloseCode.Forbidden:
      return 403;
    case CloseCode.UnknownDocument:
      return 404;
    case CloseCode.Malformed:
      return 400;
    case CloseCode.TooLarge:
    case DOC_TOO_LARGE:
      return 413;
    case CloseCode.TooManyMessages:
      return 429;
    default:
      return 503;
  }
}

/** A transient origin for an update posted without an event stream: in no room, receives nothing. */
class RequestConnection implements RoomConnection {
  canWrite = true;
  closed = false;
  readonly acks = false;
  constructor(
    readonly userId: string,
    readonly displayName: string,
    public role: RoomConnection['role'],
    public isAdmin: boolean,
  ) {}
  send(): number {
    return 0;
  }
  close(): void {
    this.closed = true;
  }
}

/**
 * Catches the room's answer to a sync step 1 (stored state only, given when the document equals
 * what is stored): the GET state and the first events of a stream.
 */
class SyncReplyCatcher implements RoomConnection {
  canWrite = false;
  closed = false;
  readonly acks = false;
  role = null;
  isAdmin = false;
  readonly userId = '';
  readonly displayName = '';
  constructor(private readonly resolve: (update: Uint8Array) => void) {}
  send(kind: RoomMessageKind, message: Uint8Array): number {
    if (kind !== 'sync' || this.closed) return 0;
    const msg = decodeMessage(message);
    if (msg.kind === 'sync-step-2') {
      this.closed = true;
      this.resolve(new Uint8Array(msg.update));
    }
    return 0;
  }
  close(): void {
    this.closed = true;
  }
}

/** The stored document (never unsaved state) and its exact state vector, and what a client with `stateVector` lacks of it. */
function storedDiff(room: DocRoom, stateVector: Uint8Array): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
  return new Promise((resolve) => {
    room.syncStep1(
      new SyncReplyCatcher((full) => {
        const empty = stateVector.length === 1 && stateVector[0] === 0;
        resolve({ update: empty ? full : Y.diffUpdate(full, stateVector), stateVector: Y.encodeStateVectorFromUpdate(full) });
      }),
      new Uint8Array([0]),
    );
  });
}

/**
 * Live drafts without websockets (API.md, "State networks"): the same rooms, commit pipeline,
 * rights and limits as `/collab`, over plain HTTP requests and Server-Sent Events.
 *
 *   GET  /api/drafts/:docName/state?stateVector=   what the client lacks of the stored document
 *   POST /api/drafts/:docName/updates {update}     200 {stateVector} once committed
 *   GET  /api/drafts/:docName/events               update / awareness / saved events; Last-Event-ID resumes
 *   POST /api/drafts/:docName/awareness {update}   presence (needs the stream: X-Draft-Connection)
 *
 * Served by the realtime service ahead of any framework routing (see DraftsHttpGateway), so
 * that the same paths answer in the all-in-one platform and in the realtime service alone.
 */
@Injectable()
export class DraftsHttpService implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('DraftsHttp');
  private readonly streams = new Map<string, HttpDraftConnection>();
  /** Message budgets of clients posting without a stream, per user and document. */
  private readonly buckets = new Map<string, { bucket: TokenBucket; at: number }>();
  private ping?: NodeJS.Timeout;
  private readonly forwards = new Map<string, Forward>();
  /** Open event streams per user and per address: the caps of /collab (COLLAB_MAX_CONNECTIONS_PER_USER / _PER_ADDRESS), counted apart. */
  private readonly streamsPerUser: ConnectionCounter;
  private readonly streamsPerAddress: ConnectionCounter;

  constructor(
    private readonly collab: CollabService,
    @Inject(COLLAB_CONFIG) private readonly config: CollabConfig,
    @Inject(APP_CONFIG) private readonly app: AppConfig,
  ) {
    this.streamsPerUser = new ConnectionCounter(app.collabMaxConnectionsPerUser);
    this.streamsPerAddress = new ConnectionCounter(app.collabMaxConnectionsPerAddress);
  }

  /** Open event streams counted for a user and an address (tests). */
  streamCounts(userId: string, address: string): { user: number; address: number } {
    return { user: this.streamsPerUser.count(userId), address: this.streamsPerAddress.count(address) };
  }

  /** Counts an event stream against its user's and its address's caps until its response closes; 429 over a cap. */
  private admitStream(req: IncomingMessage, res: ServerResponse, userId: string): void {
    const address = clientAddress(req, this.app.trustProxy);
    if (!this.streamsPerAddress.acquire(address)) {
      this.logger.warn(`/api/drafts: over ${this.streamsPerAddress.max} event streams from ${address}: refused`);
      throw new HttpError(429, `Trop de connexions depuis cette adresse (au plus ${this.streamsPerAddress.max})`, { 'retry-after': '5' });
    }
    if (!this.streamsPerUser.acquire(userId)) {
      this.streamsPerAddress.release(address);
      this.logger.warn(`/api/drafts: over ${this.streamsPerUser.max} event streams of user ${userId}: refused`);
      throw new HttpError(429, `Trop de connexions simultanées pour ce compte (au plus ${this.streamsPerUser.max})`, { 'retry-after': '5' });
    }
    res.once('close', () => {
      this.streamsPerAddress.release(address);
      this.streamsPerUser.release(userId);
    });
  }

  async onModuleInit(): Promise<void> {
    // presence posted on another node for a stream of this one (no sticky sessions): see awareness()
    await this.collab.relay.subscribeStreams((msg) => this.onStreamMessage(msg));
    this.ping = setInterval(() => {
      for (const [id, c] of this.streams) {
        if (c.closed) this.streams.delete(id);
        else c.ping();
      }
      const old = Date.now() - 60_000;
      for (const [k, v] of this.buckets) if (v.at < old) this.buckets.delete(k);
    }, PING_MS);
    this.ping.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.ping);
  }

  beforeApplicationShutdown(): void {
    for (const c of [...this.streams.values()]) this.collab.close(c, 1012, Reason.Restart);
  }

  /** Streams open on this node (tests). */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Handles a request under /api/drafts/. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '', 'http://localhost');
      const rest = url.pathname.slice(DRAFTS_HTTP_PREFIX.length);
      const slash = rest.lastIndexOf('/');
      if (slash <= 0) throw new HttpError(404, 'Ressource inconnue');
      let docName: string;
      try {
        docName = decodeURIComponent(rest.slice(0, slash));
      } catch {
        throw new HttpError(400, 'Nom de document mal encodé');
      }
      const action = rest.slice(slash + 1);
      const route = `${req.method} ${action}`;
      switch (route) {
        case 'GET state':
          return await this.state(req, res, url, docName);
        case 'POST updates':
          return await this.updates(req, res, url, docName);
        case 'GET events':
          return await this.events(req, res, url, docName);
        case 'POST awareness':
          return await this.awareness(req, res, url, docName);
        default:
          if (['state', 'updates', 'events', 'awareness'].includes(action)) throw new HttpError(405, 'Méthode non prise en charge', {});
          throw new HttpError(404, 'Ressource inconnue');
      }
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.status, err.message, err.headers);
      this.logger.error(`${req.method} ${req.url}: ${(err as Error).stack}`);
      sendError(res, 500, 'Erreur interne');
    }
  }

  // ------------------------------------------------------------------ routes

  private async state(req: IncomingMessage, res: ServerResponse, url: URL, docName: string): Promise<void> {
    onlyParams(url, ['stateVector', 'token']);
    const sv = stateVectorParam(url);
    const opened = await this.open(req, url, docName);
    try {
      const diff = await storedDiff(opened.room, sv);
      sendJson(res, 200, { update: b64(diff.update), stateVector: b64(diff.stateVector) });
    } finally {
      this.idleCheck(opened.room);
    }
  }

  private async updates(req: IncomingMessage, res: ServerResponse, url: URL, docName: string): Promise<void> {
    onlyParams(url, ['token']);
    const update = await this.readUpdate(req);
    const opened = await this.open(req, url, docName);
    const { room } = opened;
    try {
      const stream = this.streamOf(req, opened);
      const bucket = stream?.bucket ?? this.bucketFor(opened.claims.sub, docName);
      if (!bucket.take()) throw new HttpError(429, Reason.TooMany, { 'retry-after': '1' });
      if (update.length > this.config.maxFrameBytes) throw new HttpError(413, Reason.TooLarge);
      const canWrite = stream ? stream.canWrite : this.collab.mayWrite(room, opened.decision);
      if (!canWrite) throw new HttpError(403, room.locked ? 'Brouillon verrouillé : lecture seule' : 'Lecture seule : vos modifications ne sont pas acceptées');
      try {
        Y.decodeUpdate(update);
      } catch {
        throw new HttpError(400, Reason.BadUpdate);
      }
      const origin = stream ?? new RequestConnection(opened.claims.sub, opened.claims.name, opened.decision.role, opened.decision.isAdmin);
      const result = room.applyClientUpdate(origin, update, encodeUpdate(update));
      if (result === 'invalid') throw new HttpError(400, Reason.BadUpdate);
      if (result === 'too-large') throw new HttpError(413, Reason.DocTooLarge);
      if (result === 'busy') throw new HttpError(503, Reason.Busy, { 'retry-after': '2' });
      // 'changed' or 'noop' (already applied, maybe not stored yet): answered once stored
      try {
        await room.whenStored();
      } catch {
        throw new HttpError(503, Reason.Unavailable, { 'retry-after': '2' });
      }
      sendJson(res, 200, { stateVector: b64(Y.encodeStateVector(room.doc)) });
    } finally {
      this.idleCheck(room);
    }
  }

  private async awareness(req: IncomingMessage, res: ServerResponse, url: URL, docName: string): Promise<void> {
    onlyParams(url, ['token']);
    const update = await this.readUpdate(req);
    const opened = await this.open(req, url, docName);
    try {
      const stream = this.streamOf(req, opened);
      const connectionId = req.headers['x-draft-connection'];
      let result: { status: number; message?: string };
      if (stream) result = this.applyStreamPresence(stream, opened.room, update);
      else if (typeof connectionId === 'string' && this.collab.relay.enabled) {
        // the stream may be on another node (no sticky sessions): the node that holds it applies it
        result = await this.forwardPresence({ connectionId, userId: opened.claims.sub, docName, update: b64(update) });
      } else result = { status: 409 };
      if (result.status === 409) throw new HttpError(409, 'Présence : ouvrez d’abord le flux d’événements de ce brouillon (en-tête X-Draft-Connection)');
      if (result.status !== 204) throw new HttpError(result.status, result.message ?? '', result.status === 429 ? { 'retry-after': '1' } : {});
      res.writeHead(204).end();
    } finally {
      this.idleCheck(opened.room);
    }
  }

  /** Presence from the client of `stream`, posted on this node or forwarded by another: an HTTP status. */
  private applyStreamPresence(stream: HttpDraftConnection, room: DocRoom, update: Uint8Array): { status: number; message?: string } {
    if (!stream.bucket.take()) return { status: 429, message: Reason.TooMany };
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch (err) {
      if (err instanceof YDecodeError) return { status: 400, message: Reason.Malformed };
      throw err;
    }
    const result = room.applyPresence(stream, entries);
    if (result === 'too-large') return { status: 413, message: Reason.TooLarge };
    if (result === 'malformed') return { status: 400, message: Reason.Malformed };
    return { status: 204 };
  }

  /**
   * Asks the other nodes (Redis) to apply presence for a stream this node does not hold. Every
   * node answers, the holder with its status and the others "absent"; 409 when no node holds it.
   */
  private async forwardPresence(req: { connectionId: string; userId: string; docName: string; update: string }): Promise<{ status: number; message?: string }> {
    const requestId = randomUUID();
    const relay = this.collab.relay;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ status: 409 }), FORWARD_TIMEOUT_MS);
      timer.unref();
      const finish = (result: { status: number; message?: string }) => {
        clearTimeout(timer);
        if (this.forwards.delete(requestId)) resolve(result);
      };
      const forward: Forward = { absent: 0, others: null, done: finish };
      this.forwards.set(requestId, forward);
      relay.publishStream({ kind: 'presence', requestId, from: relay.nodeId, ...req }).then(
        (receivers) => {
          // the subscribers who got it, this node included
          forward.others = receivers - 1;
          if (forward.absent >= forward.others) finish({ status: 409 });
        },
        () => finish({ status: 503, message: Reason.Unavailable }),
      );
    });
  }

  /** The HTTP-streams channel: presence forwarded to the node holding the stream, and the answers. */
  private onStreamMessage(msg: StreamMessage): void {
    const relay = this.collab.relay;
    if (msg.kind === 'presence-result') {
      const forward = msg.to === relay.nodeId ? this.forwards.get(msg.requestId) : undefined;
      if (!forward) return;
      if (msg.status !== 0) return forward.done({ status: msg.status, message: msg.message });
      forward.absent++;
      if (forward.others !== null && forward.absent >= forward.others) forward.done({ status: 409 });
      return;
    }
    if (msg.kind !== 'presence' || msg.from === relay.nodeId) return;
    const stream = this.streams.get(msg.connectionId);
    const room = stream ? this.collab.roomOf(stream.docName) : undefined;
    let result: { status: number; message?: string } = { status: 0 }; // 0: not here
    if (stream && room && !stream.closed && stream.userId === msg.userId && stream.docName === msg.docName) {
      try {
        result = this.applyStreamPresence(stream, room, new Uint8Array(Buffer.from(msg.update, 'base64')));
      } catch (err) {
        this.logger.error(`forwarded presence: ${(err as Error).message}`);
        result = { status: 503, message: Reason.Unavailable };
      }
    }
    void relay.publishStream({ kind: 'presence-result', requestId: msg.requestId, to: msg.from, ...result }).catch(() => undefined);
  }

  private async events(req: IncomingMessage, res: ServerResponse, url: URL, docName: string): Promise<void> {
    onlyParams(url, ['stateVector', 'token']);
    const sv = url.searchParams.has('stateVector') ? stateVectorParam(url) : null;
    const opened = await this.open(req, url, docName);
    const { room, claims, decision } = opened;
    this.admitStream(req, res, claims.sub);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);

    // a resume: the same connection, what it missed, its presence kept
    const last = lastEventId(req);
    let conn = last ? this.streams.get(last.id) : undefined;
    if (conn && (conn.closed || conn.userId !== claims.sub || conn.docName !== docName)) conn = undefined;
    if (conn) {
      if (!conn.attach(res, last!.seq)) {
        // its events are gone: a fresh connection, which gets the stored state below
        this.collab.close(conn, 1012, Reason.Resync);
        conn = undefined;
      }
    }
    const fresh = !conn;
    const c =
      conn ??
      new HttpDraftConnection(claims.sub, claims.name, docName, new TokenBucket(this.config.messagesPerSecond, this.config.messageBurst), decision.role, decision.isAdmin, (closing) => {
        this.streams.delete(closing.id);
        room.remove(closing);
      });
    res.on('close', () => {
      c.detachStream(res);
      if (c.closed || c.attached) return;
      c.graceTimer = setTimeout(() => c.close(1001, 'Parti'), STREAM_GRACE_MS);
      c.graceTimer.unref();
    });
    if (!fresh) {
      c.event('resumed', '{}');
      return;
    }
    c.attach(res, null);
    this.streams.set(c.id, c);
    c.event('hello', JSON.stringify({ connectionId: c.id, canWrite: this.collab.mayWrite(room, decision) }));
    this.collab.attach(room, c, claims.exp);
    if (c.closed) return;
    // what the client lacks (all of it without a state vector): stored state only
    const diff = await storedDiff(room, sv ?? new Uint8Array([0]));
    if (diff.update.length > 2) c.event('update', b64(diff.update));
    c.event('saved', b64(diff.stateVector));
    if (!c.attached && !c.graceTimer && !c.closed) c.close(1001, 'Parti'); // gone while we loaded
  }

  // ------------------------------------------------------------------ helpers

  /** Authenticates (Bearer header, or `?token=` for EventSource) and loads the room; refusals as HTTP statuses. */
  private async open(req: IncomingMessage, url: URL, docName: string): Promise<Extract<Opened, { ok: true }>> {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? url.searchParams.get('token') ?? '';
    const opened = await this.collab.open(token, docName);
    if (!opened.ok) throw new HttpError(statusOfClose(opened.code), opened.reason);
    return opened;
  }

  /** The caller's event stream on this node, named by `X-Draft-Connection`, if it is theirs. */
  private streamOf(req: IncomingMessage, opened: Extract<Opened, { ok: true }>): HttpDraftConnection | null {
    const id = req.headers['x-draft-connection'];
    if (typeof id !== 'string') return null;
    const conn = this.streams.get(id);
    if (!conn || conn.closed || conn.userId !== opened.claims.sub || conn.docName !== opened.room.name) return null;
    return conn;
  }

  private bucketFor(userId: string, docName: string): TokenBucket {
    const key = `${userId}|${docName}`;
    let entry = this.buckets.get(key);
    if (!entry) {
      if (this.buckets.size > 100_000) this.buckets.clear();
      entry = { bucket: new TokenBucket(this.config.messagesPerSecond, this.config.messageBurst), at: Date.now() };
      this.buckets.set(key, entry);
    }
    entry.at = Date.now();
    return entry.bucket;
  }

  private idleCheck(room: DocRoom): void {
    if (room.idle) this.collab.roomIdle(room);
  }

  /** `{update}` (base64) from a JSON body no larger than a websocket frame's base64 (413 beyond). */
  private async readUpdate(req: IncomingMessage): Promise<Uint8Array> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'Corps attendu en JSON (application/json)');
    const limit = Math.ceil(this.config.maxFrameBytes / 3) * 4 + 1024;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      throw new HttpError(413, Reason.TooLarge, { connection: 'close' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        throw new HttpError(413, Reason.TooLarge, { connection: 'close' });
      }
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'Corps JSON invalide');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'Corps attendu : {"update": "<base64>"}');
    const extra = Object.keys(body).filter((k) => k !== 'update');
    if (extra.length) throw new HttpError(400, extra.map((k) => `property ${k} should not exist`).join(', '));
    const update = (body as { update?: unknown }).update;
    if (typeof update !== 'string' || update.length === 0 || !BASE64.test(update)) throw new HttpError(400, 'update doit être une chaîne base64 non vide');
    return new Uint8Array(Buffer.from(update, 'base64'));
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function onlyParams(url: URL, allowed: string[]): void {
  for (const k of url.searchParams.keys()) if (!allowed.includes(k)) throw new HttpError(400, `property ${k} should not exist`);
}

function stateVectorParam(url: URL): Uint8Array {
  const raw = url.searchParams.get('stateVector');
  if (raw === null || raw === '') return new Uint8Array([0]);
  const b = raw.replace(/ /g, '+'); // a '+' sent unencoded in a query string reads as a space
  if (!BASE64.test(b)) throw new HttpError(400, 'stateVector doit être un vecteur d’état Yjs en base64');
  const sv = new Uint8Array(Buffer.from(b, 'base64'));
  try {
    validateStateVector(sv);
  } catch {
    throw new HttpError(400, 'stateVector doit être un vecteur d’état Yjs en base64');
  }
  return sv;
}

function lastEventId(req: IncomingMessage): { id: string; seq: number } | null {
  const raw = req.headers['last-event-id'];
  if (typeof raw !== 'string') return null;
  const m = /^([0-9a-f-]{36})\.(\d{1,15})$/.exec(raw.trim());
  return m ? { id: m[1], seq: Number(m[2]) } : null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { statusCode: status, error: STATUS_TEXT[status] ?? 'Internal Server Error', message }, headers);
}
