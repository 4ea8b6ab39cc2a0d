import type WebSocket from 'ws';
import type { GroupRole } from '@app/domain';

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
export class CollabConnection {
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
  ) {}

  /** Sends one already-encoded frame (the same buffer goes to every receiver of a broadcast). */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    this.ws.send(frame);
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }
}
