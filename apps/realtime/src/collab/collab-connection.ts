import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { GroupRole } from '@app/domain';
import type { DraftConnection } from './draft-connection';

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

/** Whether a group role edits drafts (facilitators and participants; observers read). */
export const editsDrafts = (role: GroupRole | null): boolean => role === 'facilitator' || role === 'participant';

/**
 * One y-websocket connection: who it is (from the token and the database at connect), what it
 * may do now (`canWrite`, kept up to date by the bus events, off the per-message path), its
 * presence id, and its message budget.
 */
export class CollabConnection implements DraftConnection {
  /** False for observers, admins outside the group, and everyone on a locked draft. */
  canWrite = false;
  /** The one awareness client id this connection may speak for (the first it used). */
  awarenessId: number | null = null;
  closed = false;
  /**
   * Sent edits while read-only (dropped): its document has content the server will never get,
   * so its later edits could never apply (Yjs waits for the missing ones). When it may write
   * again it is closed (1012) and the client reconnects and resyncs.
   */
  diverged = false;
  /** Answered a pong since the last ping. */
  alive = true;
  /** Last awareness state received and its rewritten form (a client resends the same state often). */
  lastAwarenessIn: string | null = null;
  lastAwarenessOut: string | null = null;
  expiryTimer?: NodeJS.Timeout;
  /**
   * The raw socket under `ws` (its `_socket`, set by the upgrade before the connection is
   * created), looked up once for `sendFrame`; null when `ws` exposes none.
   */
  private readonly socket: Socket | null;

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
  ) {
    this.socket = (ws as unknown as { _socket?: Socket | null })._socket ?? null;
  }

  /** Sends one message. */
  send(message: Uint8Array): void {
    if (this.closed) return;
    this.ws.send(message);
  }

  /**
   * Sends a complete websocket frame built once for all receivers (see `wsFrame`): one write
   * on the socket, no per-receiver header or copy. Falls back to `ws.send` when the socket is
   * not the plain one `ws` exposes. Returns the bytes now buffered for this connection (what
   * `buffered` would say, without its getter on the hot path).
   */
  sendFrame(frame: Buffer, message: Uint8Array): number {
    if (this.closed) return 0;
    if (this.ws.readyState !== WebSocket.OPEN) return this.ws.bufferedAmount;
    const socket = this.socket;
    if (socket !== null && !socket.destroyed) {
      socket.write(frame);
      // = ws's bufferedAmount: its sender buffers nothing of its own here (no per-message
      // deflate, no Blob), so all that is pending is in the socket's writable buffer
      return socket.writableLength;
    }
    this.ws.send(message);
    return this.ws.bufferedAmount;
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  end(code: number, reason: string): void {
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }
}

/**
 * The unmasked, final, binary websocket frame (RFC 6455 §5.2) of a message: what `ws` writes
 * for a server-sent message without compression, built once per broadcast.
 */
export function wsFrame(message: Uint8Array): Buffer {
  const len = message.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + len);
  frame[0] = 0x82; // FIN + binary
  if (len < 126) frame[1] = len;
  else if (len < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    frame.writeUInt32BE(len >>> 0, 6);
  }
  frame.set(message, head);
  return frame;
}
