import type { GroupRole } from '@app/domain';

/**
 * What a message sent to a client is, for transports that label their messages (Server-Sent
 * Events name their events); the bytes are always the y-websocket encoding of the message.
 *
 * - `sync`: sync step 1 or 2 (`[0, 0|1, …]`), the answer to a client's state vector;
 * - `update`: a stored update (`[0, 2, …]`), relayed;
 * - `awareness`: presence of other clients (`[1, …]`);
 * - `saved-ack`: everything up to this state vector is stored (`[100, …]`, only with `acks`).
 */
export type RoomMessageKind = 'sync' | 'update' | 'awareness' | 'saved-ack';

/**
 * One client of a document room, whatever carries its messages (a `/collab` websocket, the
 * HTTP + Server-Sent Events transport): what `DocRoom` needs of it, nothing about the wire.
 * Like Hocuspocus's `Connection` vs. its `Document`.
 *
 * The contract:
 * - Identity and rights are set by the transport from the token and the access query before
 *   `DocRoom.add`; `role`/`isAdmin` may change later (bus events, re-checks) and then the owner
 *   recomputes `canWrite` with `DocRoom.mayWrite`. The room reads them; it never authenticates.
 * - Incoming messages go through the room's methods (`syncStep1`, `applyClientUpdate`,
 *   `applyPresence`, `queryPresence`); the transport decodes them and calls those only while
 *   the connection is open and, for updates, only when `canWrite`.
 * - `send` is called only for messages the room may show this client: stored state (never an
 *   update before it is committed), presence as rewritten by the server. It must not throw; it
 *   queues the message in order and returns at once how many bytes are still waiting for this
 *   client (the room closes a client that falls too far behind with 1013). A message the room
 *   broadcasts is one shared buffer: the transport must not modify it.
 * - `close(code, reason)` ends the connection with a y-websocket close code (4400, 4403, 1013…,
 *   an HTTP transport maps it to its own signal) and, before returning, detaches it from its room
 *   (`DocRoom.remove`), so that nothing more is sent to it; after that `closed` is true. Calling
 *   it again does nothing. A transport whose client goes away calls `DocRoom.remove` itself.
 */
export interface RoomConnection {
  /** The account (token `sub`): stored as the author of its updates. */
  readonly userId: string;
  /** The display name from the token, shown in presence. */
  readonly displayName: string;
  /** Wants the saved acknowledgements (`saved-ack` messages). */
  readonly acks: boolean;
  /** Role in the document's working group (null: not a member, e.g. an admin). */
  role: GroupRole | null;
  isAdmin: boolean;
  /** Whether its updates are taken: set by the room at `add`, by the owner on rights changes. */
  canWrite: boolean;
  readonly closed: boolean;
  /**
   * Optional: the client sent edits while read-only (dropped), so its document holds content the
   * server will never have; when it may write again the owner closes it (1012) to make it resync.
   * A transport that refuses such edits outright (HTTP: 403) leaves it undefined.
   */
  readonly diverged?: boolean;
  send(kind: RoomMessageKind, message: Uint8Array): number;
  close(code: number, reason: string): void;
}

/** Whether a group role edits drafts (facilitators and participants; observers read). */
export const editsDrafts = (role: GroupRole | null): boolean => role === 'facilitator' || role === 'participant';
