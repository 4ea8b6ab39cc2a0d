import { BeforeApplicationShutdown, Inject, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { EventBus } from '@app/bus';
import { LIVE_NAMESPACE, LiveEvent, verifyAccessToken } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DENIED_MESSAGE, DomainError } from '@app/domain';
import { clientAddress, ConnectionCounter } from '../upgrade-guard';
import { LiveAccess, LiveUser } from './live.access';
import {
  ackError,
  LIVE_MAX_PAYLOAD_BYTES,
  LIVE_MAX_SESSIONS_PER_SOCKET,
  LIVE_RATE_BURST,
  LIVE_RATE_DISCONNECT_AFTER,
  LIVE_RATE_PER_SECOND,
  LiveAck,
  LiveSocketData,
  rooms,
} from './live.constants';
import { isUuid, parseSessionRef, parseTimerSet } from './live.payloads';
import { LivePresence } from './live.presence';
import { LiveRelay } from './live.relay';
import { TokenBucket } from './rate-limiter';

/** Server-side state of one connected socket (never sent anywhere). */
interface SocketState {
  user: LiveUser;
  /** Joined sessions: sessionId → workingGroupId. */
  sessions: Map<string, string>;
  bucket: TokenBucket;
  expiry?: NodeJS.Timeout;
  /** Gives back the socket's places under the connection caps (once). */
  release: () => void;
}

function authError(message: string): Error {
  return Object.assign(new Error(message), { data: { code: 'unauthenticated' } });
}

function capError(message: string): Error {
  return Object.assign(new Error(message), { data: { code: 'too_many_connections' } });
}

/**
 * Live sessions: socket.io namespace `/live` at `/socket.io` (API.md, Realtime).
 * The token is checked at the handshake (a bad one is a `connect_error`); `session:join`
 * puts a member of the session's group (or an admin) in the session's room; the relay pushes
 * the API's events to the rooms; presence is announced on join, leave and disconnect.
 * Its one write, `timer:set`, is the API's own (libs/database SessionTimer: stored on the
 * session, audited, then announced on the bus like every other change), so it works with the
 * realtime service running alone.
 */
