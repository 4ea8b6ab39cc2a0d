/**
 * bench:votes — 1,000 eligible voters cast a ballot on a live public vote within about a second
 * while 200 socket.io clients watch the session; reports throughput, latency, the delay until
 * the watchers' tally shows every ballot, and checks that exactly 1,000 ballots were counted.
 *
 *   npm run bench:votes                       # embedded PGlite in memory
 *   DATABASE_URL=postgresql://… npm run bench:votes   # a scratch database on that server (dropped after)
 *
 * Knobs: BENCH_VOTERS (1000), BENCH_WATCHERS (200), BENCH_CONCURRENCY (64 requests in flight).
 */
import 'reflect-metadata';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createScratchDatabase } from '@app/database';
import { DataSource } from 'typeorm';
import { io, Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, LiveEvent, signAccessToken } from '@app/contracts';
import { startPlatform } from '../apps/standalone/src/platform';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 1000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

interface Res {
  status: number;
  body: any;
  ms: number;
  at: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(base: string, method: string, path: string, token: string, body?: unknown): Promise<Res> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      { method, agent, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          const at = performance.now();
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: at - started, at });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function must(p: Promise<Res>, status: number, what: string): Promise<any> {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const percentile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const round = (x: number) => Math.round(x * 10) / 10;

/** A scratch database on the server of DATABASE_URL, or nothing (embedded PGlite in memory). */
async function scratchDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  return base ? createScratchDatabase(base, 'concertation_bench') : { drop: async () => undefined };
}

