import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startChildPlatform } from '../support/child-platform';
import { overrideEnv } from '../support/env';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { connect, RawCollabClient, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc, userId } from './support/drafts';
import { HttpDraftClient } from './support/http-draft-client';

/** Limits lowered for this file, as in rights-limits (read by the realtime module at start). */
const ENV = { COLLAB_MESSAGES_PER_SECOND: '10', COLLAB_MESSAGE_BURST: '30', COLLAB_MAX_FRAME_BYTES: '65536' };

describe('live drafts over HTTP (no websocket): state, updates, events, awareness', () => {
  let p: TestPlatform;
  let facilitator: string;
  let participant: string;
  let observer: string;
  let groupId: string;
  let restoreEnv = () => {};
  const ws: RawCollabClient[] = [];
  const http: HttpDraftClient[] = [];
  const wsClient = async (docName: string, token: string, opts: Parameters<typeof connect>[3] = {}) => {
    const c = await connect(p.url, docName, token, opts);
    ws.push(c);
    return c;
  };
  const httpClient = (docName: string, token: string) => {
    const c = new HttpDraftClient(p.url, docName, token);
    http.push(c);
    return c;
  };
  const fresh = async () => (await newDraft(p, facilitator, groupId)).docName;

  beforeAll(async () => {
    restoreEnv = overrideEnv(ENV);
    p = await startTestPlatform();
    [facilitator, participant, observer] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.observer)]);
    groupId = (await demoDrafts(p, facilitator))[0].workingGroupId;
  }, 180_000); // a platform and three argon2id logins: past a minute with two suites sharing the cores
  afterEach(async () => {
    ws.splice(0).forEach((c) => c.close());
    await Promise.all(http.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await p?.close();
    restoreEnv();
  });

  it('an HTTP edit is stored before its 200 and reaches websocket clients; a websocket edit reaches the HTTP client', async () => {
    const doc = await fresh();
    const w = await wsClient(doc, facilitator, { acks: true });
    const h = httpClient(doc, participant);
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => !!h.connectionId && h.events.some((e) => e.event === 'saved'), 30_000, 'hello and initial state');

    const res = await h.edit((t) => t.insert(0, 'écrit en HTTP'));
    expect(res.status).toBe(200);
    // the 200 came after the commit: the stored document has it, and the state vector covers the edit
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('écrit en HTTP');
    expect(h.allSaved).toBe(true);
    await waitFor(() => w.text.toString() === 'écrit en HTTP', 30_000, 'HTTP → websocket');

    w.text.insert(w.text.length, ', puis en websocket');
    await waitFor(() => h.text.toString() === 'écrit en HTTP, puis en websocket', 30_000, 'websocket → HTTP');
    await waitFor(() => w.allSaved, 30_000, 'websocket edit saved');

    // a newcomer over HTTP gets the stored state with GET state, and only what it lacks
    const late = httpClient(doc, observer);
    const first = await late.pull();
    expect(first.status).toBe(200);
    expect(late.text.toString()).toBe('écrit en HTTP, puis en websocket');
    const again = await late.pull();
    expect(Buffer.from(again.body.update, 'base64').length).toBeLessThanOrEqual(2); // nothing new: an empty update
    expect(again.body.stateVector).toBe(first.body.stateVector);

    // the HTTP client's own update is not echoed on its stream; its 'saved' events cover it
    expect(h.events.filter((e) => e.event === 'update').length).toBe(1);
    await waitFor(() => h.events.some((e) => e.event === 'saved' && e.id !== null), 5000);
  });

  it('refuses observers and locked drafts (403, nothing stored), outsiders, bad tokens, unknown documents and bad input', async () => {
    const doc = await fresh();
    const id = doc.split(':')[1];
    const update = (() => {
      const d = new Y.Doc();
      d.getText('t').insert(0, 'refusé');
      return Y.encodeStateAsUpdate(d);
    })();
    const obs = httpClient(doc, observer);
    expect(await obs.openEvents()).toBe(200); // observers read
    expect((await obs.pull()).status).toBe(200);
    const refused = await obs.postUpdate(update);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

    const writer = httpClient(doc, participant);
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    const locked = await writer.postUpdate(update);
    expect(locked.status).toBe(403);
    expect(locked.body.message).toMatch(/verrouillé/);
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('');
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: false } })).status).toBe(200);
    expect((await writer.postUpdate(update)).status).toBe(200);
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('refusé');

    // an open stream follows the lock at once (the bus event), like a websocket connection
    const streaming = httpClient(doc, participant);
    expect(await streaming.openEvents()).toBe(200);
    await waitFor(() => !!streaming.connectionId);
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    expect((await streaming.edit((t) => t.insert(0, 'x'))).status).toBe(403);
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: false } })).status).toBe(200);

    const outsiderRes = await p.request('POST', '/api/users', { token: await p.login(DEMO.admin), body: { email: 'hors-groupe-http@exemple.fr', displayName: 'Hors Groupe', password: 'Mot-de-passe-1' } });
    expect(outsiderRes.status).toBe(201);
    const outsider = httpClient(doc, await p.login('hors-groupe-http@exemple.fr', 'Mot-de-passe-1'));
    expect((await outsider.pull()).status).toBe(403);
    expect(await outsider.openEvents()).toBe(403);
    expect((await outsider.postUpdate(update)).status).toBe(403);
    expect((await httpClient(doc, 'not-a-token').pull()).status).toBe(401);
    expect((await fetch(writer.url('state'))).status).toBe(401);
    expect((await httpClient('recommendation:00000000-0000-4000-8000-000000000000', participant).pull()).status).toBe(404);
    expect((await httpClient('autre:chose', participant).pull()).status).toBe(404);

    // bad input: 4xx, nothing stored
    const bad = async (body: string, headers: Record<string, string> = {}) => (await writer.postRaw('updates', body, headers)).status;
    expect(await bad('{')).toBe(400);
    expect(await bad(JSON.stringify({ update: 'pas du base64 !' }))).toBe(400);
    expect(await bad(JSON.stringify({ update: '' }))).toBe(400);
    expect(await bad(JSON.stringify({ update: Buffer.from([1, 2, 3, 250, 250]).toString('base64') }))).toBe(400);
    expect(await bad(JSON.stringify({ update: 'AAA=', extra: 1 }))).toBe(400);
    expect(await bad(JSON.stringify({ update: 'AAA=' }), { 'content-type': 'text/plain' })).toBe(415);
    expect((await fetch(writer.url('state', '?stateVector=%%%'), { headers: { authorization: `Bearer ${participant}` } })).status).toBe(400);
    expect((await fetch(writer.url('state', '?foo=1'), { headers: { authorization: `Bearer ${participant}` } })).status).toBe(400);
    expect((await fetch(writer.url('updates'), { headers: { authorization: `Bearer ${participant}` } })).status).toBe(405);
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('refusé');
  });

  it('limits as on /collab: a body over the frame size is 413, too many requests are 429; neither stores anything', async () => {
    const doc = await fresh();
    const h = httpClient(doc, participant);
    const big = new Y.Doc();
    big.getText('t').insert(0, 'x'.repeat(70_000));
    const tooBig = await h.postUpdate(Y.encodeStateAsUpdate(big));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.statusCode).toBe(413);
    expect((await storedDoc(p, doc)).getText('t').length).toBe(0);

    // 30 in the burst, 10 a second after: 100 requests at once cannot all pass
    const updates: Uint8Array[] = [];
    const src = new Y.Doc();
    src.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 100; i++) src.getText('t').insert(src.getText('t').length, 'a');
    const results = await Promise.all(updates.map((u) => h.postUpdate(u)));
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(ok + limited.length).toBe(100);
    expect(limited[0].body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // what was accepted is stored; the refused updates are not (the stored text is exactly the accepted prefix, or
    // shorter where an accepted update waits for a refused one: Yjs keeps it pending, never shown)
    const stored = (await storedDoc(p, doc)).getText('t').length;
    expect(stored).toBeLessThanOrEqual(ok);
  });

  it('presence: the server sets the name from the token; HTTP and websocket clients see each other; awareness needs the stream', async () => {
    const doc = await fresh();
    const w = await wsClient(doc, facilitator, { awareness: { user: { name: 'menteuse', color: '#123456' } } });
    const h = httpClient(doc, participant);
    expect((await h.postAwareness({ user: { name: 'x' } })).status).toBe(409); // no stream yet
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => !!h.connectionId);
    expect((await h.postAwareness({ user: { name: 'Quelqu’un d’autre', color: '#abcdef' }, cursor: null })).status).toBe(204);
    const me = await p.request('GET', '/api/me', { token: participant });
    await waitFor(() => [...w.awareness.getStates().values()].some((s: any) => s.user?.name === me.body.displayName), 30_000, 'HTTP presence seen over websocket');
    const facilitatorName = (await p.request('GET', '/api/me', { token: facilitator })).body.displayName;
    await waitFor(() => [...h.awareness.getStates().values()].some((s: any) => s.user?.name === facilitatorName), 30_000, 'websocket presence seen over HTTP');
    // malformed presence is a 400
    expect((await h.postRaw('awareness', JSON.stringify({ update: Buffer.from([5, 1]).toString('base64') }))).status).toBe(400);
    // the stream's end (past its grace for a resume) removes the presence: here the client says goodbye itself
    expect((await h.postAwareness(null)).status).toBe(204);
    await waitFor(() => ![...w.awareness.getStates().values()].some((s: any) => s.user?.name === me.body.displayName), 30_000, 'HTTP presence gone');
  });

  it('an event stream resumes with Last-Event-ID: the same connection, the events it missed, no full reload', async () => {
    const doc = await fresh();
    const w = await wsClient(doc, facilitator, { acks: true });
    const h = httpClient(doc, participant);
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => h.events.some((e) => e.event === 'saved'));
    const connectionId = h.connectionId;
    w.text.insert(0, 'un ');
    await waitFor(() => h.text.toString() === 'un ');
    await h.dropEvents();
    const seen = h.events.length;
    // while the stream is down, two edits happen; the HTTP client's own document does not see them
    w.text.insert(w.text.length, 'deux ');
    w.text.insert(w.text.length, 'trois');
    await waitFor(() => w.allSaved, 30_000, 'websocket edits stored (and relayed to the waiting stream)');
    expect(h.text.toString()).toBe('un ');
    expect(await h.openEvents({ resume: true })).toBe(200);
    await waitFor(() => h.text.toString() === 'un deux trois', 30_000, 'missed events replayed');
    const after = h.events.slice(seen);
    expect(after.some((e) => e.event === 'resumed')).toBe(true);
    expect(after.some((e) => e.event === 'hello')).toBe(false); // the same connection
    expect(h.connectionId).toBe(connectionId);
    // ids go on from where they were
    const ids = h.events.filter((e) => e.id).map((e) => Number(e.id!.split('.')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // an unknown Last-Event-ID (another node, or too old): a fresh connection with what the client lacks
    h.lastEventId = '00000000-0000-4000-8000-000000000000.3';
    await h.dropEvents();
    const before = h.events.length;
    w.text.insert(w.text.length, ' quatre');
    expect(await h.openEvents({ resume: true, withStateVector: true })).toBe(200);
    await waitFor(() => h.text.toString() === 'un deux trois quatre', 30_000, 'fresh state after an unknown id');
    expect(h.events.slice(before).some((e) => e.event === 'hello')).toBe(true);
  });

  it('revocation: a member removed from the group while streaming gets a close event 4403 and can no longer post', async () => {
    const doc = await fresh();
    const agglo = await p.login(DEMO.agglo);
    const uid = await userId(p, agglo);
    const h = httpClient(doc, agglo);
    expect(await h.openEvents()).toBe(200);
    await waitFor(() => !!h.connectionId);
    const member = (await p.request('GET', `/api/working-groups/${groupId}/members`, { token: facilitator })).body.items.find((m: any) => m.userId === uid);
    expect((await p.request('DELETE', `/api/working-groups/${groupId}/members/${uid}`, { token: facilitator })).status).toBe(204);
    try {
      await waitFor(() => h.closeEvent !== null, 30_000, 'close event');
      expect(h.closeEvent!.code).toBe(4403);
      expect((await h.edit((t) => t.insert(0, 'après'))).status).toBe(403);
    } finally {
      await p.request('POST', `/api/working-groups/${groupId}/members`, { token: facilitator, body: { userId: uid, role: member.role } });
    }
  });
});

