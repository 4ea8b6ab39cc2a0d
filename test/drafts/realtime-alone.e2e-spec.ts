import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { Closed, connect, RawCollabClient, sleep, waitFor } from './support/collab-client';
import { demoDrafts, DemoDraft, newDraft, storedDoc } from './support/drafts';
import { within } from '../support/within';
import { describeRedis, RealtimeAlone, startRealtimeAlone } from '../support/realtime-alone';
import { createSession, liveClient, LiveClient } from '../live/live-support';
import { CloseCode } from '@app/contracts';
import { newMember } from '../decisions/helpers';

/**
 * The realtime service run alone (`npm run start:realtime`, apps/realtime/src/main.ts) next to a
 * test platform, as in production next to the API: same PostgreSQL, same JWT secret, same Redis
 * (and Redis namespace). Like the crash test of durability.e2e-spec.ts, the child runs the
 * sources through test/support/ts-register.js, so no build is needed.
 */
describeRedis('the realtime service alone, next to the platform (PostgreSQL + Redis)', () => {
  let p: TestPlatform;
  let node: RealtimeAlone;
  let alone: string;
  let draft: DemoDraft;
  let facilitator: string;
  let participant: string;
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);

  beforeAll(async () => {
    const redisNamespace = `test-alone-${Math.random().toString(36).slice(2, 10)}`;
    p = await startTestPlatform({ redisUrl: process.env.REDIS_URL, redisNamespace });
    // the periodic re-check of rights must not stand in for the lock event from the API process (the helper's default)
    node = await startRealtimeAlone(p);
    alone = node.url;
    [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    draft = await newDraft(p, facilitator, (await demoDrafts(p, facilitator))[0].workingGroupId, 'Brouillon du service seul');
  }, 180_000); // a platform, then a child process that compiles and starts the realtime service

  afterAll(async () => {
    clients.splice(0).forEach((c) => c.close());
    await node?.stop();
    await p?.close();
  });

  it('answers its health check: ok, realtime, database up, events through Redis', async () => {
    const res = await fetch(`${alone}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'realtime', db: 'up', bus: 'redis' });
  });

  it('a client of the service alone and a client of the platform edit one draft and converge both ways', async () => {
    const onAlone = track(await connect(alone, draft.docName, participant, { acks: true, awareness: { user: { name: 'seul' } } }));
    const onPlatform = track(await connect(p.url, draft.docName, facilitator, { acks: true, awareness: { user: { name: 'plateforme' } } }));
    // service alone → platform
    onAlone.text.insert(0, 'du service seul;');
    await waitFor(() => onPlatform.text.toString() === 'du service seul;', 30_000, 'alone → platform');
    // platform → service alone
    onPlatform.text.insert(onPlatform.text.length, 'de la plateforme;');
    await waitFor(() => onAlone.text.toString() === 'du service seul;de la plateforme;', 30_000, 'platform → alone');
    // concurrent edits on both
    for (let i = 0; i < 10; i++) {
      onAlone.text.insert(onAlone.text.length, `S${i};`);
      onPlatform.text.insert(0, `P${i};`);
      if (i % 3 === 0) await sleep(10);
    }
    const length = 'du service seul;de la plateforme;'.length + 2 * 10 * 3;
    await waitFor(() => onAlone.text.toString() === onPlatform.text.toString() && onAlone.text.length === length, 30_000, 'convergence');
    await waitFor(() => onAlone.allSaved && onPlatform.allSaved, 30_000, 'saved');
    // presence crosses the processes too
    await waitFor(() => onAlone.awareness.getStates().has(onPlatform.doc.clientID) && onPlatform.awareness.getStates().has(onAlone.doc.clientID), 30_000, 'presence');
    // both processes stored into the one database
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe(onAlone.text.toString());
  });

  it('a lock through the platform API makes the service alone drop a later edit of its client', async () => {
    const [onAlone, onPlatform] = clients;
    const before = onPlatform.text.toString();
    expect(before.length).toBeGreaterThan(0);
    expect(onAlone.text.toString()).toBe(before);
    // A canary member connected to the service alone proves the lock arrived: the platform
    // publishes the lock, then the canary's removal, on one Redis connection, and the service
    // alone handles bus events in order: once the canary is closed (4403), the lock is applied.
    const admin = await p.login(DEMO.admin);
    const canary = await newMember(p, admin, draft.workingGroupId, { email: `canari-${Date.now()}@exemple.fr`, organizationId: null });
    const canaryClient = track(await connect(alone, draft.docName, canary.token));
    expect((await p.request('PATCH', `/api/recommendations/${draft.id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    expect((await p.request('DELETE', `/api/working-groups/${draft.workingGroupId}/members/${canary.id}`, { token: admin })).status).toBe(204);
    expect((await canaryClient.whenClosed(30_000)).code).toBe(CloseCode.Forbidden);
    onAlone.text.insert(0, 'refusé après le verrou;');
    // later messages of that client still cross the processes (presence is not an edit)…
    onAlone.awareness.setLocalStateField('cursor', { after: 'lock' });
    await waitFor(() => (onPlatform.awareness.getStates().get(onAlone.doc.clientID) as any)?.cursor?.after === 'lock', 30_000, 'presence after the lock');
    // …but the edit was dropped by the service alone: after a sync round trip (answered only once
    // every accepted edit is stored) it is neither stored nor relayed
    await onAlone.roundTrip();
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe(before);
    expect(onPlatform.text.toString()).toBe(before);
    expect((await storedDoc(p, draft.docName)).getText('t').toString()).toBe(before);
  });

  it('timer:set works on the service alone: stored, audited, announced to a watcher of the platform through Redis', async () => {
    const admin = await p.login(DEMO.admin);
    const session = await createSession(p, facilitator, draft.workingGroupId);
    const lives: LiveClient[] = [];
    try {
      const onAlone = await liveClient(alone, facilitator);
      lives.push(onAlone);
      const watcher = await liveClient(p.url, participant);
      lives.push(watcher);
      expect(await onAlone.emit('session:join', { sessionId: session.id })).toMatchObject({ ok: true, endsAt: null });
      expect(await watcher.emit('session:join', { sessionId: session.id })).toMatchObject({ ok: true });
      const before = Date.now();
      const ack = await onAlone.emit('timer:set', { sessionId: session.id, seconds: 120 });
      expect(ack).toMatchObject({ ok: true, sessionId: session.id });
      expect(Date.parse(ack.endsAt)).toBeGreaterThanOrEqual(before + 119_000);
      // the platform's watcher hears it (the service alone published on the shared bus)
      expect(await watcher.waitFor('timer', (d) => d.sessionId === session.id)).toEqual({ sessionId: session.id, endsAt: ack.endsAt });
      // stored on the session, and audited like the API's own write
      expect((await p.request('GET', `/api/sessions/${session.id}`, { token: participant })).body.timerEndsAt).toBe(ack.endsAt);
      const audit = await p.request('GET', '/api/audit?limit=5', { token: admin });
      expect(audit.body.items.filter((e: any) => e.action === 'session.timer_set' && e.entityId === session.id)).toHaveLength(1);
      expect((await p.request('GET', '/api/audit/verify', { token: admin })).body.ok).toBe(true);
      // the rule is the same there: a participant is refused, and nothing changes
      const participantAlone = await liveClient(alone, participant);
      lives.push(participantAlone);
      expect(await participantAlone.emit('timer:set', { sessionId: session.id, seconds: 30 })).toMatchObject({ code: 'forbidden' });
      expect((await p.request('GET', `/api/sessions/${session.id}`, { token: participant })).body.timerEndsAt).toBe(ack.endsAt);
    } finally {
      lives.forEach((c) => c.close());
    }
  });

  it('stops on SIGTERM, closing its connections for a reconnect, and exits cleanly', async () => {
    const [onAlone] = clients;
    expect(onAlone.closed).toBeNull();
    const closing = onAlone.whenClosed(30_000);
    node.child.kill('SIGTERM');
    const exit = await within(node.exited, 10_000);
    if (exit === 'timeout') throw new Error(`the realtime service did not exit within 10 s of SIGTERM:\n${node.output()}`);
    // Nest's shutdown hooks close the app, then re-raise the signal; an error while closing would exit with 1
    expect([{ code: 0, signal: null }, { code: null, signal: 'SIGTERM' }]).toContainEqual(exit);
    const closed: Closed = await closing;
    expect(closed.code).toBe(1012);
    // the platform's own realtime still serves the draft
    const again = track(await connect(p.url, draft.docName, facilitator));
    expect(again.text.toString()).toBe(clients[1].text.toString());
  });
});
