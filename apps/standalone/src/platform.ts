import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Module, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { EventBus } from '@app/bus';
import { AppConfig, CoreModule, loadConfig } from '@app/core';
import { EMBEDDED_MAX_CONNECTIONS, EmbeddedDatabase, startEmbeddedDatabase } from '@app/database';
import { ApiModule } from '../../api/src/api.module';
import { configureHttp } from '../../api/src/http-setup';
import { SeedService } from '../../api/src/seed/seed.service';
import { RealtimeModule } from '../../realtime/src/realtime.module';
import { createLiveAdapter } from '../../realtime/src/live/live-io.adapter';
import { DemoDrafts } from '../../realtime/src/collab/demo-drafts';
import { webApp } from './web-static';

/** dist/web next to the compiled server, or under the project root when run from sources (tests). */
function defaultWebDir(): string {
  const candidates = [resolve(__dirname, '../../../web'), resolve(__dirname, '../../../dist/web')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates[0];
}

export interface PlatformOptions {
  /** Environment to read the configuration from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Overrides applied after the environment is read (tests). */
  overrides?: Partial<AppConfig>;
  /** Keep the embedded database in memory (tests) rather than in `dataDir`. */
  inMemoryDatabase?: boolean;
  logger?: false | ('log' | 'error' | 'warn' | 'debug' | 'verbose')[];
}

export interface Platform {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  port: number;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The all-in-one platform: API, realtime and web app on one port. With DATABASE_URL unset,
 * an embedded PGlite is started first and served on a loopback socket.
 */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const config: AppConfig = { ...loadConfig(opts.env ?? process.env), ...opts.overrides };
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) embedded = await startEmbeddedDatabase(opts.inMemoryDatabase ? undefined : resolve(config.dataDir, 'pgdata'));
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const bus = new EventBus(config.redisUrl, config.redisNamespace);

  @Module({
    imports: [
      CoreModule.forRoot({ config, databaseUrl, bus, poolSize: embedded ? Math.floor(EMBEDDED_MAX_CONNECTIONS / 2) : 20 }),
      ApiModule,
      RealtimeModule,
    ],
  })
  class PlatformModule {}

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(PlatformModule, { bodyParser: false, logger: opts.logger ?? undefined, abortOnError: false });
    configureHttp(app, config);
    app.useWebSocketAdapter(await createLiveAdapter(app, config)); // socket.io, through Redis with REDIS_URL
    for (const handler of webApp(config.webDir ?? defaultWebDir())) app.use(handler);
    app.enableShutdownHooks();
    await app.init();
    const seed = app.get(SeedService);
    // the demo programme's drafts are Yjs state: the realtime module writes them as the API seeds
    const drafts = app.get(DemoDrafts);
    seed.onDemoRecommendation((rec, paragraphs) => drafts.write(rec, paragraphs));
    await seed.run();
    await app.listen(config.port, config.host);
  } catch (err) {
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // Without PUBLIC_URL, links point at this very server (the port may have been chosen at random).
  const env = opts.env ?? process.env;
  if (!env.PUBLIC_URL && !opts.overrides?.publicUrl) config.publicUrl = `http://${host}:${port}`;
  new Logger('Platform').log(`Concertation ready on http://${host}:${port}`);
  return {
    app,
    config,
    url: `http://${host}:${port}`,
    port,
    databaseUrl,
    async close() {
      await app.close();
      await embedded?.stop();
    },
  };
}
