/**
 * bench:http — live drafts over the HTTP transport (no websocket): 10 writers POST edits to one
 * draft as fast as their answers come (each answer means "committed"), while one reader follows
 * the draft over Server-Sent Events and one over the websocket (/collab).
 *
 *   npm run bench:http                                   # embedded PGlite (in the server process)
 *   DATABASE_URL=postgresql://… npm run bench:http       # a scratch database on that server (dropped after)
 *
 * Reports edits/s (committed), the POST round trip (= time to commit: p50, p95, p99) and the
 * delivery delay to the SSE and websocket readers (from the POST's start to the reader's
 * document having it: p50, p95). Knobs: BENCH_WRITERS (10), BENCH_SECONDS (10).
 * The server is the all-in-one platform (dist/apps/standalone/src/main.js) in a child process,
 * with the message rate limit lifted (10 writers at full speed are far above the per-user default).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { HttpDraftClient } from './http-draft-client';
import { api, freePort, scratchStore, startServer, stopServer } from './support';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const JWT_SECRET = randomBytes(32).toString('base64url');

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (x: number) => `${x.toFixed(1)} ms`;

/** Send times of the writers' edits, by client id: the readers match what they receive. */
class Delivery {
  private readonly sent = new Map<number, { clock: number; t0: number }[]>();
  readonly delays: number[] = [];

  sentEdit(client: number, clock: number, t0: number): void {
    let list = this.sent.get(client);
    if (!list) this.sent.set(client, (list = []));
    list.push({ clock, t0 });
  }

  /** A reader's document now has these clocks. */
  received(state: Map<number, number>): void {
    const now = performance.now();
    for (const [client, list] of this.sent) {
      const clock = state.get(client) ?? 0;
      while (list.length && list[0].clock <= clock) this.delays.push(now - list.shift()!.t0);
    }
  }
}

/** A websocket reader (y-websocket protocol), read-only. */
function websocketReader(base: string, room: string, token: string, delivery: Delivery): { ws: WebSocket; doc: Y.Doc } {
  const doc = new Y.Doc();
  const ws = new WebSocket(`${base.replace('http', 'ws')}/collab/${encodeURIComponent(room)}?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  ws.on('open', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, doc);
    ws.send(encoding.toUint8Array(e));
  });
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== 0) return;
    syncProtocol.readSyncMessage(d, encoding.createEncoder(), doc, ws);
  });
  doc.on('update', () => delivery.received(Y.decodeStateVector(Y.encodeStateVector(doc))));
  return { ws, doc };
}

async function main(): Promise<void> {
  const store = await scratchStore('concertation-bench-http-');
  const dbName = store.dbName;
  const env: Record<string, string> = { ...store.env };
  const server = await startServer(await freePort(), env, { jwtSecret: JWT_SECRET, overrides: { REDIS_URL: '' } });
  const readers: HttpDraftClient[] = [];
  let wsReader: { ws: WebSocket; doc: Y.Doc } | null = null;
  try {
    const token = (await api(server.base, 'POST', '/api/auth/login', undefined, { email: 'animatrice@demo.concertation.fr', password: 'Concertation-2026' })).accessToken;
    const group = (await api(server.base, 'GET', '/api/me', token)).memberships[0].workingGroupId;
    const rec = await api(server.base, 'POST', `/api/working-groups/${group}/recommendations`, token, { title: 'Banc HTTP', horizon: 'quick_win' });
    const room = `recommendation:${rec.id}`;
    console.log(`measured: the all-in-one platform on ${dbName ? `PostgreSQL ${dbName}` : 'embedded PGlite'}; ${WRITERS} HTTP writers for ${SECONDS} s, 1 SSE reader, 1 websocket reader`);

    const sse = new Delivery();
    const reader = new HttpDraftClient(server.base, room, token);
    readers.push(reader);
    reader.doc.on('update', () => sse.received(Y.decodeStateVector(Y.encodeStateVector(reader.doc))));
    if ((await reader.openEvents()) !== 200) throw new Error('events stream refused');
    const wsDelivery = new Delivery();
    wsReader = websocketReader(server.base, room, token, wsDelivery);

    const writers = Array.from({ length: WRITERS }, () => new HttpDraftClient(server.base, room, token));
    readers.push(...writers);
    for (const w of writers) if ((await w.pull()).status !== 200) throw new Error('state refused');
    const latencies: number[] = [];
    let failures = 0;
    const end = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      writers.map(async (w, i) => {
        let n = 0;
        while (performance.now() < end) {
          const start = performance.now();
          const res = await w.edit((t) => {
            t.insert(t.length, `w${i}e${n++} `);
          });
          if (res.status !== 200) {
            failures++;
            continue;
          }
          latencies.push(res.ms);
          const clock = Y.getState(w.doc.store, w.doc.clientID);
          sse.sentEdit(w.doc.clientID, clock, start);
          wsDelivery.sentEdit(w.doc.clientID, clock, start);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    // the readers catch up with the last edits
    for (let i = 0; i < 500 && (sse.delays.length < latencies.length || wsDelivery.delays.length < latencies.length); i++) await new Promise((r) => setTimeout(r, 10));
    console.log(`edits committed: ${latencies.length} in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(0)} edits/s (${failures} refused)`);
    console.log(`POST round trip (answered once committed): p50 ${fmt(pct(latencies, 50))}, p95 ${fmt(pct(latencies, 95))}, p99 ${fmt(pct(latencies, 99))}`);
    console.log(`delivery to the SSE reader: p50 ${fmt(pct(sse.delays, 50))}, p95 ${fmt(pct(sse.delays, 95))} (${sse.delays.length} edits)`);
    console.log(`delivery to the websocket reader: p50 ${fmt(pct(wsDelivery.delays, 50))}, p95 ${fmt(pct(wsDelivery.delays, 95))} (${wsDelivery.delays.length} edits)`);
    const written = writers.reduce((n, w) => n + w.text.length, 0);
    if (reader.text.length !== written || wsReader.doc.getText('t').length !== written) throw new Error(`the readers did not converge (${reader.text.length} / ${wsReader.doc.getText('t').length} of ${written} characters)`);
    console.log(`converged: both readers hold the ${written} characters written`);
  } finally {
    wsReader?.ws.close();
    await Promise.all(readers.map((r) => r.close().catch(() => undefined)));
    await stopServer(server);
    await store.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
