import { createScratchDatabase, startEmbeddedDatabase } from '@app/database';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An isolated database for one test file: a fresh database on the PostgreSQL server of
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const embedded = await startEmbeddedDatabase();
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  return createScratchDatabase(base);
}
