import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';

export interface DatabaseOptions {
  url: string;
  /** Pool size; keep it at or under the embedded server's maxConnections. */
  poolSize?: number;
  logging?: boolean;
}

export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL ≥ 13 and PGlite: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: opts.logging ? ['error', 'warn', 'migration'] : ['error'],
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 },
  };
}

export function createDataSource(opts: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(opts));
}
