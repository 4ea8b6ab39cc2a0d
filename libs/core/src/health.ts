import type { DataSource } from 'typeorm';
import type { EventBus } from '@app/bus';

export interface HealthReport {
  status: 'ok' | 'error';
  db: 'up' | 'down';
  bus: 'redis' | 'local';
  time: string;
}

/**
 * `GET /api/health` of every process (the API's, and the realtime service's when it runs alone):
 * the database answers `SELECT 1` within 2 s or the report says `error` (the caller answers 503).
 */
export async function healthReport(ds: DataSource, bus: EventBus): Promise<HealthReport> {
  let db: 'up' | 'down' = 'down';
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)));
    await Promise.race([ds.query('SELECT 1'), timeout]);
    db = 'up';
  } catch {
    /* reported as down */
  } finally {
    clearTimeout(timer);
  }
  return { status: db === 'up' ? 'ok' : 'error', db, bus: bus.distributed ? 'redis' : 'local', time: new Date().toISOString() };
}
