import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { BusModule, EventBus } from '@app/bus';
import { DataSource } from 'typeorm';
import { AccessQuery, dataSourceOptions, Transactions } from '@app/database';
import { APP_CONFIG, AppConfig } from './app.config';

/** The URL of the database in use (for the e-mail queue's own pool). */
export const DATABASE_URL = Symbol('DATABASE_URL');

export interface CoreOptions {
  config: AppConfig;
  /** The database actually used (the embedded one's URL when DATABASE_URL is unset). */
  databaseUrl: string;
  poolSize?: number;
  bus: EventBus;
}

/** Key of the session-level advisory lock that serialises migrations between processes. */
const MIGRATION_LOCK = 72_017_000;

/**
 * Initialises the data source and runs pending migrations while holding an advisory lock, so
 * that several nodes starting together on one database migrate once, one after the other.
 */
async function migrated(ds: DataSource): Promise<DataSource> {
  await ds.initialize();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  return ds;
}

/** What every app of the platform shares: configuration, the database (and its access query), the event bus. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(opts: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions({ url: opts.databaseUrl, poolSize: opts.poolSize }),
          dataSourceFactory: async (options) => migrated(new DataSource(options!)),
        }),
        BusModule.forRoot(opts.bus),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: opts.config },
        { provide: DATABASE_URL, useValue: opts.databaseUrl },
        // the one access query ("the row + the member's role"), for the API and the realtime service
        { provide: AccessQuery, useFactory: (ds: DataSource) => new AccessQuery(ds), inject: [getDataSourceToken()] },
        // the transaction helper, for services that hold no DataSource
        { provide: Transactions, useFactory: (ds: DataSource) => new Transactions(ds), inject: [getDataSourceToken()] },
      ],
      exports: [APP_CONFIG, DATABASE_URL, AccessQuery, Transactions],
    };
  }
}
