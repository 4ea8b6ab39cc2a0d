import type { Socket } from 'node:net';
import { Client, ClientConfig } from 'pg';

/**
 * The live drafts' hot path to PostgreSQL: one dedicated connection that runs the append
 * statements (prepared once) with the extended protocol written and read by hand. Every edit
 * waits for one of these round trips before it is relayed (persist-before-relay), so the
 * JavaScript spent around it is paid once per edit: `pg`'s Query/Result machinery and the pool
 * cost as much as ~60 of the 200 socket writes of a plenary broadcast; this costs a few buffer
 * copies. `pg` still opens the connection (authentication, SCRAM, TLS), then hands its socket over.
 *
 * Requests are pipelined: each is Bind/Execute/Sync (plus Parse the first time a statement is
 * used), answered in order, so a FIFO of waiters matches answers to requests. A request whose
 * statement fails gets the server's error and the next Sync resumes. A lost connection rejects
 * everything in flight (the caller keeps its updates and retries) and the next call reconnects.
 */

interface Waiter {
  resolve: (ids: string[]) => void;
  reject: (err: Error) => void;
  ids: string[];
  error: Error | null;
  /** The statement this request prepared (forgotten if the request failed). */
  parsed: number | null;
}

/** One parameter: text (a string), binary (a Uint8Array), or NULL. */
export type AppendParam = string | Uint8Array | null;

export class AppendConnectionError extends Error {}

let instances = 0;

export class AppendConnection {
  private socket: Socket | null = null;
  private client: Client | null = null;
  private connecting: Promise<Socket> | null = null;
  private readonly waiters: Waiter[] = [];
  /** Statement numbers prepared on the current connection. */
  private readonly prepared = new Set<number>();
  private pending: Buffer | null = null;
  private closed = false;
  /**
   * Statement names of this instance: prepared statements belong to a session on PostgreSQL, but
   * the embedded PGlite shares one backend between all connections.
   */
  private readonly prefix = `concertation_append_${process.pid}_${++instances}_`;

  constructor(
    private readonly config: ClientConfig,
    /** The SQL text of statement number n (its parameters: as many as the request sends). */
    private readonly statement: (n: number) => string,
  ) {}

  /** Runs statement `n` with `params`; resolves with the first column of every row (text). */
  async run(n: number, params: AppendParam[]): Promise<string[]> {
    const socket = this.socket ?? (await this.connect());
    return new Promise<string[]>((resolve, reject) => {
      const parse = !this.prepared.has(n);
      if (parse) this.prepared.add(n);
      this.waiters.push({ resolve, reject, ids: [], error: null, parsed: parse ? n : null });
      socket.write(encodeRequest(this.prefix + n, parse ? this.statement(n) : null, params));
    });
  }

  /**
   * Opens the connection and prepares statements `ns` ahead of their first use (each a Parse and
   * a Sync), so that the first edit of a draft pays neither the connection nor the planning.
   * Resolves once they are ready; a statement that fails to prepare rejects (and is prepared again
   * on its next use).
   */
  async prepare(ns: number[]): Promise<void> {
    const socket = this.socket ?? (await this.connect());
    const todo = ns.filter((n) => !this.prepared.has(n));
    if (todo.length === 0) return;
    const done = todo.map((n) => {
      this.prepared.add(n);
      return new Promise<string[]>((resolve, reject) => this.waiters.push({ resolve, reject, ids: [], error: null, parsed: n }));
    });
    socket.write(Buffer.concat(todo.map((n) => encodeParse(this.prefix + n, this.statement(n)))));
    await Promise.all(done);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.drop(new AppendConnectionError('append connection closed'));
    if (client) await client.end().catch(() => undefined);
  }

  private connect(): Promise<Socket> {
    if (this.closed) return Promise.reject(new AppendConnectionError('append connection closed'));
    this.connecting ??= (async () => {
      const client = new Client(this.config);
      client.on('error', () => undefined); // reported through the socket's close below
      try {
        await client.connect();
      } catch (err) {
        this.connecting = null;
        throw err;
      }
      if (this.closed) {
        // closed while connecting (a shutdown during a warm-up): don't keep this one
        this.connecting = null;
        await client.end().catch(() => undefined);
        throw new AppendConnectionError('append connection closed');
      }
      const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
      // from now on the protocol is ours: pg's parser no longer sees this socket's data
      socket.removeAllListeners('data');
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.unref(); // an idle append connection does not keep the process alive
      socket.once('close', () => {
        if (this.socket === socket) this.drop(new AppendConnectionError('connection to PostgreSQL lost'));
      });
      this.client = client;
      this.socket = socket;
      this.prepared.clear();
      this.connecting = null;
      return socket;
    })();
    return this.connecting;
  }

