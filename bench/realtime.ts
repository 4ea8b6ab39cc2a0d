/**
 * bench:realtime — the live-draft server (/collab) against the reference y-websocket servers,
 * with the shared harness (../shared/bench-realtime: realtime.mjs, compare.sh, summarize.mjs),
 * then the cold load of 10k- and 100k-update drafts after a restart (from the database).
 *
 *   npm run bench:realtime                                   # embedded PGlite (in the server process)
 *   DATABASE_URL=postgresql://… npm run bench:realtime       # a scratch database on that server (dropped after)
 *
 * What is measured (BENCH_SERVER): `realtime` (the default with DATABASE_URL) = the realtime service
 * alone (`npm run start:realtime`, the unit that serves /collab in the production layout of
 * docker/compose.yml), next to the platform in another process for the API (rooms, tokens), both
 * on the same PostgreSQL (and the same Redis with BENCH_REDIS=1: a multi-node deployment);
 * `platform` (the default with the embedded PGlite) = the all-in-one `npm start` process.
 * Like the reference servers in compare.sh, the measured server is a FRESH process for each
 * repetition: `compare.sh 1` runs REPEATS times, and the merged results go through summarize.mjs.
 *
 * Knobs: BENCH_REPEATS (5: medians of 3 move more from run to run than the gate's margins), BENCH_SERVER, BENCH_TARGETS ("yws-raw hocuspocus candidate"), BENCH_LOADS
 * ("10000,100000"), BENCH_HARNESS (the harness folder with its node_modules: defaults to
 * ../shared/bench-realtime, else /tmp/bench-realtime — copy it there and `npm ci` when the shared
 * folder is read-only), BENCH_SKIP_COMPARE=1 / BENCH_SKIP_RESTART=1 to run one half.
 *
 * The servers run in child processes (the measured one's PID is given to the harness for RSS and CPU); the
 * message rate limit is lifted for the run (the cold-load loader sends thousands of updates a
 * second, which the default limit refuses by design). `node dist/bench/realtime.js rooms`
 * is the harness's CANDIDATE_ROOMS_CMD: it creates fresh drafts through the API.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { api, freePort, PLATFORM_MAIN, REALTIME_MAIN, scratchStore, Server, startServer, stopServer } from './support';

const ROOT = resolve(__dirname, '../..');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const TARGETS = process.env.BENCH_TARGETS ?? 'yws-raw hocuspocus candidate';
const LOADS = (process.env.BENCH_LOADS ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const JWT_SECRET = randomBytes(32).toString('base64url');

/** `rooms` mode: N fresh drafts in the bench group, printed as "ROOM LOADROOM_A,LOADROOM_B". */
async function rooms(): Promise<void> {
  const base = process.env.BENCH_URL!;
  const token = process.env.BENCH_TOKEN!;
  const group = process.env.BENCH_GROUP!;
  const names: string[] = [];
  for (let i = 0; i < 1 + LOADS.length; i++) {
    const rec = await api(base, 'POST', `/api/working-groups/${group}/recommendations`, token, { title: `Banc d’essai ${Date.now()}-${i}`, horizon: 'quick_win' });
    names.push(`recommendation:${rec.id}`);
  }
  console.log(`${names[0]} ${names.slice(1).join(',')}`);
}

/** The servers of this bench: a long token lifetime, and no connection caps (every simulated client is one account on the loopback). */
const SERVER_OPTS = {
  jwtSecret: JWT_SECRET,
  overrides: {
    JWT_TTL_SECONDS: '86400',
    COLLAB_MAX_CONNECTIONS_PER_USER: '1000000',
    COLLAB_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  },
};

// ------------------------------------------------------------------ a minimal client (cold loads)

class Loader {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  synced = false;
  ack = new Map<number, number>();

  constructor(url: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, this.doc);
      this.ws.send(encoding.toUint8Array(e));
    });
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(d);
      if (type === 0) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 0);
        if (syncProtocol.readSyncMessage(d, e, this.doc, this) === syncProtocol.messageYjsSyncStep2) this.synced = true;
        if (encoding.length(e) > 1) this.ws.send(encoding.toUint8Array(e));
      } else if (type === 100) this.ack = Y.decodeStateVector(decoding.readVarUint8Array(d));
    });
    this.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, u);
      this.ws.send(encoding.toUint8Array(e));
    });
  }

  async until(pred: () => boolean, ms: number, what: string): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timeout: ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  get saved(): boolean {
    return (this.ack.get(this.doc.clientID) ?? 0) >= (Y.getState(this.doc.store, this.doc.clientID) ?? 0);
  }
}

