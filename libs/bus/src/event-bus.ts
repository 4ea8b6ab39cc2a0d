import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Logger } from '@nestjs/common';
import type { PlatformEventName, PlatformEvents } from '@app/contracts';

type Handler<K extends PlatformEventName> = (payload: PlatformEvents[K]) => void;

/**
 * The platform's event bus: in-process when alone, Redis pub/sub when REDIS_URL is set, so that
 * an event published by any node reaches the subscribers of every node. Handlers run for local
 * publications synchronously after publish, and for remote ones when Redis delivers them.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly origin = randomUUID();
  private readonly logger = new Logger('EventBus');
  private pub?: Redis;
  private sub?: Redis;
  readonly channel: string;

  constructor(
    private readonly redisUrl?: string,
    readonly namespace = 'concertation',
  ) {
    this.channel = `${namespace}:events`;
    this.emitter.setMaxListeners(0);
  }

  get distributed(): boolean {
    return !!this.redisUrl;
  }

  async start(): Promise<void> {
    if (!this.redisUrl || this.pub) return;
    this.pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.sub = new Redis(this.redisUrl, { lazyConnect: true });
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (_channel: string, raw: string) => this.receive(raw));
    await this.sub.subscribe(this.channel);
  }

  private receive(raw: string): void {
    try {
      const { origin, name, payload } = JSON.parse(raw) as { origin: string; name: string; payload: unknown };
      if (origin === this.origin) return;
      this.emitter.emit(name, payload);
    } catch (err) {
      this.logger.warn(`dropped a malformed bus message: ${(err as Error).message}`);
    }
  }

  async publish<K extends PlatformEventName>(name: K, payload: PlatformEvents[K]): Promise<void> {
    this.emitter.emit(name, payload);
    if (this.pub) {
      try {
        await this.pub.publish(this.channel, JSON.stringify({ origin: this.origin, name, payload }));
      } catch (err) {
        // Events are notifications: the database stays the truth; watchers re-read on reconnect.
        this.logger.error(`could not publish ${name} to Redis: ${(err as Error).message}`);
      }
    }
  }

  /** Claims already taken by this process (the in-process claims, and a cache of the Redis ones). */
  private readonly claims = new Map<string, number>();

  /**
   * Claims `key` for `ttlMs` across every node (Redis SET NX when distributed, this process
   * otherwise): true for the first caller only. Used to have one node answer a bus command.
   */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    for (const [k, until] of this.claims) if (until < now) this.claims.delete(k);
    if (this.claims.has(key)) return false;
    this.claims.set(key, now + ttlMs);
    if (!this.pub) return true;
    const ok = await this.pub.set(`${this.namespace}:claim:${key}`, this.origin, 'PX', ttlMs, 'NX');
    return ok === 'OK';
  }

  subscribe<K extends PlatformEventName>(name: K, handler: Handler<K>): () => void {
    const safe = (payload: PlatformEvents[K]) => {
      try {
        handler(payload);
      } catch (err) {
        this.logger.error(`handler of ${name} failed: ${(err as Error).stack}`);
      }
    };
    this.emitter.on(name, safe);
    return () => this.emitter.off(name, safe);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
    this.pub = this.sub = undefined;
  }
}
