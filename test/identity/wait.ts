import { DataSource } from 'typeorm';

/** Re-checks `cond` (a database read) until it holds; the caller's test timeout bounds it. */
export async function until<T>(cond: () => Promise<T | false | undefined | null>, everyMs = 100): Promise<T> {
  for (;;) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once pg-boss holds no e-mail job still to send (created, retry or active). */
export function mailQueueDrained(ds: DataSource): Promise<true> {
  return until(async () => {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email' AND state IN ('created', 'retry', 'active')`);
    return n === 0 ? (true as const) : false;
  });
}
