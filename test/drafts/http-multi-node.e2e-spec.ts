import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as Y from 'yjs';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { within } from '../support/within';
import { connect, RawCollabClient, sleep, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc } from './support/drafts';
import { HttpDraftClient } from './support/http-draft-client';

const ROOT = join(__dirname, '../..');
const REDIS_URL = process.env.REDIS_URL;
// Needs Redis: skipped when REDIS_URL is unset, except in CI where it must run (and fail without Redis).
const describeRedis = REDIS_URL || process.env.CI === 'true' ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The HTTP transport across processes: the all-in-one platform and the realtime service run
 * alone (apps/realtime/src/main.ts, no API module, no global prefix) on one PostgreSQL and one
 * Redis. /api/drafts answers on both; edits cross between HTTP and websocket clients of
 * different processes, and a lock published by the API reaches HTTP streams of the other one.
 */
describeRedis('live drafts over HTTP across nodes, and on the realtime service alone', () => {
  let p: TestPlatform;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown>;
  let output = '';
  let alone: string;
  const ws: RawCollabClient[] = [];
  const http: HttpDraftClient[] = [];

  beforeAll(async () => {
    const redisNamespace = `test-http-${Math.random().toString(36).slice(2, 10)}`;
    p = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace });
    const port = await freePort();
    alone = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', join(__dirname, '../support/ts-register.js'), join(ROOT, 'apps/realtime/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: p.databaseUrl, JWT_SECRET: p.config.jwtSecret, PORT: String(port), HOST: '127.0.0.1', REDIS_URL, REDIS_NAMESPACE: p.config.redisNamespace, COLLAB_RECHECK_MS: '3600000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    exited = new Promise((resolve) => child!.once('exit', resolve));
    const end = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the realtime service exited:\n${output}`);
      if (Date.now() > end) throw new Error(`the realtime service did not answer in time:\n${output}`);
      const res = await fetch(`${alone}/api/health`).catch(() => undefined);
      if (res?.status === 200) break;
      await sleep(100); // polling a process that prints no port: no event to wait for
    }
  }, 45_000);
  afterEach(async () => {
    ws.splice(0).forEach((c) => c.close());
    await Promise.all(http.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if ((await within(exited, 10_000)) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await p?.close();
  });

  it('an HTTP client of the realtime service alone and a websocket client of the platform edit one draft, both ways', async () => {
    const [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    const draft = await newDraft(p, facilitator, (await demoDrafts(p, facilitator))[0].workingGroupId, 'Brouillon HTTP multi-nœud');
    const h = new HttpDraftClient(alone, draft.docName, participant);
    http.push(h);
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => !!h.connectionId);
    const w = await connect(p.url, draft.docName, facilitator, { acks: true });
    ws.push(w);
    expect((await h.edit((t) => t.insert(0, 'service seul, HTTP'))).status).toBe(200);
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe('service seul, HTTP');
    await waitFor(() => w.text.toString() === 'service seul, HTTP', 5000, 'HTTP (alone) → websocket (platform)');
    w.text.insert(w.text.length, ' ; plateforme, websocket');
    await waitFor(() => h.text.toString() === 'service seul, HTTP ; plateforme, websocket', 5000, 'websocket (platform) → HTTP (alone)');

    // an HTTP client of the platform sees the edit posted on the other process
    const h2 = new HttpDraftClient(p.url, draft.docName, facilitator);
    http.push(h2);
    expect(await h2.openEvents()).toBe(200);
    await waitFor(() => h2.text.toString() === h.text.toString());
    expect((await h.edit((t) => t.insert(0, '« '))).status).toBe(200);
    await waitFor(() => h2.text.toString().startsWith('« service seul'), 5000, 'HTTP → HTTP across nodes');

    // a lock through the API (platform) reaches the stream on the service alone: posts refused at once
    expect((await p.request('PATCH', `/api/recommendations/${draft.id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    // probe with what is already stored (a no-op when allowed), until the lock event has arrived
    const probe = Y.encodeStateAsUpdate(h.doc);
    const end = Date.now() + 5000;
    let status = (await h.postUpdate(probe)).status;
    while (status !== 403 && Date.now() < end) status = (await h.postUpdate(probe)).status;
    expect(status).toBe(403);
    expect((await h.edit((t) => t.insert(0, 'refusé '))).status).toBe(403);
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe(h2.text.toString());
  });
});
