import { mkdirSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketHandler, PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_MAX_CONNECTIONS = 20;

const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse Bind Describe Execute Close Flush
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

interface Turn {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: Error) => void;
}

/**
 * The queue in front of PGlite's single session, given to each pglite-socket handler (its
 * `queryQueue` option). pglite-socket's own queue keeps a connection's turn only inside a SQL
 * transaction: outside one, two connections' extended-protocol sequences (Parse/Bind/Execute/
 * Sync) interleave ("portal \"\" does not exist", wrong rows, or a stuck queue;
 * electric-sql/pglite#1046). This one keeps the turn from a connection's first extended-protocol
 * message to its Sync, and for the whole of a transaction. Only PGlite's public API is used.
 */
export class SessionTurns {
  private queue: Turn[] = [];
  private processing = false;
  /** The connection that holds the session: mid extended-protocol sequence or in a transaction. */
  private holder: number | null = null;
  private midSequence = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its queued messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((t) => {
      if (t.handlerId !== handlerId) return true;
      t.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** …and if it held the session, its sequence is ended (Sync) and its transaction rolled back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    await this.db.runExclusive(async () => {
      if (this.midSequence) await this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined });
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    });
    this.midSequence = false;
    this.holder = null;
    await this.process();
  }

  private held(): boolean {
    return this.holder !== null && (this.midSequence || this.db.isInTransaction());
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const i = this.held() ? this.queue.findIndex((t) => t.handlerId === this.holder) : 0;
        if (i === -1) break; // the holder's next message will come (or it goes away)
        const [turn] = this.queue.splice(i, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(turn.message, {
              onRawData: (data) => {
                bytes += data.length;
                turn.onData(data);
              },
            }),
          );
        } catch (err) {
          turn.reject(err as Error);
          continue;
        }
        this.holder = turn.handlerId;
        this.midSequence = EXTENDED.has(turn.message[0]);
        turn.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) and serves it on a loopback TCP port through
 * pglite-socket's connection handler (one per client) and the queue above, so the ordinary
 * `pg` driver, TypeORM and our migrations run unchanged.
 * `dataDir` undefined = in memory (tests); otherwise the data is kept there.
 */
export async function startEmbeddedDatabase(dataDir?: string, port = 0): Promise<EmbeddedDatabase> {
  // ESM-only packages: import them at run time from CommonJS.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketHandler } = await import('@electric-sql/pglite-socket');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  await db.waitReady;
  // the handler's option is typed with pglite-socket's own queue class; ours has the same methods
  const queryQueue = new SessionTurns(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= EMBEDDED_MAX_CONNECTIONS) {
      new Logger('EmbeddedDatabase').warn(`connection refused: ${handlers.size} of ${EMBEDDED_MAX_CONNECTIONS} already open`);
      socket.end('Too many connections\n');
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  server.maxConnections = EMBEDDED_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const conn = `127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  new Logger('EmbeddedDatabase').log(`PGlite ${dataDir ? `in ${dataDir}` : 'in memory'} served on ${conn}`);
  return {
    url: `postgresql://postgres:postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