@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  path: '/socket.io',
  serveClient: false,
  // y-websocket shares the HTTP server's `upgrade` event at /collab: engine.io must leave the
  // upgrade requests that are not its own alone (by default it destroys them after 1 s).
  destroyUpgrade: false,
  maxHttpBufferSize: LIVE_MAX_PAYLOAD_BYTES,
  connectTimeout: 10_000,
  pingInterval: 20_000,
  pingTimeout: 20_000,
})
export class LiveGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket>, OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly log = new Logger('LiveGateway');
  private readonly states = new WeakMap<Socket, SocketState>();
  /** This node's connected sockets by user id (for membership changes). */
  private readonly byUser = new Map<string, Set<Socket>>();
  private presence?: LivePresence;
  private stopping = false;
  private offMembership?: () => void;
  private readonly perUser: ConnectionCounter;
  private readonly perAddress: ConnectionCounter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly access: LiveAccess,
    private readonly relay: LiveRelay,
  ) {
    this.perUser = new ConnectionCounter(config.liveMaxConnectionsPerUser);
    this.perAddress = new ConnectionCounter(config.liveMaxConnectionsPerAddress);
  }

  afterInit(ns: Namespace): void {
    this.presence = new LivePresence(ns);
    this.relay.attach(ns);
    ns.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (err: Error & { data?: unknown }) => {
          if (err?.data) return next(err);
          this.log.error(`handshake failed: ${err?.stack ?? err}`);
          next(new Error('Service indisponible, réessayez plus tard'));
        },
      );
    });
  }

  onModuleInit(): void {
    this.offMembership = this.bus.subscribe('membership.changed', (e) => void this.membershipChanged(e.workingGroupId, e.userId, e.role));
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
    this.presence?.close();
  }

  onModuleDestroy(): void {
    this.offMembership?.();
  }

  /** Handshake: `auth: {token}`, a valid access token of an existing user. */
  private async authenticate(socket: Socket): Promise<void> {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || !token) throw authError('Authentification requise : jeton absent (auth.token)');
    const claims = verifyAccessToken(this.config.jwtSecret, token);
    if (!claims || !isUuid(claims.sub)) throw authError('Jeton invalide ou expiré');
    const user = await this.access.user(claims.sub);
    if (!user) throw authError('Jeton invalide ou expiré');
    const release = this.admit(socket, user.id);
    const data: LiveSocketData = { userId: user.id, displayName: user.displayName };
    socket.data = data;
    const state: SocketState = { user, sessions: new Map(), bucket: new TokenBucket(LIVE_RATE_PER_SECOND, LIVE_RATE_BURST), release };
    if (claims.exp) {
      // the connection does not outlive its token: the client reconnects with a fresh one
      const ms = Math.min(claims.exp * 1000 - Date.now(), 2 ** 31 - 1);
      state.expiry = setTimeout(() => socket.disconnect(true), Math.max(ms, 0));
      state.expiry.unref();
    }
    this.states.set(socket, state);
  }

  /**
   * Takes a place under LIVE_MAX_CONNECTIONS_PER_USER and LIVE_MAX_CONNECTIONS_PER_ADDRESS, given
   * back when the socket disconnects or its transport closes (whichever comes first; a handshake
   * whose client left before the connection completes never disconnects); over a cap the
   * handshake fails with `connect_error` `{code: 'too_many_connections'}`.
   */
  private admit(socket: Socket, userId: string): () => void {
    const address = clientAddress(socket.request, this.config.trustProxy);
    if (!this.perAddress.acquire(address)) throw capError(`Trop de connexions depuis cette adresse (au plus ${this.perAddress.max})`);
    if (!this.perUser.acquire(userId)) {
      this.perAddress.release(address);
      throw capError(`Trop de connexions simultanées pour ce compte (au plus ${this.perUser.max})`);
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.perAddress.release(address);
      this.perUser.release(userId);
    };
    socket.conn.once('close', release);
    return release;
  }

  /** Open connections counted for a user and an address (tests). */
  counts(userId: string, address: string): { user: number; address: number } {
    return { user: this.perUser.count(userId), address: this.perAddress.count(address) };
  }

  handleConnection(socket: Socket): void {
    const state = this.states.get(socket);
    if (!state) {
      socket.disconnect(true);
      return;
    }
    let sockets = this.byUser.get(state.user.id);
    if (!sockets) this.byUser.set(state.user.id, (sockets = new Set()));
    sockets.add(socket);
    socket.use((packet, next) => {
      if (state.bucket.take()) return next();
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') ack(ackError('rate_limited', 'Trop de messages : ralentissez'));
      if (state.bucket.overflow >= LIVE_RATE_DISCONNECT_AFTER) socket.disconnect(true);
      // not calling next(): the event is dropped
    });
    this.listen(socket, LiveEvent.Join, (body) => this.join(socket, body));
    this.listen(socket, LiveEvent.Leave, (body) => this.leave(socket, body));
    this.listen(socket, LiveEvent.TimerSet, (body) => this.setTimer(socket, body));
  }

  /**
   * Client events are plain socket.io listeners rather than Nest `@SubscribeMessage` handlers:
   * the API's global pipes, guards and filters are made for HTTP requests (they would walk the
   * socket object as if it were input, look for a bearer header, answer with HTTP bodies).
   * Each payload is validated here; the acknowledgement, when the client asks for one, is
   * always sent, `{ok: true, ...}` or `{error, code}`. A payload of several arguments is invalid.
   */
  private listen(socket: Socket, event: string, handler: (body: unknown) => Promise<LiveAck>): void {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: LiveAck) => void) : undefined;
      void handler(args.length === 1 ? args[0] : args).then((reply) => ack?.(reply));
    });
  }

  handleDisconnect(socket: Socket): void {
    const state = this.states.get(socket);
    if (!state) return;
    clearTimeout(state.expiry);
    state.release();
    const sockets = this.byUser.get(state.user.id);
    sockets?.delete(socket);
    if (sockets && !sockets.size) this.byUser.delete(state.user.id);
    // socket.io has already taken the socket out of its rooms
    if (!this.stopping) for (const sessionId of state.sessions.keys()) this.presence?.changed(sessionId);
    state.sessions.clear();
    this.states.delete(socket);
  }

  private join(socket: Socket, body: unknown): Promise<LiveAck> {
    return this.handle(LiveEvent.Join, async () => {
      const parsed = parseSessionRef(body);
      if (!parsed.ok) return ackError('invalid_input', parsed.error);
      const { sessionId } = parsed.value;
      const state = this.states.get(socket);
      if (!state) return ackError('unauthenticated', 'Connexion non authentifiée');
      const session = await this.access.watch(state.user, sessionId);
      if (session === 'not-found') return ackError('not_found', 'Séance introuvable');
      if (session === 'forbidden') return ackError('forbidden', DENIED_MESSAGE.watch);
      if (!state.sessions.has(sessionId) && state.sessions.size >= LIVE_MAX_SESSIONS_PER_SOCKET) {
        return ackError('rate_limited', `Au plus ${LIVE_MAX_SESSIONS_PER_SOCKET} séances suivies à la fois par connexion`);
      }
      if (!socket.connected) return ackError('unauthenticated', 'Connexion fermée');
      state.sessions.set(sessionId, session.workingGroupId);
      await socket.join([rooms.session(sessionId), rooms.group(session.workingGroupId)]);
      this.presence?.changed(sessionId);
      const users = (await this.presence?.users(sessionId)) ?? [];
      return {
        ok: true,
        sessionId,
        workingGroupId: session.workingGroupId,
        phase: session.phase,
        endsAt: session.timerEndsAt ? session.timerEndsAt.toISOString() : null,
        users,
      };
    });
  }

  private leave(socket: Socket, body: unknown): Promise<LiveAck> {
    return this.handle(LiveEvent.Leave, async () => {
      const parsed = parseSessionRef(body);
      if (!parsed.ok) return ackError('invalid_input', parsed.error);
      const state = this.states.get(socket);
      if (!state) return ackError('unauthenticated', 'Connexion non authentifiée');
      await this.leaveSession(socket, state, parsed.value.sessionId);
      return { ok: true, sessionId: parsed.value.sessionId };
    });
  }

  private setTimer(socket: Socket, body: unknown): Promise<LiveAck> {
    return this.handle(LiveEvent.TimerSet, async () => {
      const parsed = parseTimerSet(body);
      if (!parsed.ok) return ackError('invalid_input', parsed.error);
      const state = this.states.get(socket);
      if (!state) return ackError('unauthenticated', 'Connexion non authentifiée');
      const session = await this.access.setTimer(state.user, parsed.value.sessionId, parsed.value.seconds);
      await this.bus.publish('timer.set', { sessionId: session.id, endsAt: session.timerEndsAt ? new Date(session.timerEndsAt).toISOString() : null });
      return { ok: true, sessionId: session.id, endsAt: session.timerEndsAt ? new Date(session.timerEndsAt).toISOString() : null };
    });
  }

  /** Runs a handler; whatever happens, the client gets an acknowledgement, never a crash. */
  private async handle(what: string, work: () => Promise<LiveAck>): Promise<LiveAck> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError) return ackError(err.code, err.message);
      this.log.error(`${what} failed: ${(err as Error)?.stack ?? err}`);
      return ackError('internal', 'Erreur interne');
    }
  }

  private async leaveSession(socket: Socket, state: SocketState, sessionId: string): Promise<boolean> {
    const groupId = state.sessions.get(sessionId);
    if (!groupId) return false;
    state.sessions.delete(sessionId);
    await socket.leave(rooms.session(sessionId));
    if (![...state.sessions.values()].includes(groupId)) await socket.leave(rooms.group(groupId));
    this.presence?.changed(sessionId);
    return true;
  }

  /**
   * A member removed from a group (role null) stops receiving its sessions' events at once:
   * each node takes its own sockets of that user out of the group's rooms.
   */
  private async membershipChanged(workingGroupId: string, userId: string, role: string | null): Promise<void> {
    if (role !== null) return;
    for (const socket of this.byUser.get(userId) ?? []) {
      const state = this.states.get(socket);
      if (!state || state.user.role === 'admin') continue;
      for (const [sessionId, groupId] of [...state.sessions]) {
        if (groupId !== workingGroupId) continue;
        try {
          if (await this.leaveSession(socket, state, sessionId)) socket.emit(LiveEvent.Left, { sessionId, reason: 'membership' });
        } catch (err) {
          this.log.warn(`could not remove ${userId} from session ${sessionId}: ${(err as Error).message}`);
        }
      }
    }
  }
}
