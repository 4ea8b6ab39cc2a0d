import { Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { LiveEvent } from '@app/contracts';
import { LiveSocketData, PRESENCE_DEBOUNCE_MS, rooms } from './live.constants';

export interface PresenceUser {
  userId: string;
  displayName: string;
}

/**
 * Who is in a session's room, on every node (`fetchSockets` goes through the Redis adapter),
 * one entry per user however many tabs or nodes they use. A change (join, leave, disconnect)
 * is announced by the node where it happened, to the room on every node, after a short
 * debounce that folds a burst of changes into one event.
 */
export class LivePresence {
  private readonly log = new Logger('LivePresence');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly ns: Namespace) {}

  async users(sessionId: string): Promise<PresenceUser[]> {
    const room = rooms.session(sessionId);
    let sockets: { data: Partial<LiveSocketData> }[];
    try {
      sockets = await this.ns.in(room).fetchSockets();
    } catch (err) {
      // another node did not answer in time: this node's sockets at least
      this.log.warn(`presence of ${sessionId} limited to this node: ${(err as Error).message}`);
      sockets = await this.ns.local.in(room).fetchSockets();
    }
    const byUser = new Map<string, PresenceUser>();
    for (const s of sockets) {
      const { userId, displayName } = s.data ?? {};
      if (typeof userId === 'string' && !byUser.has(userId)) byUser.set(userId, { userId, displayName: String(displayName ?? '') });
    }
    return [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr') || a.userId.localeCompare(b.userId));
  }

  changed(sessionId: string): void {
    if (this.closed || this.pending.has(sessionId)) return;
    const t = setTimeout(() => {
      this.pending.delete(sessionId);
      void this.announce(sessionId);
    }, PRESENCE_DEBOUNCE_MS);
    this.pending.set(sessionId, t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private async announce(sessionId: string): Promise<void> {
    if (this.closed) return;
    try {
      const users = await this.users(sessionId);
      if (!this.closed) this.ns.to(rooms.session(sessionId)).emit(LiveEvent.Presence, { sessionId, users });
    } catch (err) {
      this.log.warn(`presence of ${sessionId} not sent: ${(err as Error).message}`);
    }
  }
}
