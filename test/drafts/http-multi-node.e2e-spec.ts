import * as Y from 'yjs';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { describeRedis, RealtimeAlone, startRealtimeAlone } from '../support/realtime-alone';
import { connect, RawCollabClient, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc } from './support/drafts';
import { HttpDraftClient } from './support/http-draft-client';

/**
 * The HTTP transport across processes: the all-in-one platform and the realtime service run
 * alone (apps/realtime/src/main.ts, no API module, no global prefix) on one PostgreSQL and one
 * Redis. /api/drafts answers on both; edits cross between HTTP and websocket clients of
 * different processes, and a lock published by the API reaches HTTP streams of the other one.
 * No sticky sessions: a client whose POSTs land on one node while its event stream is on the
 * other works too (presence is applied by the node holding the stream).
 */
describeRedis('live drafts over HTTP across nodes, and on the realtime service alone', () => {
  let p: TestPlatform;
  let node: RealtimeAlone;
  let alone: string;
  const ws: RawCollabClient[] = [];
  const http: HttpDraftClient[] = [];

  beforeAll(async () => {
    const redisNamespace = `test-http-${Math.random().toString(36).slice(2, 10)}`;
    p = await startTestPlatform({ redisUrl: process.env.REDIS_URL, redisNamespace });
    node = await startRealtimeAlone(p, { readyTimeoutMs: 30_000 });
    alone = node.url;
  }, 45_000);
  afterEach(async () => {
    ws.splice(0).forEach((c) => c.close());
    await Promise.all(http.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await node?.stop();
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
    await waitFor(() => w.text.toString() === 'service seul, HTTP', 30_000, 'HTTP (alone) → websocket (platform)');
    w.text.insert(w.text.length, ' ; plateforme, websocket');
    await waitFor(() => h.text.toString() === 'service seul, HTTP ; plateforme, websocket', 30_000, 'websocket (platform) → HTTP (alone)');

    // an HTTP client of the platform sees the edit posted on the other process
    const h2 = new HttpDraftClient(p.url, draft.docName, facilitator);
    http.push(h2);
    expect(await h2.openEvents()).toBe(200);
    await waitFor(() => h2.text.toString() === h.text.toString());
    expect((await h.edit((t) => t.insert(0, '« '))).status).toBe(200);
    await waitFor(() => h2.text.toString().startsWith('« service seul'), 30_000, 'HTTP → HTTP across nodes');

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

  it('without sticky sessions: the POSTs of a client land on one node, its event stream is on the other', async () => {
    const [facilitator, participant, region] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.state), p.login(DEMO.region)]);
    const draft = await newDraft(p, facilitator, (await demoDrafts(p, facilitator))[0].workingGroupId, 'Brouillon sans affinité de session');
    // B = the platform holds the stream; A = the service alone receives the POSTs
    const h = new HttpDraftClient(p.url, draft.docName, participant, { postBase: alone });
    http.push(h);
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => !!h.connectionId, 30_000, 'hello');
    const watcher = new HttpDraftClient(p.url, draft.docName, region);
    http.push(watcher);
    expect(await watcher.openEvents()).toBe(200);
    await waitFor(() => !!watcher.connectionId, 30_000, 'hello (watcher)');
    const onB = await connect(p.url, draft.docName, facilitator, { awareness: null });
    const onA = await connect(alone, draft.docName, region, { awareness: null });
    ws.push(onB, onA);

    // presence posted to A, applied by B (the stream's node), with the name the server sets
    expect((await h.postAwareness({ cursor: { anchor: 7 }, user: { name: 'usurpé' } })).status).toBe(204);
    const seen = (aw: { getStates(): Map<number, any> }) => aw.getStates().get(h.doc.clientID);
    await waitFor(() => seen(watcher.awareness)?.cursor?.anchor === 7, 30_000, 'SSE on B sees presence posted to A');
    await waitFor(() => seen(onB.awareness)?.cursor?.anchor === 7, 30_000, 'websocket on B sees presence posted to A');
    await waitFor(() => seen(onA.awareness)?.cursor?.anchor === 7, 30_000, 'websocket on A sees it too (published by B)');
    expect(seen(onB.awareness).user.name).not.toBe('usurpé');
    expect(seen(onB.awareness).user).toEqual(seen(watcher.awareness).user);
    // it is the stream's presence: the client sees itself on its own stream
    await waitFor(() => seen(h.awareness)?.cursor?.anchor === 7, 30_000, 'its own stream');

    // an update posted to A reaches the streams on B, and is stored
    expect((await h.edit((t) => t.insert(0, 'posté sur A, lu sur B'))).status).toBe(200);
    await waitFor(() => watcher.text.toString() === 'posté sur A, lu sur B', 30_000, 'SSE on B sees an update posted to A');
    await waitFor(() => onB.text.toString() === 'posté sur A, lu sur B', 30_000, 'websocket on B');
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe('posté sur A, lu sur B');

    // refusals stay what they are on one node: a stream no node holds, another user's stream
    const stranger = new HttpDraftClient(p.url, draft.docName, participant, { postBase: alone });
    http.push(stranger);
    stranger.connectionId = '00000000-0000-4000-8000-000000000000';
    expect((await stranger.postAwareness({ cursor: null })).status).toBe(409);
    const thief = new HttpDraftClient(p.url, draft.docName, region, { postBase: alone });
    http.push(thief);
    thief.connectionId = h.connectionId;
    expect((await thief.postAwareness({ cursor: { anchor: 99 } })).status).toBe(409);
    // malformed presence is refused by the node holding the stream, and nothing changes
    const bad = await h.postRaw('awareness', JSON.stringify({ update: Buffer.from([1, 2, 3]).toString('base64') }));
    expect(bad.status).toBe(400);
    await onB.roundTrip();
    expect(seen(onB.awareness)?.cursor?.anchor).toBe(7);
  });
});
