import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';

export interface Closed {
  code: number;
  reason: string;
}

/** The ws URL of a draft on a platform (`http://host:port`). */
export function collabUrl(base: string, docName: string, token?: string, extra = ''): string {
  const q = token === undefined ? '' : `?token=${encodeURIComponent(token)}${extra}`;
  return `${base.replace(/^http/, 'ws')}/collab/${encodeURIComponent(docName)}${q}`;
}

/**
 * A y-websocket client written with y-protocols (what WebsocketProvider does on the wire, no
 * reconnect), which also records the saved acknowledgements (type 100) and the close code.
 */
export class RawCollabClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly ws: WebSocket;
  /** State vectors of the saved acknowledgements received. */
  readonly acks: Map<number, number>[] = [];
  readonly received: Uint8Array[] = [];
  synced = false;
  /** Sync step 2 messages received (the first answers the initial sync). */
  syncReplies = 0;
  closed: Closed | null = null;
  private readonly closeWaiters: ((c: Closed) => void)[] = [];
  private readonly openPromise: Promise<void>;

  constructor(url: string, opts: { awareness?: Record<string, unknown> | null } = {}) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.openPromise = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('close', (code) => reject(new Error(`closed before open (${code})`)));
    });
    this.ws.on('error', () => undefined);
    this.ws.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, this.doc);
      this.send(encoding.toUint8Array(e));
      if (opts.awareness !== null) this.awareness.setLocalState(opts.awareness ?? { user: { name: 'client' } });
    });
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.awareness.destroy(); // its renewal timer would outlive the test (a client the server closed is often not tracked)
      this.closeWaiters.splice(0).forEach((f) => f(this.closed!));
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      this.send(encoding.toUint8Array(e));
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === 'remote') return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, added.concat(updated, removed)));
      this.send(encoding.toUint8Array(e));
    });
  }

  send(buf: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(buf);
  }

  private onMessage(buf: Uint8Array): void {
    this.received.push(buf);
    const d = decoding.createDecoder(buf);
    const type = decoding.readVarUint(d);
    if (type === 0) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      const sub = syncProtocol.readSyncMessage(d, e, this.doc, this);
      if (sub === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
        this.syncReplies++;
      }
      if (encoding.length(e) > 1) this.send(encoding.toUint8Array(e));
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), 'remote');
    } else if (type === 100) {
      this.acks.push(Y.decodeStateVector(decoding.readVarUint8Array(d)));
    }
  }

  /**
   * Sends a sync request and waits for its answer: a wait on an event, for tests that check
   * that something did NOT happen. The server handles a connection's messages in order and
   * answers a sync request only once every edit it accepted before it is stored: after the
   * round trip, an edit this client sent earlier is in the database, or was refused.
   */
  async roundTrip(timeoutMs = 30_000): Promise<void> {
    const before = this.syncReplies;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, this.doc);
    this.send(encoding.toUint8Array(e));
    await waitFor(() => this.syncReplies > before || !!this.closed, timeoutMs, 'a sync round trip');
    if (this.syncReplies <= before) throw new Error(`closed before the round trip: ${JSON.stringify(this.closed)}`);
  }

  opened(): Promise<void> {
    return this.openPromise;
  }

  async whenSynced(timeoutMs = 30_000): Promise<this> {
    await waitFor(() => this.synced || !!this.closed, timeoutMs, 'sync');
    if (!this.synced) throw new Error(`closed before sync: ${JSON.stringify(this.closed)}`);
    return this;
  }

  whenClosed(timeoutMs = 30_000): Promise<Closed> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('not closed in time')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
  }

  /** The text of the `default` XmlFragment (Tiptap's), paragraphs joined by newlines. */
  get fragmentText(): string {
    return this.doc
      .getXmlFragment('default')
      .toArray()
      .map((n) => (n instanceof Y.XmlElement ? n.toArray().map((t) => t.toString()).join('') : n.toString()))
      .join('\n');
  }

  get text(): Y.Text {
    return this.doc.getText('t');
  }

  /** Whether the last acknowledgement covers all of this client's own edits. */
  get allSaved(): boolean {
    const own = Y.decodeStateVector(Y.encodeStateVector(this.doc)).get(this.doc.clientID) ?? 0;
    const last = this.acks[this.acks.length - 1];
    return own === 0 || (!!last && (last.get(this.doc.clientID) ?? 0) >= own);
  }

  close(): void {
    this.awareness.destroy();
    this.ws.terminate();
  }
}

export async function waitFor(pred: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects and waits for the first sync. */
export async function connect(base: string, docName: string, token: string, opts: { acks?: boolean; awareness?: Record<string, unknown> | null } = {}): Promise<RawCollabClient> {
  const c = new RawCollabClient(collabUrl(base, docName, token, opts.acks ? '&acks=1' : ''), opts);
  return c.whenSynced();
}
