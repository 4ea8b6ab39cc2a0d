/**
 * What the live-draft benches share (bench/realtime.ts, bench/http.ts): the scratch store, the
 * server child processes, the API calls. Measurement logic stays in each bench.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../..');
export const PLATFORM_MAIN = 'dist/apps/standalone/src/main.js';
export const REALTIME_MAIN = 'dist/apps/realtime/src/main.js';
/** How the realtime service runs in production (package.json `start:realtime`, docker/compose.yml). */
export const REALTIME_NODE_FLAGS = ['--max-semi-space-size=8'];

/** A JSON call to the API; throws on a status ≥ 300. */
export async function api(base: string, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A port free right now on the loopback. */
export const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });

export interface ScratchStore {
  /** `DATABASE_URL` (and `DATA_DIR` for the embedded PGlite) for the servers. */
  env: Record<string, string>;
  /** The scratch database's name on the `DATABASE_URL` server; undefined on PGlite. */
  dbName?: string;
  /** Drops the database (or removes the PGlite folder). */
  dispose(): Promise<void>;
}

/** With `DATABASE_URL`: a fresh database on that server; without: an embedded PGlite folder. */
export async function scratchStore(dataDirPrefix: string): Promise<ScratchStore> {
  if (process.env.DATABASE_URL) {
    const dbName = `concertation_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${dbName}`;
    return {
      env: { DATABASE_URL: url.toString() },
      dbName,
      async dispose() {
        const drop = new Client({ connectionString: process.env.DATABASE_URL });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await drop.end();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  return {
    env: { DATABASE_URL: '', DATA_DIR: dataDir },
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Server {
  child: ChildProcess;
  base: string;
}

/**
 * Starts a server (the all-in-one platform by default, or the realtime service alone with its
 * production flags) in a child process with the demo data, the bench's JWT secret and the message
 * rate limit lifted; `overrides` come last. Resolves once its health check answers.
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  opts: { jwtSecret: string; main?: string; overrides?: Record<string, string> },
): Promise<Server> {
  const main = opts.main ?? PLATFORM_MAIN;
  const child = fork(join(ROOT, main), [], {
    cwd: ROOT,
    execArgv: main === REALTIME_MAIN ? REALTIME_NODE_FLAGS : [],
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: opts.jwtSecret,
      DEMO_DATA: 'true',
      LOGIN_MAX_PER_IP: '1000000',
      COLLAB_MESSAGES_PER_SECOND: '10000000',
      COLLAB_MESSAGE_BURST: '10000000',
      ...opts.overrides,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${main} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) return { child, base };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${main} did not start`);
}

/** Signals the server and waits for its exit (nothing if it already exited). */
export async function stopServer(s: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill(signal);
  await exited;
}