async function main(): Promise<number> {
  const db = await scratchDatabase();
  const platform = await startPlatform({
    env: { ...process.env, DATABASE_URL: db.url ?? '', PORT: '0', DEMO_DATA: 'true', JWT_SECRET: randomBytes(32).toString('hex'), REDIS_URL: process.env.REDIS_URL ?? '' },
    overrides: { host: '127.0.0.1' },
    inMemoryDatabase: true,
    logger: ['error', 'warn'],
  });
  const sockets: Socket[] = [];
  try {
    const base = platform.url;
    const ds = platform.app.get(DataSource);
    const secret = platform.config.jwtSecret;
    const mint = (u: { id: string; display_name: string; organization_id: string | null }) =>
      signAccessToken(secret, { sub: u.id, name: u.display_name, role: 'member', org: u.organization_id }, 3600);

    // --- set-up: a group, 1,000 voters (bulk SQL), a frozen version, a session, a live public vote
    const [group] = await ds.query(`SELECT g.id FROM working_group g JOIN axis a ON a.id = g.axis_id WHERE a.code = 'AXE-1'`);
    const [fac] = await ds.query(`SELECT id, display_name, organization_id FROM "user" WHERE email = 'animatrice@demo.concertation.fr'`);
    const facToken = mint(fac);
    const orgs: { id: string }[] = await ds.query(`SELECT id FROM organization ORDER BY name`);
    const t0 = performance.now();
    const voters: { id: string; display_name: string; organization_id: string | null }[] = await ds.query(
      `INSERT INTO "user" (email, display_name, password_hash, organization_id, role, is_representative)
       SELECT 'votant' || i || '@bench.invalid', 'Votant ' || i, 'bench-no-login', ($2::uuid[])[1 + i % cardinality($2::uuid[])], 'member', false
         FROM generate_series(1, $1::int) AS i
       RETURNING id, display_name, organization_id`,
      [VOTERS, orgs.map((o) => o.id)],
    );
    await ds.query(`INSERT INTO group_member (working_group_id, user_id, role) SELECT $1, u, 'participant' FROM unnest($2::uuid[]) AS u`, [group.id, voters.map((v) => v.id)]);
    const tokens = voters.map(mint);
    const [rec] = await ds.query(`SELECT id FROM recommendation WHERE working_group_id = $1 ORDER BY created_at, id LIMIT 1`, [group.id]);
    const version = await must(request(base, 'POST', `/api/recommendations/${rec.id}/versions`, facToken), 201, 'freeze');
    const now = Date.now();
    const session = await must(
      request(base, 'POST', `/api/working-groups/${group.id}/sessions`, facToken, { title: 'Séance du banc d’essai', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString() }),
      201,
      'session',
    );
    const vote = await must(
      request(base, 'POST', '/api/votes', facToken, { workingGroupId: group.id, sessionId: session.id, title: 'Banc d’essai', method: 'approval', options: [{ versionId: version.id }], resultsVisibility: 'live' }),
      201,
      'vote',
    );
    const opened = await must(request(base, 'POST', `/api/votes/${vote.id}/open`, facToken), 200, 'open');
    console.log(`set-up: ${VOTERS} voters, roll of ${opened.rollSize}, in ${round(performance.now() - t0)} ms`);

    // --- watchers
    const seenAll = new Map<number, number>(); // watcher → time its tally first showed every ballot
    let tallies = 0;
    let watching = 0;
    const watcherCount = Math.min(WATCHERS, tokens.length);
    await Promise.all(
      tokens.slice(0, watcherCount).map(
        (token, i) =>
          new Promise<void>((resolve) => {
            const s = io(`${base}${LIVE_NAMESPACE}`, { path: '/socket.io', auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000 });
            sockets.push(s);
            const done = setTimeout(resolve, 10_000);
            s.on(LiveEvent.VoteTally, (e: { voteId: string; results: { cast: number } }) => {
              if (e.voteId !== vote.id) return;
              tallies++;
              if (e.results.cast >= VOTERS && !seenAll.has(i)) seenAll.set(i, performance.now());
            });
            s.on('connect', () => {
              s.emit(LiveEvent.Join, { sessionId: session.id }, (ack: { ok?: boolean }) => {
                if (ack?.ok) watching++;
                clearTimeout(done);
                resolve();
              });
            });
            s.on('connect_error', () => {
              clearTimeout(done);
              resolve();
            });
          }),
      ),
    );
    console.log(`watchers: ${watching}/${watcherCount} joined the session room`);

    // --- the burst: every voter casts once, CONCURRENCY requests in flight
    const results: Res[] = new Array(VOTERS);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < VOTERS; i = next++) {
          results[i] = await request(base, 'POST', `/api/votes/${vote.id}/ballots`, tokens[i], { choice: i % 3 === 0 ? 'against' : i % 7 === 0 ? 'abstain' : 'for' });
        }
      }),
    );
    const ok = results.filter((r) => r.status === 201);
    const lastOk = Math.max(...ok.map((r) => r.at));
    const burstMs = Math.max(...results.map((r) => r.at)) - started;
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;

    // --- the watchers' view
    const deadline = performance.now() + 10_000;
    while (seenAll.size < watching && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const delays = [...seenAll.values()].map((at) => at - lastOk);

    // --- checks: exactly one ballot per voter, nothing lost, nothing doubled
    const [{ n: ballots }] = await ds.query(`SELECT count(*)::int AS n FROM ballot WHERE vote_id = $1`, [vote.id]);
    const [{ n: participations }] = await ds.query(`SELECT count(*)::int AS n FROM vote_participation WHERE vote_id = $1`, [vote.id]);
    const closed = await must(request(base, 'POST', `/api/votes/${vote.id}/close`, facToken), 200, 'close');
    const expected = { for: 0, against: 0, abstain: 0 };
    for (let i = 0; i < VOTERS; i++) expected[i % 3 === 0 ? 'against' : i % 7 === 0 ? 'abstain' : 'for']++;
    const checks = {
      allAccepted: ok.length === VOTERS,
      ballotsInDatabase: ballots === VOTERS,
      participationsInDatabase: participations === VOTERS,
      closedCast: closed.results.cast === VOTERS,
      closedCounts: closed.results.for === expected.for && closed.results.against === expected.against && closed.results.abstain === expected.abstain,
    };
    const report = {
      database: db.url ? 'PostgreSQL' : 'PGlite (in memory)',
      voters: VOTERS,
      concurrency: CONCURRENCY,
      statuses,
      burstMs: round(burstMs),
      ballotsPerSecond: round((ok.length / burstMs) * 1000),
      latencyMs: { p50: round(percentile(results.map((r) => r.ms), 0.5)), p99: round(percentile(results.map((r) => r.ms), 0.99)), max: round(Math.max(...results.map((r) => r.ms))) },
      watchers: { joined: watching, sawAllBallots: seenAll.size, tallyEventsReceived: tallies },
      tallyDelayMs: delays.length ? { median: round(percentile(delays, 0.5)), max: round(Math.max(...delays)) } : null,
      final: { cast: closed.results.cast, ballots, participations, lost: VOTERS - ballots, doubled: Math.max(0, ballots - VOTERS) },
      checks,
    };
    console.log(JSON.stringify(report, null, 2));
    const pass = Object.values(checks).every(Boolean);
    console.log(pass ? `OK: exactly ${VOTERS} ballots counted, 0 lost, 0 double` : 'FAILED: see checks');
    return pass ? 0 : 1;
  } finally {
    for (const s of sockets) s.disconnect();
    agent.destroy();
    await platform.close();
    await db.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
