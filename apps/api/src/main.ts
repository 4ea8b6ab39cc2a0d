/** The API alone (without realtime or web app). `npm start` runs the all-in-one entry instead. */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { EventBus } from '@app/bus';
import { ConfigError, CoreModule, loadConfig } from '@app/core';
import { startEmbeddedDatabase } from '@app/database';
import { ApiModule } from './api.module';
import { configureHttp } from './http-setup';
import { SeedService } from './seed/seed.service';

async function main() {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(`${config.dataDir}/pgdata`);
  @Module({ imports: [CoreModule.forRoot({ config, databaseUrl: config.databaseUrl ?? embedded!.url, bus: new EventBus(config.redisUrl, config.redisNamespace) }), ApiModule] })
  class ApiAppModule {}
  const app = await NestFactory.create<NestExpressApplication>(ApiAppModule, { bodyParser: false });
  configureHttp(app, config);
  app.enableShutdownHooks();
  await app.init();
  await app.get(SeedService).run();
  await app.listen(config.port, config.host);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
