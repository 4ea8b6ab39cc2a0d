import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { decodeMessage } from '@app/contracts';
import type { GroupRole } from '@app/domain';
import type { TokenBucket } from '../collab-connection';
import type { RoomConnection, RoomMessageKind } from '../room-connection';

/** One Server-Sent Event as written, kept for a resume. */
interface SentEvent {
  seq: number;
  text: string;
}

/** Events kept for a `Last-Event-ID` resume: the last ones, up to this many bytes. */
const RESUME_BYTES = 2 * 1024 * 1024;

/**
 * An HTTP client of a live draft: its event stream (`GET /api/drafts/:docName/events`) is its
 * connection to the document room, the second implementation of RoomConnection beside the
 * websocket's CollabConnection. What the room sends as y-websocket messages goes out as events: `update` (a stored
 * update, base64), `awareness` (an awareness update, base64), `saved` (the stored state
 * vector). Event ids are `<connection id>.<sequence>`: when the stream drops, the connection
 * stays in the room for a grace period and keeps the recent events, so a client that comes back
 * with `Last-Event-ID` gets what it missed and keeps its presence.
 */
export class HttpDraftConnection implements RoomConnection {
  readonly id = randomUUID();
  canWrite = false;
  closed = false;
  expiryTimer?: NodeJS.Timeout;
  /** Runs when the stream has been gone longer than the grace period. */
  graceTimer?: NodeJS.Timeout;
  private res: ServerResponse | null = null;
  private seq = 0;
  private readonly sent: SentEvent[] = [];
  private sentBytes = 0;

  constructor(
    readonly userId: string,
    readonly displayName: string,
    readonly docName: string,
    readonly bucket: TokenBucket,
    public role: GroupRole | null,
    public isAdmin: boolean,
    /** Takes the connection out of its room and the transport's registry (see `close`). */
    private readonly detach: (conn: HttpDraftConnection) => void,
  ) {}

  /** The saved acknowledgements go out as `saved` events. */
  get acks(): boolean {
    return true;
  }

  get attached(): boolean {
    return this.res !== null;
  }

  /** Takes a (new) stream; replays what followed `afterSeq` when resuming. False if those events are gone. */
  attach(res: ServerResponse, afterSeq: number | null): boolean {
    if (this.res && this.res !== res && !this.res.writableEnded) this.res.end(); // the client left that one
    this.res = res;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    if (afterSeq === null) return true;
    const first = this.sent[0];
    if (afterSeq > this.seq || (first && first.seq > afterSeq + 1) || (!first && afterSeq < this.seq)) return false;
    for (const e of this.sent) if (e.seq > afterSeq) res.write(e.text);
    return true;
  }

  /** The stream went away; the connection waits for a resume. */
  detachStream(res: ServerResponse): void {
    if (this.res === res) this.res = null;
  }

  /** A named event with an id (kept for resumes). */
  event(name: string, data: string): void {
    if (this.closed) return;
    const seq = ++this.seq;
    const text = `id: ${this.id}.${seq}\nevent: ${name}\ndata: ${data}\n\n`;
    this.sent.push({ seq, text });
    this.sentBytes += text.length;
    while (this.sentBytes > RESUME_BYTES && this.sent.length > 1) this.sentBytes -= this.sent.shift()!.text.length;
    this.res?.write(text);
  }

  /** A keep-alive comment (proxies close quiet connections). */
  ping(): void {
    this.res?.write(': ping\n\n');
  }

  /** The room's messages as events; returns the bytes the stream still has to write. */
  send(_kind: RoomMessageKind, message: Uint8Array): number {
    if (this.closed) return 0;
    let msg;
    try {
      msg = decodeMessage(message);
    } catch {
      return this.buffered;
    }
    if (msg.kind === 'update' || msg.kind === 'sync-step-2') this.event('update', b64(msg.update));
    else if (msg.kind === 'awareness') this.event('awareness', b64(msg.update));
    else if (msg.kind === 'saved-ack') this.event('saved', b64(msg.stateVector));
    // the room's sync step 1: an HTTP client gets the stored state when its stream opens
    return this.buffered;
  }

  get buffered(): number {
    return this.res?.writableLength ?? 0;
  }

  /** Detaches it (nothing more is sent), then the close code as a last event and the end of the stream. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.detach(this);
    this.closed = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.expiryTimer);
    const res = this.res;
    this.res = null;
    if (res && !res.writableEnded) {
      res.write(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
      res.end();
    }
  }
}

export const b64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
