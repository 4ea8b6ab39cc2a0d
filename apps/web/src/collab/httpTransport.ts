import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';

/** Base64 of bytes (the HTTP transport's encoding). */
export function toBase64(u: Uint8Array): string {
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface HttpTransportEvents {
  /** The stream is open and the stored state is applied (or not any more). */
  onConnected(connected: boolean): void;
  /** The stored state vector after a commit (from a POST's answer or a `saved` event). */
  onSaved(stateVector: Uint8Array): void;
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
  private connectionId: string | null = null;
  private lastEventId: string | null = null;
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
    private readonly docName: string,
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly token: () => string,
    private readonly events: HttpTransportEvents,
  ) {}

  private url(action: string, query = ''): string {
    return `/api/drafts/${encodeURIComponent(this.docName)}/${action}${query}`;
  }

  private headers(json = false): Record<string, string> {
    const h: Record<string, string> = { authorization: `Bearer ${this.token()}` };
    if (json) h['content-type'] = 'application/json';
    if (this.connectionId) h['x-draft-connection'] = this.connectionId;
    return h;
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
    const headers = this.headers();
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    let res: Response;
    try {
      res = await fetch(this.url('events', `?stateVector=${encodeURIComponent(toBase64(Y.encodeStateVector(this.doc)))}`), { headers, signal: abort.signal, cache: 'no-store' });
    } catch {
      this.events.onConnected(false);
      return this.retryLater();
    }
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      this.events.onRefused(res.status === 401 ? 4401 : res.status === 403 ? 4403 : 4404, await res.text().catch(() => ''));
      return;
    }
    if (res.status !== 200 || !res.body) {
      this.events.onConnected(false);
      return this.retryLater();
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          this.onEvent(block);
        }
      }
    } catch {
      // aborted or cut by the network
    }
    if (abort !== this.abort || this.stopped) return;
    this.events.onConnected(false);
    this.retryLater();
  }

  private onEvent(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (id) this.lastEventId = id;
    const payload = data.join('\n');
    switch (event) {
      case 'hello': {
        const hello = JSON.parse(payload) as { connectionId: string; canWrite: boolean };
        this.connectionId = hello.connectionId;
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
          this.lastEventId = null;
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
    const batch = this.queue.splice(0);
    const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    try {
      const res = await fetch(this.url('updates'), { method: 'POST', headers: this.headers(true), body: JSON.stringify({ update: toBase64(update) }), cache: 'no-store' });
      if (res.status === 200) {
        const body = (await res.json()) as { stateVector: string };
        this.events.onSaved(fromBase64(body.stateVector));
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
    if (this.stopped || !this.connectionId) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    try {
      await fetch(this.url('awareness'), { method: 'POST', headers: this.headers(true), body: JSON.stringify({ update: toBase64(update) }), cache: 'no-store' });
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
