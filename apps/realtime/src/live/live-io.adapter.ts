import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { INestApplication, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';
import type { AppConfig } from '@app/core';
import { originAllowed } from '../upgrade-guard';

/** An upgrade request nobody answered (no /collab, no /socket.io) is closed after this. */
export const ORPHAN_UPGRADE_TIMEOUT_MS = 10_000;

type LiveAdapterConfig = Pick<AppConfig, 'redisUrl' | 'redisNamespace' | 'originUrl' | 'corsOrigins' | 'trustProxy'>;

/**
 * socket.io adapter of the platform. Every handshake (long-polling or websocket) follows the
 * platform's origin rule (`allowRequest`: 403 for another origin; UpgradeGuard answers a
 * websocket upgrade before engine.io sees it). With REDIS_URL, rooms span the nodes through the Redis
 * adapter (keys and channels under `<redisNamespace>:socket.io`): a broadcast from one node
 * reaches the room's sockets on every node, and `fetchSockets()` (presence) sees them all.
 * Alone, socket.io's in-memory adapter is kept.
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveIoAdapter');
  private pub?: Redis;
  private sub?: Redis;
  private reaper?: (req: IncomingMessage, socket: Duplex) => void;
  private reaperServer?: HttpServer;

  constructor(
    app: INestApplication,
    private readonly config: LiveAdapterConfig,
  ) {
    super(app.getHttpServer());
  }

  /** Connects the Redis clients of the adapter (no-op without REDIS_URL). */
  async connect(): Promise<this> {
    if (!this.config.redisUrl || this.pub) return this;
    const pub = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on('error', (err: Error) => this.log.warn(`Redis: ${err.message}`));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (err) {
      pub.disconnect();
      sub.disconnect();
      throw err;
    }
    this.pub = pub;
    this.sub = sub;
    return this;
  }

  get distributed(): boolean {
    return !!this.pub;
  }

  /**
   * The server is built from our own `socket.io` (Nest's adapter package pins a copy of its
   * own), so that the Redis adapter, the gateway and its types all work with the same one.
   */
  // typed loosely: the base class is typed with Nest's own copy of socket.io
  override createIOServer(port: number, options?: any): any {
    const allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
      const ok = originAllowed(req, this.config);
      callback(ok ? null : 'Origine non autorisée', ok);
    };
    options = { ...options, allowRequest };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, options as Partial<ServerOptions>) : new Server(port, options as Partial<ServerOptions>);
    if (this.httpServer && port === 0 && (options as Partial<ServerOptions> | undefined)?.destroyUpgrade === false) this.reapOrphanUpgrades(this.httpServer);
    if (this.pub && this.sub) {
      server.adapter(
        createAdapter(this.pub, this.sub, {
          key: `${this.config.redisNamespace}:socket.io`,
          publishOnSpecificResponseChannel: true,
          requestsTimeout: 3000,
        }),
      );
    }
    return server;
  }

  /**
   * With `destroyUpgrade: false` engine.io no longer closes the upgrade requests that nobody
   * answers (its default does so after one second, too early for a slower /collab handshake).
   * This does it after ORPHAN_UPGRADE_TIMEOUT_MS instead, whatever the path: a request for a
   * websocket at an unknown path must not hold a socket open forever.
   */
  private reapOrphanUpgrades(httpServer: HttpServer): void {
    if (this.reaper) return;
    this.reaper = (_req: IncomingMessage, socket: Duplex) => {
      const timer = setTimeout(() => {
        if (!socket.destroyed && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) socket.destroy();
      }, ORPHAN_UPGRADE_TIMEOUT_MS);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    };
    this.reaperServer = httpServer;
    httpServer.on('upgrade', this.reaper);
  }

  override async dispose(): Promise<void> {
    if (this.reaper) this.reaperServer?.off('upgrade', this.reaper);
    this.reaper = undefined;
    await super.dispose();
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
    this.pub = this.sub = undefined;
  }
}

/** The adapter, connected: `app.useWebSocketAdapter(await createLiveAdapter(app, config))` before `app.init()`. */
export function createLiveAdapter(app: INestApplication, config: LiveAdapterConfig): Promise<LiveIoAdapter> {
  return new LiveIoAdapter(app, config).connect();
}
