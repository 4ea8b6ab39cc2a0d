import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_MAX_CONNECTIONS = 20;

// pglite-socket serialises protocol messages, but keeps a connection's turn only inside a SQL
// transaction: outside one, two connections' extended-protocol sequences (Parse/Bind/Execute/Sync)
// interleave on PGlite's single session ("portal \"\" does not exist", wrong rows, or a stuck
// queue; electric-sql/pglite#1046). This keeps the turn until the connection's Sync.
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse Bind Describe Execute Close Flush
function keepTurnUntilSync(server: unknown): void {
  const queue = (server as { queryQueue: { db: any } }).queryQueue;
  const db = queue.db;
  let midSequence = false;
  queue.db = new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => midSequence || target.isInTransaction();
      if (prop === 'execProtocolRawStream')
        return (message: Uint8Array, opts: unknown) => {
          midSequence = EXTENDED.has(message[0]);
          return target.execProtocolRawStream(message, opts);
        };
      if (prop === 'exec')
        return (...args: unknown[]) => {
          midSequence = false; // ROLLBACK of a connection that went away
          return target.exec(...args);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}


/**
 * Starts PGlite (PostgreSQL compiled to WASM) and serves it on a loopback TCP port through
 * pglite-socket, so the ordinary `pg` driver, TypeORM and our migrations run unchanged.
 * `dataDir` undefined = in memory (tests); otherwise the data is kept there.
 */
export async function startEmbeddedDatabase(dataDir?: string, port = 0): Promise<EmbeddedDatabase> {
  // ESM-only packages: import them at run time from CommonJS.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  keepTurnUntilSync(server);
  await server.start();
  const conn = server.getServerConn(); // host:port
  new Logger('EmbeddedDatabase').log(`PGlite ${dataDir ? `in ${dataDir}` : 'in memory'} served on ${conn}`);
  return {
    url: `postgresql://postgres:postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
