/**
 * The realtime service alone (live drafts at /collab, live sessions at /socket.io) on its own
 * port, next to an API process on the same PostgreSQL (and Redis with several processes).
 * `npm start` runs the all-in-one platform instead.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { EventBus } from '@app/bus';
import { ConfigError, CoreModule, loadConfig } from '@app/core';
import { createLiveAdapter } from './live/live-io.adapter';
import { RealtimeHealthController } from './realtime-health.controller';
import { RealtimeModule } from './realtime.module';

async function main() {
  const config = loadConfig();
  // The embedded PGlite belongs to one process: the realtime service alone shares the API's PostgreSQL.
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required to run the realtime service alone (the embedded database is for `npm start`)');
  @Module({ imports: [CoreModule.forRoot({ config, databaseUrl: config.databaseUrl, bus: new EventBus(config.redisUrl, config.redisNamespace) }), RealtimeModule], controllers: [RealtimeHealthController] })
  class RealtimeAppModule {}
  const app = await NestFactory.create<NestExpressApplication>(RealtimeAppModule, { bodyParser: false });
  app.useWebSocketAdapter(await createLiveAdapter(app, config));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
