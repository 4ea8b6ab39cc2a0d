import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DraftsHttpApi, fromBase64, toBase64, type DraftsHello, type SseEvent } from '@app/contracts/drafts-http-client';

export { fromBase64, toBase64 };

export interface HttpTransportEvents {
  /** The stream is open and the stored state is applied (or not any more). */
  onConnected(connected: boolean): void;
  /** The stored state vector after a commit (from a POST's answer or a `saved` event). */
  onSaved(stateVector: Uint8Array): void;
  /** Names the local edits recorded so far (SavedEdits.barrier): called when a POST takes its batch. */
  barrier(): number;
  /** The POST that took its batch at `barrier` was answered 200: every edit up to it is stored (delete-only ones too). */
  onConfirmed(barrier: number): void;
  /** A refusal that retrying will not fix: 401, 403 (read-only), 404, or a close event. */
  onRefused(code: number, reason: string): void;
  /** The server refused writing (observer, locked): local edits are not sent. */
  onReadOnly(): void;
}

const PRESENCE_RENEW_MS = 15_000;

/**
 * Live-draft sync over plain HTTP (API.md "State networks"), for networks that refuse
 * websockets: Server-Sent Events (read with fetch, which sends the Authorization header) bring
 * the stored updates and presence of others; local edits are POSTed one request at a time
 * (what accumulates meanwhile goes in the next one, merged); a 200 means committed.
 */
export class HttpDraftTransport {
  private abort: AbortController | null = null;
  /** The requests (shared with the tests' and the bench's client): token, connection id, last event id. */
  private readonly api: DraftsHttpApi;
  private queue: Uint8Array[] = [];
  private posting = false;
  private readOnly = false;
  private stopped = true;
  private retryTimer?: number;
  private presenceTimer?: number;
  private backoff = 500;
  /** After (re)opening the stream, what the server lacks is sent once it told its state. */
  private pushOnSaved = true;
  /** What the server has stored, as far as this client knows: what to send is the rest. */
  private serverStateVector: Uint8Array | null = null;

  constructor(
    docName: string,
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    token: () => string,
    private readonly events: HttpTransportEvents,
  ) {
    this.api = new DraftsHttpApi('', docName, token);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.stopped) return;
    this.queue.push(update);
    void this.pump();
  };

  private readonly onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === this || this.stopped) return;
    if ([...added, ...updated, ...removed].includes(this.doc.clientID)) void this.sendPresence();
  };

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwareness);
    this.presenceTimer = window.setInterval(() => void this.sendPresence(), PRESENCE_RENEW_MS);
    void this.openStream();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwareness);
    window.clearInterval(this.presenceTimer);
    window.clearTimeout(this.retryTimer);
    this.abort?.abort();
    this.abort = null;
    this.queue = [];
    // the others' presence came through this transport: gone with it
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.events.onConnected(false);
  }

  private retryLater(): void {
    if (this.stopped) return;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.openStream(), this.backoff);
    this.backoff = Math.min(10_000, this.backoff * 2);
  }

  private async openStream(): Promise<void> {
    if (this.stopped) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.pushOnSaved = true;
    let opened: Awaited<ReturnType<DraftsHttpApi['openEvents']>>;
    try {
      opened = await this.api.openEvents({ stateVector: Y.encodeStateVector(this.doc), resume: true, signal: abort.signal }, (e) => this.onEvent(e));
    } catch {
      this.events.onConnected(false);
      return this.retryLater();
    }
    if (!opened.ok) {
      const { response } = opened;
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        this.events.onRefused(response.status === 401 ? 4401 : response.status === 403 ? 4403 : 4404, await response.text().catch(() => ''));
        return;
      }
      this.events.onConnected(false);
      return this.retryLater();
    }
    await opened.ended;
    if (abort !== this.abort || this.stopped) return;
    this.events.onConnected(false);
    this.retryLater();
  }

  private onEvent(e: SseEvent): void {
    const { event, data: payload } = e;
    switch (event) {
      case 'hello': {
        const hello = JSON.parse(payload) as DraftsHello;
        this.readOnly = !hello.canWrite;
        if (this.readOnly) this.events.onReadOnly();
        break;
      }
      case 'update':
        Y.applyUpdate(this.doc, fromBase64(payload), this);
        break;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, fromBase64(payload), this);
        break;
      case 'saved': {
        const sv = fromBase64(payload);
        this.serverStateVector = sv;
        this.events.onSaved(sv);
        this.backoff = 500;
        this.events.onConnected(true);
        // what this client has and the server lacks (offline edits, edits of a dropped websocket)
        if (this.pushOnSaved && !this.readOnly) {
          this.pushOnSaved = false;
          const missing = Y.encodeStateAsUpdate(this.doc, sv);
          if (hasContent(missing)) {
            this.queue.push(missing);
            void this.pump();
          }
        }
        void this.sendPresence();
        break;
      }
      case 'resumed':
        this.events.onConnected(true);
        break;
      case 'close': {
        const { code, reason } = JSON.parse(payload) as { code: number; reason: string };
        this.abort?.abort();
        if (code === 1012 || code === 1013) {
          this.api.lastEventId = null;
          this.retryLater();
        } else this.events.onRefused(code, reason);
        break;
      }
    }
  }

  /** Posts what is queued, one request at a time; on a network failure keeps it and retries. */
  private async pump(): Promise<void> {
    if (this.posting || this.stopped || this.readOnly || this.queue.length === 0) return;
    this.posting = true;
    // a round trip only once this stream's catch-up (all the server lacks, the whole delete set)
    // has been queued: before, a batch does not hold the edits a dropped websocket may have lost
    const barrier = this.pushOnSaved ? null : this.events.barrier();
    const batch = this.queue.splice(0);
    const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    try {
      const res = await this.api.postUpdate(update);
      if (res.status === 200) {
        const body = (await res.json()) as { stateVector: string };
        this.events.onSaved(fromBase64(body.stateVector));
        if (barrier !== null) this.events.onConfirmed(barrier);
        this.backoff = 500;
      } else if (res.status === 403) {
        this.readOnly = true;
        this.events.onReadOnly();
      } else if (res.status === 401 || res.status === 404 || res.status === 413 || res.status === 400) {
        this.events.onRefused(res.status === 401 ? 4401 : res.status === 404 ? 4404 : res.status === 413 ? 1009 : 4400, await res.text().catch(() => ''));
      } else {
        // 429, 503, a proxy's error: the same edits again later
        this.queue.unshift(update);
        await new Promise((r) => window.setTimeout(r, this.backoff));
        this.backoff = Math.min(10_000, this.backoff * 2);
      }
    } catch {
      this.queue.unshift(update);
      await new Promise((r) => window.setTimeout(r, this.backoff));
      this.backoff = Math.min(10_000, this.backoff * 2);
    } finally {
      this.posting = false;
    }
    void this.pump();
  }

  private async sendPresence(): Promise<void> {
    if (this.stopped || !this.api.connectionId) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    try {
      await this.api.postAwareness(update);
    } catch {
      // presence is best effort; renewed every 15 s
    }
  }

  /** Whether the server's stored state (as last told) lacks something of this document. */
  get behind(): boolean {
    return !!this.serverStateVector && hasContent(Y.encodeStateAsUpdate(this.doc, this.serverStateVector));
  }
}

/** An encoded update with at least one struct or deletion (an empty one is 2 bytes: [0, 0]). */
function hasContent(update: Uint8Array): boolean {
  return update.length > 2;
}
