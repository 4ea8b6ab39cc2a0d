import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_MAX_CONNECTIONS = 20;

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
