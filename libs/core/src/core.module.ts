import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusModule, EventBus } from '@app/bus';
import { dataSourceOptions } from '@app/database';
import { APP_CONFIG, AppConfig } from './app.config';

export interface CoreOptions {
  config: AppConfig;
  /** The database actually used (the embedded one's URL when DATABASE_URL is unset). */
  databaseUrl: string;
  poolSize?: number;
  bus: EventBus;
}

/** What every app of the platform shares: configuration, the database, the event bus. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(opts: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions({ url: opts.databaseUrl, poolSize: opts.poolSize }), migrationsRun: true }),
        BusModule.forRoot(opts.bus),
      ],
      providers: [{ provide: APP_CONFIG, useValue: opts.config }],
      exports: [APP_CONFIG],
    };
  }
}
