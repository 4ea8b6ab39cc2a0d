import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction. Everything a service changes together (the rows and their
 * audit event) goes through the manager it receives.
 */
export function inTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction('READ COMMITTED', work);
}
