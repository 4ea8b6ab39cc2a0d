import WebSocket from 'ws';
import type { GroupRole } from '@app/domain';
import { editsDrafts, RoomConnection, RoomMessageKind } from './room-connection';

export { editsDrafts };

/** Token bucket: `rate` tokens a second up to `burst`; refilled lazily when taken. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * One y-websocket connection, the `/collab` implementation of `RoomConnection`: who it is (from
 * the token and the database at connect), what it may do now (`canWrite`, kept up to date by the
 * bus events, off the per-message path), and its message budget. Frames go out through `ws`'s
 * public API only.
 */
export class CollabConnection implements RoomConnection {
  /** False for observers, admins outside the group, and everyone on a locked draft. */
  canWrite = false;
  closed = false;
  /**
   * Sent edits while read-only (dropped): its document has content the server will never get,
   * so its later edits could never apply (Yjs waits for the missing ones). When it may write
   * again it is closed (1012) and the client reconnects and resyncs.
   */
  diverged = false;
  /** Answered a pong since the last ping. */
  alive = true;
  expiryTimer?: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    readonly userId: string,
    readonly displayName: string,
    readonly docName: string,
    /** Wants the saved acknowledgements (`acks=1`). */
    readonly acks: boolean,
    readonly bucket: TokenBucket,
    public role: GroupRole | null,
    public isAdmin: boolean,
    /** Takes the connection out of the service and its room (see `close`). */
    private readonly detach: (conn: CollabConnection) => void = () => undefined,
  ) {}

  /**
   * Sends one message as a binary frame. A broadcast passes the same Buffer to every receiver:
   * `ws` writes its 2–10 byte header and that buffer as they are (no compression is negotiated,
   * a server does not mask), so nothing is copied per receiver. Returns the bytes buffered.
   */
  send(_kind: RoomMessageKind, message: Uint8Array): number {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return 0;
    this.ws.send(message);
    return this.ws.bufferedAmount;
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** Detaches it (at once: nothing more is sent to it), then closes the websocket with `code`. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.detach(this);
    this.closed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }
}

/** A Buffer over the same bytes (no copy): what `ws` sends without converting. */
export function asBuffer(message: Uint8Array): Buffer {
  return Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength);
}
