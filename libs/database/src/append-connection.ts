import { Client, ClientConfig, DatabaseError } from 'pg';

/**
 * The live drafts' hot path to PostgreSQL: one dedicated `pg` client in pipeline mode
 * (`new Client({ pipeline: true })`, public API) that runs the append statements as named
 * prepared statements (parsed and planned once per connection). Every edit waits for one of
 * these round trips before it is relayed (persist-before-relay); with pipelining, the append of
 * one document's next group commit and those of other documents are written without waiting for
 * the previous answers, and answered in order.
 *
 * Each request is its own Bind/Execute/Sync (plus Parse the first time a statement is used), so
 * a request whose statement fails gets the server's error and the next one goes on. A lost
 * connection rejects everything in flight (the caller keeps its updates and retries) and the
 * next call reconnects.
 */

/** One parameter: text (a string), binary (a Uint8Array), or NULL. */
export type AppendParam = string | Uint8Array | null;

export class AppendConnectionError extends Error {}

let instances = 0;

export class AppendConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
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
    const client = this.client ?? (await this.connect());
    try {
      const res = await client.query<unknown[]>({ name: this.prefix + n, text: this.statement(n), values: params.map(toValue), rowMode: 'array' });
      return res.rows.map((r) => String(r[0]));
    } catch (err) {
      throw toError(err);
    }
  }

  /**
   * Opens the connection and prepares statements `ns` ahead of their first use, so that the first
   * edit of a draft pays neither the connection nor the planning. `pg` has no Parse-only request:
   * each statement is run once with every parameter NULL, so it must then do nothing (DraftStore's
   * appends insert nothing without a document name). Resolves once they are ready; a statement
   * that fails rejects (one that failed to parse is parsed again on its next use).
   */
  async prepare(ns: number[]): Promise<void> {
    await Promise.all(ns.map((n) => this.run(n, new Array<null>(parameterCount(this.statement(n))).fill(null))));
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private connect(): Promise<Client> {
    if (this.closed) return Promise.reject(new AppendConnectionError('append connection closed'));
    this.connecting ??= (async () => {
      const client = new Client({ ...this.config, pipeline: true });
      // a lost connection: what is in flight is rejected by pg; the next call reconnects
      const forget = () => {
        if (this.client === client) this.client = null;
      };
      client.on('error', forget);
      client.on('end', forget);
      try {
        await client.connect();
      } finally {
        this.connecting = null;
      }
      if (this.closed) {
        // closed while connecting (a shutdown during a warm-up): don't keep this one
        await client.end().catch(() => undefined);
        throw new AppendConnectionError('append connection closed');
      }
      // an idle append connection does not keep the process alive (Client#unref: pg's own method,
      // not in @types/pg)
      (client as Client & { unref(): void }).unref();
      this.client = client;
      return client;
    })();
    return this.connecting;
  }
}

/** The number of parameters of a statement: its highest `$n`. */
function parameterCount(sql: string): number {
  let max = 0;
  for (const m of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** A Buffer over the same bytes (pg sends Buffers as binary parameters). */
function toValue(p: AppendParam): string | Buffer | null {
  return p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p;
}

/** The server's error with its SQLSTATE (`message (code)`), or pg's own (connection terminated…). */
function toError(err: unknown): Error {
  if (err instanceof DatabaseError) return new AppendConnectionError(err.code ? `${err.message} (${err.code})` : err.message);
  return new AppendConnectionError(err instanceof Error ? err.message : String(err));
}
