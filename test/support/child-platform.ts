import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_PASSWORD } from './platform';

const ROOT = join(__dirname, '../..');

/** The all-in-one platform in a child process (test/support/platform-process.ts), for tests that kill it. */
export interface ChildPlatform {
  child: ChildProcess;
  base: string;
  request(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  login(email: string): Promise<string>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildPlatform(env: Record<string, string>): Promise<ChildPlatform> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/ts-register.js'), join(ROOT, 'test/support/platform-process.ts')], {
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'true', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    // a bound that only names a failure: a cold start (swc, migrations, PGlite's WASM) took over
    // 60 s with two test suites sharing the two cores
    const t = setTimeout(() => reject(new Error('child platform did not start')), 180_000);
    child.once('exit', (code) => reject(new Error(`child platform exited (${code})`)));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.ready) {
          clearTimeout(t);
          resolve(msg.port);
        }
      } catch {
        /* a log line */
      }
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const request: ChildPlatform['request'] = async (method, path, opts = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    base,
    request,
    login: async (email) => (await request('POST', '/api/auth/login', { body: { email, password: DEMO_PASSWORD } })).body.accessToken as string,
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
