/**
 * bench:api — throughput of the programme API next to a bare route of the same app, same run:
 * reads of a group's recommendations (50 per page), of the roadmap, and recommendation creation,
 * each measured right after `GET /api/health/ping` (no token, no database) so that the ratio
 * says what the feature costs on this machine. Target: ratio ≥ 0.5 for reads.
 *
 *   npm run bench:api                                  # embedded PGlite in memory
 *   DATABASE_URL=postgresql://… npm run bench:api      # a scratch database on that server (dropped after)
 *
 * The platform runs in a child process and autocannon in this one, so that the load generator
 * does not share the server's event loop. Each scenario alternates with the bare route in
 * BENCH_ROUNDS (5) slices; the ratio is the median of the rounds. Knobs: BENCH_SECONDS (10 per
 * scenario and per route), BENCH_CONNECTIONS (16),
 * BENCH_RECOMMENDATIONS (200 in the group read), BENCH_MILESTONES (2 per recommendation).
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: { url: string; method: string; connections: number; duration: number; headers: Record<string, string>; body?: string }) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const RECOMMENDATIONS = Number(process.env.BENCH_RECOMMENDATIONS ?? 200);
const MILESTONES = Number(process.env.BENCH_MILESTONES ?? 2);
const DEMO_PASSWORD = 'Concertation-2026';

// ---------------------------------------------------------------------------------------------
// child: the all-in-one platform
// ---------------------------------------------------------------------------------------------

async function serve(): Promise<void> {
  const { startPlatform } = await import('../apps/standalone/src/platform');
  const base = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let drop = async () => undefined as void;
  if (base) {
    const name = `concertation_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const platform = await startPlatform({
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', PORT: '0', DEMO_DATA: 'true', REDIS_URL: '', JWT_SECRET: randomBytes(32).toString('hex') },
    overrides: { host: '127.0.0.1', loginMaxPerIp: 1_000_000 },
    inMemoryDatabase: true,
    logger: ['error'],
  });
  process.send!({ url: platform.url, database: base ? 'PostgreSQL' : 'PGlite (in memory)' });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await platform.close();
      await drop();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// parent: data, then autocannon
// ---------------------------------------------------------------------------------------------

async function call(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Scenario {
  name: string;
  kind: 'bare' | 'reference' | 'read' | 'write';
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: unknown;
}

interface Measure {
  name: string;
  kind: Scenario['kind'];
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(base: string, s: Scenario, seconds: number): Promise<Measure> {
  const result = await autocannon({
    url: base + s.path,
    method: s.method,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { ...(s.token ? { authorization: `Bearer ${s.token}` } : {}), ...(s.body ? { 'content-type': 'application/json' } : {}) },
    body: s.body ? JSON.stringify(s.body) : undefined,
  });
  return { name: s.name, kind: s.kind, rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function main(): Promise<void> {
  const child = fork(__filename, ['--serve'], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ url: string; database: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; database: string }));
    child.once('exit', (code) => reject(new Error(`platform exited (${code})`)));
  });
  const base = ready.url;
  try {
    const token = (await call(base, 'POST', '/api/auth/login', undefined, { email: 'animatrice@demo.concertation.fr', password: DEMO_PASSWORD })).accessToken as string;
    const me = await call(base, 'GET', '/api/me', token);
    const groupId = me.memberships[0].workingGroupId as string;
    // the group read gets full pages; the roadmap has milestones to aggregate
    for (let i = 0; i < RECOMMENDATIONS; i++) {
      const rec = await call(base, 'POST', `/api/working-groups/${groupId}/recommendations`, token, {
        title: `Recommandation de charge n° ${i + 1}`,
        horizon: i % 3 ? 'structuring' : 'quick_win',
      });
      for (let j = 0; j < MILESTONES; j++) {
        await call(base, 'POST', `/api/recommendations/${rec.id}/milestones`, token, { title: `Jalon ${j + 1}`, dueDate: `202${6 + j}-0${1 + (i % 9)}-15`, progress: (i * 7) % 100 });
      }
    }
    const roadmap = await call(base, 'GET', '/api/roadmap', token);
    const bare: Scenario = { name: 'GET /api/health/ping (bare)', kind: 'bare', method: 'GET', path: '/api/health/ping' };
    const scenarios: Scenario[] = [
      { name: 'GET /api/health (reference: one SELECT 1)', kind: 'reference', method: 'GET', path: '/api/health' },
      { name: `GET /api/working-groups/:id/recommendations?limit=50`, kind: 'read', method: 'GET', path: `/api/working-groups/${groupId}/recommendations?limit=50`, token },
      { name: `GET /api/roadmap (page of 50 of ${roadmap.total})`, kind: 'read', method: 'GET', path: '/api/roadmap', token },
      { name: 'POST /api/working-groups/:id/recommendations', kind: 'write', method: 'POST', path: `/api/working-groups/${groupId}/recommendations`, token, body: { title: 'Recommandation créée sous charge', horizon: 'quick_win' } },
    ];
    console.log(`bench:api on ${ready.database}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${Math.max(1, Math.round(SECONDS / ROUNDS))} s per route, ${RECOMMENDATIONS} recommendations in the group`);
    await measure(base, bare, 2); // warm-up
    for (const s of scenarios) await measure(base, s, 1);
    // Each scenario alternates with the bare route in short slices, so that both see the same
    // load on a shared machine; the ratio is the median of the rounds' ratios.
    const rows: (Measure & { ratio: number; bareRps: number })[] = [];
    const slice = Math.max(1, Math.round(SECONDS / ROUNDS));
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    for (const s of scenarios) {
      const bares: Measure[] = [];
      const runs: Measure[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        bares.push(await measure(base, bare, slice));
        runs.push(await measure(base, s, slice));
      }
      const avg = (ms: Measure[], f: (m: Measure) => number) => ms.reduce((n, m) => n + f(m), 0) / ms.length;
      rows.push({
        name: s.name,
        kind: s.kind,
        rps: avg(runs, (m) => m.rps),
        p99: median(runs.map((m) => m.p99)),
        non2xx: runs.reduce((n, m) => n + m.non2xx, 0),
        errors: runs.reduce((n, m) => n + m.errors, 0),
        bareRps: avg(bares, (m) => m.rps),
        ratio: median(runs.map((m, i) => m.rps / bares[i].rps)),
      });
    }
    const pad = (x: string | number, n: number) => String(x).padStart(n);
    console.log(`\n${'route'.padEnd(56)}${pad('req/s', 9)}${pad('p99 ms', 9)}${pad('bare req/s', 12)}${pad('ratio*', 8)}${pad('non-2xx', 9)}`);
    for (const r of rows) {
      console.log(`${r.name.padEnd(56)}${pad(r.rps.toFixed(0), 9)}${pad(r.p99, 9)}${pad(r.bareRps.toFixed(0), 12)}${pad(r.ratio.toFixed(2), 8)}${pad(r.non2xx + r.errors, 9)}`);
    }
    console.log('* median over the rounds of (route req/s ÷ bare req/s measured just before)');
    const slow = rows.filter((r) => r.kind === 'read' && r.ratio < 0.5);
    console.log(slow.length ? `\nbelow target (reads ≥ 0.5 of bare): ${slow.map((r) => r.name).join(', ')}` : '\nreads at or above 0.5 of the bare route');
    if (rows.some((r) => r.non2xx + r.errors > 0)) process.exitCode = 1;
    // requests still queued in the server when the load stopped (writes wait for the audit lock)
    await new Promise((r) => setTimeout(r, 3000));
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
