import { AppConfig } from '@app/core';
import { Platform, startPlatform } from '../../apps/standalone/src/platform';
import { createTestDatabase, TestDatabase } from './database';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-data';

export { DEMO_PASSWORD };

export interface TestPlatform extends Platform {
  db: TestDatabase;
  /** JSON request helper: returns status, parsed body and headers. */
  request<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  /** Logs a user in and returns their access token. */
  login(email: string, password?: string): Promise<string>;
}

export interface TestPlatformOptions {
  /**
   * Run on this existing database (another test platform's `databaseUrl`) instead of a fresh
   * one: a second node of the same platform. Give it the first node's `redisUrl` and
   * `redisNamespace` in the overrides; it does not drop the database when closed.
   */
  databaseUrl?: string;
}

/**
 * The whole platform on a random port with its own database, the demo programme loaded and
 * an admin, as in production. `overrides` adjusts the configuration (limits, rates, Redis).
 */
export async function startTestPlatform(overrides: Partial<AppConfig> = {}, opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const db: TestDatabase = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const platform = await startPlatform({
    env: { ...process.env, DATABASE_URL: db.url, PORT: '0', JWT_SECRET: 'test-secret-test-secret-test-secret-0123', DEMO_DATA: 'true', REDIS_URL: '', REDIS_NAMESPACE: `test-${Math.random().toString(36).slice(2, 10)}` },
    overrides: { host: '127.0.0.1', loginMaxPerIp: 100_000, ...overrides },
    logger: process.env.TEST_LOGS ? undefined : ['error'],
  });
  const request: TestPlatform['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    } else if (opts.raw !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(platform.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const login = async (email: string, password = DEMO_PASSWORD) => {
    const res = await request('POST', '/api/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return {
    ...platform,
    db,
    request,
    login,
    async close() {
      await platform.close();
      await db.drop();
    },
  };
}

/** Demo accounts (apps/api/src/seed/demo-data.ts). */
export const DEMO = {
  admin: 'admin@demo.concertation.fr',
  facilitator: 'animatrice@demo.concertation.fr',
  state: 'etat@demo.concertation.fr',
  region: 'region@demo.concertation.fr',
  agglo: 'agglo@demo.concertation.fr',
  amf: 'amf@demo.concertation.fr',
  regions: 'regions@demo.concertation.fr',
  observer: 'observatrice@demo.concertation.fr',
  expert: 'expert@demo.concertation.fr',
} as const;
