import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction. Everything a service changes together (the rows and their
 * audit event) goes through the manager it receives.
 */
export function inTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction('READ COMMITTED', work);
}

/**
 * The transaction helper as a provider, for the API's services: they hold no DataSource (the
 * queries are in their feature's repository), open a transaction with `run` and hand the
 * manager it gives to the repository methods.
 */
export class Transactions {
  constructor(private readonly ds: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, work);
  }
}