describe('live drafts over HTTP: an acknowledged update survives kill -9', () => {
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    if (process.env.DATABASE_URL) db = await createTestDatabase();
    else dataDir = mkdtempSync(join(tmpdir(), 'concertation-http-crash-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('every update answered 200 is there after a SIGKILL and a restart', async () => {
    const env = { JWT_SECRET: 'test-secret-test-secret-test-secret-0123', DATABASE_URL: db?.url ?? '', DATA_DIR: dataDir ?? '', COLLAB_COMPACT_IDLE_MS: '3600000' };
    let node = await startChildPlatform(env);
    try {
      const token = await node.login(DEMO.facilitator);
      const draft = (await demoDrafts(node, token))[0];
      const h = new HttpDraftClient(node.base, draft.docName, token);
      expect((await h.pull()).status).toBe(200);
      const acknowledged: string[] = [];
      for (let i = 0; i < 5; i++) {
        const text = `[HTTP ${i} avant le crash]`;
        const res = await h.edit((t) => t.insert(t.length, text));
        expect(res.status).toBe(200);
        acknowledged.push(text);
      }
      await node.kill();
      await h.close();
      node = await startChildPlatform(env);
      const reader = new HttpDraftClient(node.base, draft.docName, await node.login(DEMO.observer));
      expect((await reader.pull()).status).toBe(200);
      for (const text of acknowledged) expect(reader.text.toString()).toContain(text);
      await reader.close();
    } finally {
      await node.stop();
    }
  }, 120_000);
});