const wsUrl = (base: string, room: string, token: string, acks = false) =>
  `${base.replace('http', 'ws')}/collab/${encodeURIComponent(room)}?token=${encodeURIComponent(token)}${acks ? '&acks=1' : ''}`;

/** The harness's cold-load document: N small edits at random positions, ~10 % deletes, one update each. */
async function build(base: string, room: string, token: string, n: number): Promise<{ ms: number; bytes: number; text: string }> {
  const loader = new Loader(wsUrl(base, room, token, true));
  await loader.until(() => loader.synced, 30_000, 'loader sync');
  const text = loader.doc.getText('t');
  const rng = prng.create(42 + n);
  const words = ['lorem ', 'ipsum ', 'dolor ', 'sit ', 'amet, ', 'consectetur ', 'adipiscing ', 'elit. ', 'a', 'b', 'c', '\n'];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const len = text.length;
    if (len > 20 && prng.int32(rng, 0, 9) === 0) text.delete(prng.int32(rng, 0, len - 4), prng.int32(rng, 1, 3));
    else text.insert(prng.int32(rng, 0, len), prng.oneOf(rng, words));
    if (i % 200 === 199) {
      while (loader.ws.bufferedAmount > 256 * 1024) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setImmediate(r));
    }
  }
  await loader.until(() => loader.saved, 300_000, 'all saved');
  const ms = performance.now() - t0;
  const out = { ms, bytes: Y.encodeStateAsUpdate(loader.doc).length, text: text.toString() };
  loader.ws.terminate();
  return out;
}

/** Time from opening the socket to sync step 2 of a fresh client, checked against the expected text. */
async function coldSync(base: string, room: string, token: string, expected: string): Promise<number> {
  const t0 = performance.now();
  const c = new Loader(wsUrl(base, room, token));
  await c.until(() => c.synced, 60_000, 'cold sync');
  const ms = performance.now() - t0;
  const ok = c.doc.getText('t').toString() === expected;
  c.ws.terminate();
  if (!ok) throw new Error(`cold sync of ${room}: content differs`);
  return ms;
}

/** The shared harness with its dependencies; installed into /tmp/bench-realtime on first use (shared/ is read-only). */
function harnessDir(): string {
  for (const dir of [process.env.BENCH_HARNESS, resolve(ROOT, '../shared/bench-realtime'), '/tmp/bench-realtime']) {
    if (dir && existsSync(join(dir, 'node_modules/yjs'))) return dir;
  }
  const shared = resolve(ROOT, '../shared/bench-realtime');
  if (!existsSync(join(shared, 'realtime.mjs'))) throw new Error('bench harness not found: set BENCH_HARNESS to a copy of shared/bench-realtime');
  console.log('installing the bench harness into /tmp/bench-realtime (npm ci)…');
  cpSync(shared, '/tmp/bench-realtime', { recursive: true });
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: '/tmp/bench-realtime', stdio: 'inherit' });
  return '/tmp/bench-realtime';
}

