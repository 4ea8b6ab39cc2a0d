import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DraftsHttpApi, fromBase64, toBase64, type DraftsAction, type SseEvent } from '@app/contracts/drafts-http-client';

const b64 = toBase64;
const unb64 = fromBase64;

export type { SseEvent };

/**
 * A client of the HTTP transport of live drafts (no websocket): GET state, POST updates and
 * awareness, and the Server-Sent Events stream; the wire side is libs/contracts'
 * DraftsHttpApi, shared with the web app's transport. Used by the e2e tests and the bench.
 * `postBase` sends the POSTs to another node than the stream's (no sticky sessions).
 */
export class HttpDraftClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly events: SseEvent[] = [];
  readonly api: DraftsHttpApi;
  /** The stored state vector of the last `saved` event or POST answer. */
  savedStateVector: Map<number, number> = new Map();
  closeEvent: { code: number; reason: string } | null = null;
  private abort: AbortController | null = null;
  streamEnded: Promise<void> = Promise.resolve();

  constructor(
    readonly base: string,
    readonly docName: string,
    public token: string,
    opts: { postBase?: string } = {},
  ) {
    this.api = new DraftsHttpApi(base, docName, () => this.token, opts.postBase ?? base);
    this.awareness.setLocalState(null);
  }

  get connectionId(): string | null {
    return this.api.connectionId;
  }
  set connectionId(id: string | null) {
    this.api.connectionId = id;
  }
  get lastEventId(): string | null {
    return this.api.lastEventId;
  }
  set lastEventId(id: string | null) {
    this.api.lastEventId = id;
  }

  get text(): Y.Text {
    return this.doc.getText('t');
  }

  url(action: DraftsAction, query = ''): string {
    return this.api.url(action, query);
  }

  /** GET state: applies what this client lacks; the status and the stored state vector. */
  async pull(): Promise<{ status: number; body: any }> {
    const res = await this.api.state(Y.encodeStateVector(this.doc));
    const body = await res.json();
    if (res.status === 200) {
      Y.applyUpdate(this.doc, unb64(body.update), 'server');
      this.savedStateVector = Y.decodeStateVector(unb64(body.stateVector));
    }
    return { status: res.status, body };
  }

  /** POST one update (raw body, for tests of bad input too). */
  async postRaw(action: 'updates' | 'awareness', body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await this.api.post(action, body, headers);
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
    const opened = await this.api.openEvents(
      { resume: opts.resume, stateVector: opts.withStateVector ? Y.encodeStateVector(this.doc) : undefined, signal: this.abort.signal },
      (e) => this.onEvent(e),
    );
    if (!opened.ok) {
      await opened.response.text().catch(() => undefined);
      return opened.response.status;
    }
    this.streamEnded = opened.ended;
    return 200;
  }

  private onEvent(e: SseEvent): void {
    this.events.push(e);
    switch (e.event) {
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
