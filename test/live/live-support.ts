import { io, Socket } from 'socket.io-client';
import type { TestPlatform } from '../support/platform';

export interface Received {
  event: string;
  data: any;
  at: number;
}

/** A socket.io client of `/live` that records every event it receives. */
export interface LiveClient {
  socket: Socket;
  received: Received[];
  /** Events of one name received so far. */
  events(name: string): any[];
  /** Resolves with the first event (already received or to come) that matches. */
  waitFor(name: string, match?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  emit(name: string, ...args: unknown[]): Promise<any>;
  /**
   * A request the server answers without changing anything (a malformed join): its answer comes
   * after every event the server sent this socket before it, so afterwards what was emitted to
   * it has arrived.
   */
  roundTrip(): Promise<void>;
  close(): void;
}

export function connectLive(baseUrl: string, token: string | undefined, opts: { transports?: string[] } = {}): Socket {
  return io(`${baseUrl}/live`, {
    path: '/socket.io',
    auth: token === undefined ? {} : { token },
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
  });
}

/** Connects and waits for the connection; rejects with the connect_error. */
export async function liveClient(baseUrl: string, token: string | undefined, opts: { transports?: string[] } = {}): Promise<LiveClient> {
  const socket = connectLive(baseUrl, token, opts);
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, data: unknown) => {
    received.push({ event, data, at: Date.now() });
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return {
    socket,
    received,
    events: (name) => received.filter((r) => r.event === name).map((r) => r.data),
    waitFor(name, match = () => true, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find((r) => r.event === name && match(r.data));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.data);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${name} event within ${timeoutMs} ms; received: ${JSON.stringify(received.map((r) => r.event))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    emit: async (name, ...args) => {
      try {
        return await socket.timeout(30_000).emitWithAck(name, ...args);
      } catch (err) {
        throw new Error(`no ack for ${name} ${JSON.stringify(args).slice(0, 200)} (connected: ${socket.connected}): ${(err as Error).message}; received ${JSON.stringify(received).slice(0, 300)}`, { cause: err });
      }
    },
    async roundTrip() {
      const reply = await socket.timeout(30_000).emitWithAck('session:join', 'aller-retour');
      if (reply?.code !== 'invalid_input') throw new Error(`unexpected answer to a round trip: ${JSON.stringify(reply)}`);
    },
    close: () => socket.close(),
  };
}

/** The connect_error of a connection attempt (fails if the connection succeeds). */
export function connectError(baseUrl: string, token: string | undefined): Promise<Error & { data?: any }> {
  const socket = connectLive(baseUrl, token);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('connected although it should have been refused'));
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * No event of this name (matching) reached the client by the time it is answered a round trip.
 * Call it once the event, had it been sent, would have been sent (another client got its own
 * copy, the request that would cause it was answered): a wait on an event, not on a time.
 */
export async function expectNone(c: LiveClient, name: string, match: (d: any) => boolean = () => true): Promise<void> {
  await c.roundTrip();
  const hits = c.events(name).filter(match);
  if (hits.length) throw new Error(`unexpected ${name}: ${JSON.stringify(hits)}`);
}

/** The first working group of a user (from /api/me). */
export async function firstGroupOf(p: TestPlatform, token: string): Promise<string> {
  const me = await p.request('GET', '/api/me', { token });
  return me.body.memberships[0].workingGroupId as string;
}

/** A session of the group, created by a facilitator through the API. */
export async function createSession(p: TestPlatform, token: string, workingGroupId: string, agenda: { recommendationId: string; minutes: number }[] = []): Promise<any> {
  const startsAt = new Date(Date.now() + 3600_000);
  const endsAt = new Date(startsAt.getTime() + 3 * 3600_000);
  const res = await p.request('POST', `/api/working-groups/${workingGroupId}/sessions`, {
    token,
    body: { title: 'Atelier ouvert', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), agenda },
  });
  if (res.status !== 201) throw new Error(`session creation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
