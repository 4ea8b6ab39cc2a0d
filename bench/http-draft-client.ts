import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A client of the HTTP transport of live drafts (no websocket): GET state, POST updates and
 * awareness, and the Server-Sent Events stream read with fetch (which, unlike EventSource, can
 * send the Authorization header). Used by the e2e tests and the bench.
 */
export class HttpDraftClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly events: SseEvent[] = [];
  connectionId: string | null = null;
  lastEventId: string | null = null;
  /** The stored state vector of the last `saved` event or POST answer. */
  savedStateVector: Map<number, number> = new Map();
  closeEvent: { code: number; reason: string } | null = null;
  private abort: AbortController | null = null;
  streamEnded: Promise<void> = Promise.resolve();

  constructor(
    readonly base: string,
    readonly docName: string,
    public token: string,
  ) {
    this.awareness.setLocalState(null);
  }

  get text(): Y.Text {
    return this.doc.getText('t');
  }

  url(action: string, query = ''): string {
    return `${this.base}/api/drafts/${encodeURIComponent(this.docName)}/${action}${query}`;
  }

  private headers(json = false): Record<string, string> {
    const h: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (json) h['content-type'] = 'application/json';
    if (this.connectionId) h['x-draft-connection'] = this.connectionId;
    return h;
  }

  /** GET state: applies what this client lacks; the status and the stored state vector. */
  async pull(): Promise<{ status: number; body: any }> {
    const sv = b64(Y.encodeStateVector(this.doc));
    const res = await fetch(this.url('state', `?stateVector=${encodeURIComponent(sv)}`), { headers: this.headers() });
    const body = await res.json();
    if (res.status === 200) {
      Y.applyUpdate(this.doc, unb64(body.update), 'server');
      this.savedStateVector = Y.decodeStateVector(unb64(body.stateVector));
    }
    return { status: res.status, body };
  }

  /** POST one update (raw body, for tests of bad input too). */
  async postRaw(action: 'updates' | 'awareness', body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.url(action), { method: 'POST', headers: { ...this.headers(true), ...headers }, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** POST updates: what this document has that the server's last known state lacks. */
  async postUpdate(update: Uint8Array): Promise<{ status: number; body: any; ms: number }> {
    const t0 = performance.now();
    const res = await this.postRaw('updates', JSON.stringify({ update: b64(update) }));
    const ms = performance.now() - t0;
    if (res.status === 200) {
      for (const [client, clock] of Y.decodeStateVector(unb64(res.body.stateVector))) {
        if ((this.savedStateVector.get(client) ?? 0) < clock) this.savedStateVector.set(client, clock);
      }
    }
    return { status: res.status, body: res.body, ms };
  }

  /** Edits the text and posts the edit; resolves with the answer (200 only once committed). */
  async edit(fn: (t: Y.Text) => void): Promise<{ status: number; body: any; ms: number }> {
    let update: Uint8Array | null = null;
    const onUpdate = (u: Uint8Array) => (update = u);
    this.doc.on('update', onUpdate);
    this.doc.transact(() => fn(this.text), 'local');
    this.doc.off('update', onUpdate);
    if (!update) throw new Error('the edit changed nothing');
    return this.postUpdate(update);
  }

  async postAwareness(state: Record<string, unknown> | null): Promise<{ status: number; body: any }> {
    this.awareness.setLocalState(state);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    return this.postRaw('awareness', JSON.stringify({ update: b64(update) }));
  }

  /** Whether every edit of this client is covered by the stored state vector it was told. */
  get allSaved(): boolean {
    const own = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    return own === 0 || (this.savedStateVector.get(this.doc.clientID) ?? 0) >= own;
  }

  /**
   * Opens the event stream (resuming with Last-Event-ID when `resume`); resolves with the HTTP
   * status once the headers are in. Events are applied as they come.
   */
  async openEvents(opts: { resume?: boolean; withStateVector?: boolean } = {}): Promise<number> {
    this.abort = new AbortController();
    const headers = this.headers();
    if (opts.resume && this.lastEventId) headers['last-event-id'] = this.lastEventId;
    const query = opts.withStateVector ? `?stateVector=${encodeURIComponent(b64(Y.encodeStateVector(this.doc)))}` : '';
    const res = await fetch(this.url('events', query), { headers, signal: this.abort.signal });
    if (res.status !== 200 || !res.body) {
      await res.text().catch(() => undefined);
      return res.status;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    this.streamEnded = (async () => {
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
            this.onBlock(block);
          }
        }
      } catch {
        // aborted
      }
    })();
    return 200;
  }

  private onBlock(block: string): void {
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
    if (!data.length && !id) return;
    const e: SseEvent = { id, event, data: data.join('\n') };
    if (id) this.lastEventId = id;
    this.events.push(e);
    switch (event) {
      case 'hello':
        this.connectionId = JSON.parse(e.data).connectionId;
        break;
      case 'update':
        Y.applyUpdate(this.doc, unb64(e.data), 'server');
        break;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, unb64(e.data), 'server');
        break;
      case 'saved':
        for (const [client, clock] of Y.decodeStateVector(unb64(e.data))) {
          if ((this.savedStateVector.get(client) ?? 0) < clock) this.savedStateVector.set(client, clock);
        }
        break;
      case 'close':
        this.closeEvent = JSON.parse(e.data);
        break;
    }
  }

  /** Drops the stream as a network failure would (the server keeps the connection for a resume). */
  async dropEvents(): Promise<void> {
    this.abort?.abort();
    await this.streamEnded;
  }

  async close(): Promise<void> {
    await this.dropEvents();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