  /** Forgets the connection; everything in flight fails (nothing was acknowledged to anyone). */
  private drop(err: Error): void {
    const socket = this.socket;
    this.socket = null;
    this.client = null;
    this.pending = null;
    this.prepared.clear();
    for (const w of this.waiters.splice(0)) w.reject(err);
    if (socket && !socket.destroyed) socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 5) {
      const len = buf.readInt32BE(off + 1);
      if (buf.length - off < len + 1) break;
      this.onMessage(buf[off], buf, off + 5, off + 1 + len);
      if (!this.socket) return; // dropped by a protocol error
      off += len + 1;
    }
    this.pending = off < buf.length ? buf.subarray(off) : null;
    if (this.pending && off > 0) this.pending = Buffer.from(this.pending); // don't keep the whole chunk
  }

  private onMessage(type: number, buf: Buffer, start: number, end: number): void {
    const head = this.waiters[0];
    switch (type) {
      case 0x44: {
        // DataRow: int16 columns, then int32 length + bytes per column; the first one is ours
        if (head && buf.readInt16BE(start) > 0) {
          const len = buf.readInt32BE(start + 2);
          if (len >= 0) head.ids.push(buf.toString('latin1', start + 6, start + 6 + len));
        }
        return;
      }
      case 0x45: // ErrorResponse: this request failed, its Sync's ReadyForQuery ends it
        if (head) head.error = new AppendConnectionError(errorText(buf, start, end));
        else this.drop(new AppendConnectionError(`PostgreSQL: ${errorText(buf, start, end)}`));
        return;
      case 0x5a: {
        // ReadyForQuery: the request at the head is complete
        const w = this.waiters.shift();
        if (!w) return;
        if (w.error) {
          if (w.parsed !== null) this.prepared.delete(w.parsed);
          w.reject(w.error);
        } else w.resolve(w.ids);
        return;
      }
      default:
        // ParseComplete, BindComplete, CommandComplete, notices, parameter status: nothing to do
        return;
    }
  }
}

function errorText(buf: Buffer, start: number, end: number): string {
  // fields: a type byte then a C string, until a zero byte; M = the message, C = the SQLSTATE
  let message = 'error';
  let code = '';
  let i = start;
  while (i < end && buf[i] !== 0) {
    const field = buf[i];
    const zero = buf.indexOf(0, i + 1);
    if (zero < 0 || zero > end) break;
    if (field === 0x4d) message = buf.toString('utf8', i + 1, zero);
    else if (field === 0x43) code = buf.toString('latin1', i + 1, zero);
    i = zero + 1;
  }
  return code ? `${message} (${code})` : message;
}

/** Size of a Parse message (type byte included). */
const parseSize = (name: string, sql: string) => 1 + 4 + Buffer.byteLength(name) + 1 + Buffer.byteLength(sql) + 1 + 2;

/** Writes a Parse message at `o`; returns the offset after it. */
function writeParse(out: Buffer, o: number, name: string, sql: string): number {
  out[o++] = 0x50; // P
  out.writeInt32BE(parseSize(name, sql) - 1, o);
  o += 4;
  o += out.write(name, o, 'latin1');
  out[o++] = 0;
  o += out.write(sql, o, 'utf8');
  out[o++] = 0;
  out.writeInt16BE(0, o); // parameter types: inferred from the statement's casts
  return o + 2;
}

/** Parse then Sync: a statement prepared ahead of its first use. */
function encodeParse(name: string, sql: string): Buffer {
  const out = Buffer.allocUnsafe(parseSize(name, sql) + 1 + 4);
  const o = writeParse(out, 0, name, sql);
  out[o] = 0x53; // S
  out.writeInt32BE(4, o + 1);
  return out;
}

/** Parse (first use of the statement), Bind, Execute, Sync: one buffer, one write. */
function encodeRequest(name: string, sql: string | null, params: AppendParam[]): Buffer {
  const nameLen = Buffer.byteLength(name);
  let size = sql === null ? 0 : parseSize(name, sql);
  // Bind: portal "", statement name, format codes (one per parameter), values, result formats (0: text)
  let valuesLen = 0;
  for (const p of params) valuesLen += 4 + (p === null ? 0 : typeof p === 'string' ? Buffer.byteLength(p) : p.length);
  const bindLen = 4 + 1 + nameLen + 1 + 2 + 2 * params.length + 2 + valuesLen + 2;
  size += 1 + bindLen;
  size += 1 + 4 + 1 + 4; // Execute: portal "", no row limit
  size += 1 + 4; // Sync
  const out = Buffer.allocUnsafe(size);
  let o = sql === null ? 0 : writeParse(out, 0, name, sql);
  out[o++] = 0x42; // B
  out.writeInt32BE(bindLen, o);
  o += 4;
  out[o++] = 0; // unnamed portal
  o += out.write(name, o, 'latin1');
  out[o++] = 0;
  out.writeInt16BE(params.length, o);
  o += 2;
  for (const p of params) {
    out.writeInt16BE(p instanceof Uint8Array ? 1 : 0, o);
    o += 2;
  }
  out.writeInt16BE(params.length, o);
  o += 2;
  for (const p of params) {
    if (p === null) {
      out.writeInt32BE(-1, o);
      o += 4;
    } else if (typeof p === 'string') {
      const len = out.write(p, o + 4, 'utf8');
      out.writeInt32BE(len, o);
      o += 4 + len;
    } else {
      out.writeInt32BE(p.length, o);
      out.set(p, o + 4);
      o += 4 + p.length;
    }
  }
  out.writeInt16BE(0, o); // results in text
  o += 2;
  out[o++] = 0x45; // E
  out.writeInt32BE(4 + 1 + 4, o);
  o += 4;
  out[o++] = 0;
  out.writeInt32BE(0, o);
  o += 4;
  out[o++] = 0x53; // S
  out.writeInt32BE(4, o);
  if (o + 4 !== size) throw new Error(`append request: ${o + 4} bytes written, ${size} expected`);
  return out;
}
