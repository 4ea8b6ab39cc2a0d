import Redis from 'ioredis';

/** Fixed-window counters: in memory when alone, in Redis when several nodes share the load. */
export interface RateLimiter {
  /** Counts a hit on `key`; returns the hits in the current window, this one included. */
  hit(key: string, windowSeconds: number): Promise<number>;
  /** The hits on `key` in the current window, without counting one. */
  count(key: string): Promise<number>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; until: number }>();

  async hit(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    if (this.windows.size > 100_000) this.sweep(now);
    const w = this.windows.get(key);
    if (!w || w.until <= now) {
      this.windows.set(key, { count: 1, until: now + windowSeconds * 1000 });
      return 1;
    }
    w.count++;
    return w.count;
  }

  async count(key: string): Promise<number> {
    const w = this.windows.get(key);
    return w && w.until > Date.now() ? w.count : 0;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.until <= now) this.windows.delete(k);
  }

  async close(): Promise<void> {}
}

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = `${this.namespace}:rl:${key}`;
    const [[, count]] = (await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()) as [[null, number]];
    return count;
  }

  async count(key: string): Promise<number> {
    return Number((await this.redis.get(`${this.namespace}:rl:${key}`)) ?? 0);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.namespace}:rl:${key}`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
