import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestPlatform } from './platform';
import { within } from './within';

const ROOT = join(__dirname, '../..');

/** Needs Redis: skipped when REDIS_URL is unset, except in CI where it must run (and fail without Redis). */
export const describeRedis = process.env.REDIS_URL || process.env.CI === 'true' ? describe : describe.skip;

/** A port free right now on the loopback (the realtime service alone does not report the one it got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RealtimeAlone {
  /** `http://127.0.0.1:<port>` */
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 20 000 characters it printed (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s; nothing if it already exited. */
  stop(): Promise<void>;
}

/**
 * The realtime service run alone (`npm run start:realtime`, apps/realtime/src/main.ts) next to a
 * test platform, as in production next to the API: same PostgreSQL, same JWT secret, same Redis
 * and Redis namespace. The child runs the sources through test/support/ts-register.js (no build).
 * The periodic re-check of rights is pushed out of the way, so that what the tests see comes from
 * the bus events of the platform. Resolves once its health check answers.
 */
export async function startRealtimeAlone(p: TestPlatform, opts: { readyTimeoutMs?: number; env?: Record<string, string> } = {}): Promise<RealtimeAlone> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), join(ROOT, 'apps/realtime/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: p.databaseUrl,
      JWT_SECRET: p.config.jwtSecret,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: process.env.REDIS_URL,
      REDIS_NAMESPACE: p.config.redisNamespace,
      COLLAB_RECHECK_MS: '3600000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const running = () => child.exitCode === null && child.signalCode === null;
  const end = Date.now() + (opts.readyTimeoutMs ?? 150_000);
  for (;;) {
    if (!running()) throw new Error(`the realtime service exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`the realtime service did not answer in time:\n${output}`);
    }
    const res = await fetch(`${url}/api/health`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100)); // polling a process that prints no port: no event to wait for
  }
  return {
    url,
    child,
    exited,
    output: () => output,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      if ((await within(exited, 10_000)) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
