import type { GroupRole } from '@app/domain';
import type { TokenBucket } from './collab-connection';

/**
 * What a document room needs of a client connection, whatever carries it: a y-websocket
 * (CollabConnection) or an HTTP client's event stream (HttpDraftConnection). Rights, presence
 * and the saved-ack rule live in the room and the service, once for both transports.
 */
export interface DraftConnection {
  readonly userId: string;
  readonly displayName: string;
  readonly docName: string;
  /** Wants the saved acknowledgements (message type 100). */
  readonly acks: boolean;
  readonly bucket: TokenBucket;
  role: GroupRole | null;
  isAdmin: boolean;
  /** False for observers, admins outside the group, and everyone on a locked draft. */
  canWrite: boolean;
  /** The one awareness client id this connection may speak for (the first it used). */
  awarenessId: number | null;
  closed: boolean;
  /** Sent edits while read-only (dropped): it must resync before it may write again. */
  diverged: boolean;
  lastAwarenessIn: string | null;
  lastAwarenessOut: string | null;
  expiryTimer?: NodeJS.Timeout;
  /** Sends one y-websocket message (the HTTP transport translates it into an event). */
  send(message: Uint8Array): void;
  /** Sends a message whose websocket frame is already built; returns the bytes now buffered. */
  sendFrame(frame: Buffer, message: Uint8Array): number;
  /** Bytes buffered for this client: a slow one is closed. */
  readonly buffered: number;
  /** Ends the transport with a close code of API.md (a websocket close, or its HTTP equivalent). */
  end(code: number, reason: string): void;
}
