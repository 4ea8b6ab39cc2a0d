/**
 * The wire side of the HTTP transport of live drafts (API.md "State networks"), shared by the web
 * app's transport (apps/web/src/collab/httpTransport.ts) and the Node client of the tests and the
 * bench (bench/http-draft-client.ts): URLs, headers, base64, and the Server-Sent Events stream read
 * with fetch (which, unlike EventSource, sends the Authorization header). No Yjs, no framework:
 * what each client does with the events is its own business. Runs in browsers and in Node 20
 * (fetch, atob/btoa, TextDecoder, ReadableStream).
 */

/** Base64 of bytes (the transport's encoding of updates, state vectors and awareness). */
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

/** One Server-Sent Event (comments and keep-alives are not events). */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Parses one event block (the text between two blank lines); null for a comment-only block. */
export function parseSseBlock(block: string): SseEvent | null {
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
  if (!data.length && !id) return null;
  return { id, event, data: data.join('\n') };
}

/** Reads an event stream to its end (or until aborted: resolves either way), calling `onEvent` in order. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
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
        const e = parseSseBlock(block);
        if (e) onEvent(e);
      }
    }
  } catch {
    // aborted, or cut by the network
  }
}

export type DraftsAction = 'state' | 'updates' | 'events' | 'awareness';

/** The `hello` event: the stream's connection id (for `X-Draft-Connection`) and whether posts are accepted. */
export interface DraftsHello {
  connectionId: string;
  canWrite: boolean;
}

/**
 * One client's requests to `/api/drafts/:docName/…`: the bearer token, the stream's connection
 * id on the presence POSTs, the last event id for a resume. `base` is '' in the browser (same
 * origin). `postBase` is where the POSTs go: the same node normally; another one to exercise a
 * deployment without sticky sessions.
 */
export class DraftsHttpApi {
  connectionId: string | null = null;
  lastEventId: string | null = null;

  constructor(
    readonly base: string,
    readonly docName: string,
    readonly token: () => string,
    readonly postBase: string = base,
  ) {}

  url(action: DraftsAction, query = '', base = this.base): string {
    return `${base}/api/drafts/${encodeURIComponent(this.docName)}/${action}${query}`;
  }

  headers(json = false): Record<string, string> {
    const h: Record<string, string> = { authorization: `Bearer ${this.token()}` };
    if (json) h['content-type'] = 'application/json';
    if (this.connectionId) h['x-draft-connection'] = this.connectionId;
    return h;
  }

  /** `?stateVector=` for a state vector (base64, URL-encoded). */
  static stateVectorQuery(stateVector: Uint8Array): string {
    return `?stateVector=${encodeURIComponent(toBase64(stateVector))}`;
  }

  /** GET state: `{update, stateVector}` (base64) on 200. */
  state(stateVector: Uint8Array): Promise<Response> {
    return fetch(this.url('state', DraftsHttpApi.stateVectorQuery(stateVector)), { headers: this.headers(), cache: 'no-store' });
  }

  /** POST a raw body to `updates` or `awareness` (bad input included, for tests). */
  post(action: 'updates' | 'awareness', body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.url(action, '', this.postBase), { method: 'POST', headers: { ...this.headers(true), ...headers }, body, cache: 'no-store' });
  }

  /** POST an update: 200 `{stateVector}` once it is committed. */
  postUpdate(update: Uint8Array): Promise<Response> {
    return this.post('updates', JSON.stringify({ update: toBase64(update) }));
  }

  /** POST an awareness update for this client's stream: 204. */
  postAwareness(update: Uint8Array): Promise<Response> {
    return this.post('awareness', JSON.stringify({ update: toBase64(update) }));
  }

  /**
   * Opens the event stream. On 200, events are read in the background (`ended` resolves when
   * the stream ends or is aborted); ids and the `hello` connection id are recorded before
   * `onEvent` sees them. Otherwise the response is returned unread. Network errors reject.
   */
  async openEvents(
    opts: { stateVector?: Uint8Array; resume?: boolean; signal?: AbortSignal },
    onEvent: (e: SseEvent) => void,
  ): Promise<{ ok: true; ended: Promise<void> } | { ok: false; response: Response }> {
    const headers = this.headers();
    if (opts.resume && this.lastEventId) headers['last-event-id'] = this.lastEventId;
    const query = opts.stateVector ? DraftsHttpApi.stateVectorQuery(opts.stateVector) : '';
    const res = await fetch(this.url('events', query), { headers, signal: opts.signal, cache: 'no-store' });
    if (res.status !== 200 || !res.body) return { ok: false, response: res };
    const ended = readSse(res.body, (e) => {
      if (e.id) this.lastEventId = e.id;
      if (e.event === 'hello') this.connectionId = (JSON.parse(e.data) as DraftsHello).connectionId;
      onEvent(e);
    });
    return { ok: true, ended };
  }
}
