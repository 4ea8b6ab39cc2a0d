import { AwarenessEntry, decodeAwarenessUpdate, encodeAwareness, encodeAwarenessUpdate } from '@app/contracts';
import { presenceColor, PresenceUser } from '@app/domain';
import type { DocRoom } from './doc-room';
import type { RoomConnection } from './room-connection';

interface PresenceEntry extends AwarenessEntry {
  /** The local connection speaking for this client id; null for a client of another node. */
  owner: RoomConnection | null;
  updatedAt: number;
}

/** What the room remembers of one connection's presence. */
interface Slot {
  /** The one awareness client id this connection may speak for (the first it used). */
  awarenessId: number | null;
  /** Last state received and its rewritten form, with the role it was rewritten for (a client resends the same state often). */
  lastIn: string | null;
  lastOut: string | null;
  lastRole: string | null;
}

export type PresenceResult = 'ok' | 'too-large' | 'malformed';

/**
 * Who is in the document (awareness), for the local connections and the other nodes. The
 * server sets the whole `user` field of each state ({name, role, color}, from the token and the
 * membership); a connection speaks for one client id only. Changes go out once per event-loop
 * turn, all in one awareness update: when 200 people join at once, each socket gets a few
 * frames instead of one per newcomer.
 */
export class RoomPresence {
  private readonly entries = new Map<number, PresenceEntry>();
  private readonly slots = new Map<RoomConnection, Slot>();
  private cache: Uint8Array | null = null;
  private readonly out = new Map<number, AwarenessEntry>();
  private readonly toPublish = new Map<number, AwarenessEntry>();
  private flushHandle?: NodeJS.Immediate;

  constructor(private readonly room: DocRoom) {}

  get size(): number {
    return this.entries.size;
  }

  /** The whole presence as one awareness message (cached until it changes). */
  frame(): Uint8Array {
    return (this.cache ??= encodeAwareness(encodeAwarenessUpdate([...this.entries.values()])));
  }

  /** A client's query-awareness. */
  query(conn: RoomConnection): void {
    if (this.entries.size > 0) this.room.sendTo(conn, 'awareness', this.frame());
  }

  /**
   * Presence from a connection, with `user` replaced by the server's. Relayed to every
   * connection, the sender too (y-websocket clients count it as a sign of life: their 30 s
   * watchdog).
   */
  apply(conn: RoomConnection, entries: AwarenessEntry[]): PresenceResult {
    const now = Date.now();
    let slot = this.slots.get(conn);
    if (!slot) this.slots.set(conn, (slot = { awarenessId: null, lastIn: null, lastOut: null, lastRole: null }));
    for (const e of entries) {
      if (slot.awarenessId === null) slot.awarenessId = e.clientId;
      if (e.clientId !== slot.awarenessId) continue; // speaking for someone else: refused
      if (e.state.length > this.room.host.config.maxAwarenessBytes) return 'too-large';
      let state = 'null';
      if (e.state !== 'null') {
        if (e.state === slot.lastIn && conn.role === slot.lastRole) state = slot.lastOut!;
        else {
          const rewritten = withUser(e.state, presenceUserOf(conn));
          if (rewritten === null) return 'malformed';
          slot.lastIn = e.state;
          slot.lastRole = conn.role;
          slot.lastOut = state = rewritten;
        }
      }
      if (state === 'null') this.delete(e.clientId);
      else this.set({ clientId: e.clientId, clock: e.clock, state, owner: conn, updatedAt: now });
      this.queue({ clientId: e.clientId, clock: e.clock, state }, true);
    }
    return 'ok';
  }

  /** A connection left: its client is gone for everyone. */
  left(conn: RoomConnection): void {
    const slot = this.slots.get(conn);
    this.slots.delete(conn);
    if (slot?.awarenessId == null) return;
    const entry = this.entries.get(slot.awarenessId);
    if (entry && entry.owner === conn) {
      this.delete(slot.awarenessId);
      this.queue({ clientId: entry.clientId, clock: entry.clock + 1, state: 'null' }, true);
    }
  }

  /** Presence of another node's clients (already rewritten by that node). */
  fromNode(update: Uint8Array): void {
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return;
    }
    const now = Date.now();
    for (const e of entries) {
      const local = this.entries.get(e.clientId);
      if (local?.owner) continue; // ours: the other node relays a stale copy
      if (e.state === 'null') this.delete(e.clientId);
      else this.set({ ...e, owner: null, updatedAt: now });
      this.queue(e, false);
    }
  }

  /** Another node loaded the document: tell it who is here. */
  answerQuery(): void {
    const ours = [...this.entries.values()].filter((e) => e.owner !== null);
    if (ours.length) this.room.host.relay.publishAwareness(this.room.name, encodeAwarenessUpdate(ours));
  }

  /** Drops presence of other nodes' clients not renewed for a while (a node that died can't say goodbye). */
  prune(maxAgeMs: number): void {
    const limit = Date.now() - maxAgeMs;
    for (const [id, e] of this.entries) {
      if (e.owner === null && e.updatedAt < limit) {
        this.delete(id);
        this.queue({ clientId: id, clock: e.clock + 1, state: 'null' }, false);
      }
    }
  }

  dispose(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
  }

  private set(entry: PresenceEntry): void {
    this.entries.set(entry.clientId, entry);
    this.cache = null;
  }

  private delete(clientId: number): void {
    if (this.entries.delete(clientId)) this.cache = null;
  }

  private queue(entry: AwarenessEntry, publish: boolean): void {
    this.out.set(entry.clientId, entry);
    if (publish) this.toPublish.set(entry.clientId, entry);
    if (this.flushHandle) return;
    this.flushHandle = setImmediate(() => {
      this.flushHandle = undefined;
      if (this.room.disposed) return;
      const out = [...this.out.values()];
      const pub = [...this.toPublish.values()];
      this.out.clear();
      this.toPublish.clear();
      if (out.length) this.room.broadcast('awareness', encodeAwareness(encodeAwarenessUpdate(out)), null);
      if (pub.length) this.room.host.relay.publishAwareness(this.room.name, encodeAwarenessUpdate(pub));
    });
  }
}

/** The `user` field the server shows for a connection (API.md v2: `{name, role, color?}`). */
export function presenceUserOf(conn: RoomConnection): PresenceUser {
  return { name: conn.displayName, role: conn.role, color: presenceColor(conn.userId) };
}

/**
 * The awareness state with its whole `user` field replaced by the server's: whatever the client
 * claimed there (a name, a role, a colour) is dropped; the rest (cursor…) is kept. A state that
 * is not an object becomes `{user}`. Null when the state is not JSON.
 */
export function withUser(stateJson: string, user: PresenceUser): string | null {
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    return null;
  }
  if (state === null) return 'null';
  const obj: Record<string, unknown> = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  obj.user = { ...user };
  return JSON.stringify(obj);
}