/** `compare.sh 1` once (the references and the candidate at `wsBase`); returns its results.jsonl. */
async function compareOnce(dir: string, api: Server, wsBase: string, pid: number, token: string, group: string): Promise<string | null> {
  const roomsCmd = `BENCH_URL=${api.base} BENCH_TOKEN=${token} BENCH_GROUP=${group} BENCH_LOADS=${LOADS.join(',')} node ${join(ROOT, 'dist/bench/realtime.js')} rooms`;
  return new Promise((res) => {
    const p = spawn('bash', ['compare.sh', '1'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TARGETS,
        LOADS: LOADS.join(','),
        TOKEN: token,
        CANDIDATE_URL: `${wsBase.replace('http', 'ws')}/collab/ROOM?token=TOKEN`,
        CANDIDATE_PID: String(pid),
        CANDIDATE_ROOMS_CMD: roomsCmd,
      },
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    p.on('exit', (code) => {
      if (code !== 0) console.error(`compare.sh exited with ${code}`);
      const m = /raw results: (\S+)/.exec(out);
      res(m ? join(dir, m[1]) : null);
    });
  });
}

async function main(): Promise<void> {
  const store = await scratchStore('concertation-bench-');
  const dbName = store.dbName;
  const env: Record<string, string> = { ...store.env };
  // the realtime service alone shares the API's PostgreSQL: not possible with the embedded PGlite
  const alone = (process.env.BENCH_SERVER ?? (dbName ? 'realtime' : 'platform')) === 'realtime';
  if (alone && !dbName) throw new Error('BENCH_SERVER=realtime needs DATABASE_URL (the embedded PGlite belongs to one process)');
  // one node, like the reference servers: no Redis unless BENCH_REDIS=1 (then every stored
  // update is also published for other nodes, as in a multi-node deployment)
  env.REDIS_URL = alone && process.env.BENCH_REDIS === '1' ? (process.env.REDIS_URL ?? '') : '';
  env.REDIS_NAMESPACE = `bench${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const wsPort = alone ? await freePort() : port;
  let platform = await startServer(port, env, SERVER_OPTS);
  const startMeasured = async (extra: Record<string, string> = {}) => (alone ? startServer(wsPort, { ...env, ...extra }, { ...SERVER_OPTS, main: REALTIME_MAIN }) : platform);
  let measured: Server | null = null;
  try {
    const token = (await api(platform.base, 'POST', '/api/auth/login', undefined, { email: 'animatrice@demo.concertation.fr', password: 'Concertation-2026' })).accessToken;
    const group = (await api(platform.base, 'GET', '/api/me', token)).memberships[0].workingGroupId;
    const what = alone ? `the realtime service alone (${REALTIME_MAIN}${env.REDIS_URL ? ', Redis' : ''})` : `the all-in-one platform (${PLATFORM_MAIN})`;
    console.log(`measured: ${what} on ${dbName ? `PostgreSQL ${dbName}` : 'embedded PGlite'}, a fresh process per repetition`);

    if (!process.env.BENCH_SKIP_COMPARE) {
      const dir = harnessDir();
      const files: string[] = [];
      for (let rep = 1; rep <= REPEATS; rep++) {
        if (rep > 1 && !alone) {
          await stopServer(platform);
          platform = await startServer(port, env, SERVER_OPTS);
        }
        measured = await startMeasured();
        console.log(`\nrepetition ${rep}/${REPEATS}: measured pid ${measured.child.pid}`);
        const file = await compareOnce(dir, platform, measured.base, measured.child.pid!, token, group);
        if (file) files.push(file);
        if (alone) await stopServer(measured);
        measured = null;
      }
      if (files.length > 1) {
        const merged = join(dir, 'results', `merged-${Date.now()}`);
        mkdirSync(merged, { recursive: true });
        writeFileSync(join(merged, 'results.jsonl'), files.map((f) => readFileSync(f, 'utf8')).join(''));
        console.log(`\nall ${files.length} repetitions (medians; GATE against the best reference of the same runs):`);
        execFileSync('node', ['summarize.mjs', join(merged, 'results.jsonl')], { cwd: dir, stdio: 'inherit' });
        console.log(`raw results: ${join(merged, 'results.jsonl')}`);
      }
    }

    if (!process.env.BENCH_SKIP_RESTART) {
      console.log('\ncold load after a restart (from the database):');
      measured = await startMeasured();
      const built: { n: number; room: string; ms: number; bytes: number; text: string }[] = [];
      for (const n of LOADS) {
        const rec = await api(platform.base, 'POST', `/api/working-groups/${group}/recommendations`, token, { title: `Chargement ${n}`, horizon: 'quick_win' });
        const room = `recommendation:${rec.id}`;
        const b = await build(measured.base, room, token, n);
        built.push({ n, room, ...b });
      }
      await stopServer(measured);
      // unload at once when the last client leaves, so that every sync below is a cold load
      if (alone) measured = await startMeasured({ COLLAB_UNLOAD_GRACE_MS: '0' });
      else measured = platform = await startServer(port, { ...env, COLLAB_UNLOAD_GRACE_MS: '0' }, SERVER_OPTS);
      const rows: string[] = ['| draft | doc bytes | ingest with acks, ms | cold sync after restart, ms (1st) | cold syncs, median of 3 more, ms |', '|---|---:|---:|---:|---:|'];
      for (const b of built) {
        const first = await coldSync(measured.base, b.room, token, b.text);
        const more: number[] = [];
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 1500)); // unloaded meanwhile
          more.push(await coldSync(measured.base, b.room, token, b.text));
        }
        more.sort((x, y) => x - y);
        rows.push(`| ${b.n} updates | ${b.bytes} | ${b.ms.toFixed(0)} | ${first.toFixed(1)} | ${more[1].toFixed(1)} |`);
      }
      console.log(rows.join('\n'));
    }
  } finally {
    if (measured && measured !== platform) await stopServer(measured);
    await stopServer(platform);
    await store.dispose();
  }
}

(process.argv[2] === 'rooms' ? rooms() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
