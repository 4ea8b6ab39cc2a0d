import Redis from 'ioredis';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { createSession, firstGroupOf, liveClient, LiveClient } from './live-support';

const REDIS_URL = process.env.REDIS_URL;
// Needs Redis: skipped without REDIS_URL, except in CI where it must run (and fail if Redis is missing).
const describeWithRedis = REDIS_URL || process.env.CI === 'true' ? describe : describe.skip;

describeWithRedis('live sessions on two nodes sharing one database and Redis', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  let fac: string;
  let state: string;
  let region: string;
  let groupId: string;
  const clients: LiveClient[] = [];

  const joined = async (node: TestPlatform, token: string, sessionId: string) => {
    const c = await liveClient(node.url, token);
    clients.push(c);
    expect(await c.emit('session:join', { sessionId })).toMatchObject({ ok: true });
    return c;
  };
  const userId = async (token: string) => (await a.request('GET', '/api/me', { token })).body.id as string;
  const ids = (d: any) => d.users.map((u: any) => u.userId).sort();

  beforeAll(async () => {
    a = await startTestPlatform({ redisUrl: REDIS_URL });
    b = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace: a.config.redisNamespace }, { databaseUrl: a.databaseUrl });
    [fac, state, region] = await Promise.all([DEMO.facilitator, DEMO.state, DEMO.region].map((e) => a.login(e)));
    groupId = await firstGroupOf(a, fac);
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('runs two nodes on one database, the socket.io adapter under the Redis namespace', async () => {
    expect(b.databaseUrl).toBe(a.databaseUrl);
    expect(a.port).not.toBe(b.port);
    const redis = new Redis(REDIS_URL!);
    try {
      const channels = await redis.pubsub('CHANNELS', `${a.config.redisNamespace}:socket.io*`);
      expect(channels.length).toBeGreaterThan(0);
      // both nodes answer the requests of the namespace (fetchSockets for presence)
      expect((await redis.pubsub('NUMSUB', `${a.config.redisNamespace}:socket.io-request#/live#`))[1]).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it('a phase change through node A reaches the watchers of both nodes exactly once', async () => {
    const s = await createSession(a, fac, groupId);
    const onB = await joined(b, state, s.id);
    const onA = await joined(a, region, s.id);
    expect((await a.request('PATCH', `/api/sessions/${s.id}`, { token: fac, body: { phase: 'open' } })).status).toBe(200);
    expect(await onB.waitFor('session:phase')).toEqual({ sessionId: s.id, phase: 'open' });
    await onA.waitFor('session:phase');
    // and one through node B
    expect((await b.request('PATCH', `/api/sessions/${s.id}`, { token: fac, body: { phase: 'drafting' } })).status).toBe(200);
    await onA.waitFor('session:phase', (d) => d.phase === 'drafting');
    await onB.waitFor('session:phase', (d) => d.phase === 'drafting');
    // a later change, through the same path, proves that no copy of the earlier ones is on its way
    expect((await a.request('PATCH', `/api/sessions/${s.id}`, { token: fac, body: { phase: 'voting' } })).status).toBe(200);
    for (const c of [onA, onB]) await c.waitFor('session:phase', (d) => d.phase === 'voting');
    for (const c of [onA, onB]) {
      expect(c.events('session:phase')).toEqual([
        { sessionId: s.id, phase: 'open' },
        { sessionId: s.id, phase: 'drafting' },
        { sessionId: s.id, phase: 'voting' },
      ]);
    }
  });

  it('presence lists the users connected to either node, each once', async () => {
    const s = await createSession(a, fac, groupId);
    const [facId, stateId, regionId] = await Promise.all([fac, state, region].map(userId));
    const watcherA = await joined(a, fac, s.id);
    const onB = await joined(b, state, s.id);
    expect(ids(await watcherA.waitFor('presence', (d) => d.users.length === 2))).toEqual([facId, stateId].sort());
    await joined(a, state, s.id); // the same user on the other node too
    const regionB = await joined(b, region, s.id);
    const all = await onB.waitFor('presence', (d) => d.users.length === 3);
    expect(ids(all)).toEqual([facId, stateId, regionId].sort());
    // the join acknowledgement already lists the users of both nodes
    const late = await liveClient(b.url, fac);
    clients.push(late);
    const ack = await late.emit('session:join', { sessionId: s.id });
    expect(ack.users.map((u: any) => u.userId).sort()).toEqual([facId, stateId, regionId].sort());
    regionB.close();
    expect(ids(await watcherA.waitFor('presence', (d) => d.users.length === 2 && !d.users.some((u: any) => u.userId === regionId)))).toEqual([facId, stateId].sort());
  });

  it('timer:set on node B, live tallies and vote events from node A: every watcher once', async () => {
    const s = await createSession(a, fac, groupId);
    const watcherA = await joined(a, region, s.id);
    const facB = await joined(b, fac, s.id);
    const ack = await facB.emit('timer:set', { sessionId: s.id, seconds: 600 });
    expect(ack).toMatchObject({ ok: true });
    expect(await watcherA.waitFor('timer')).toEqual({ sessionId: s.id, endsAt: ack.endsAt });

    const created = await a.request('POST', '/api/votes', {
      token: fac,
      body: { workingGroupId: groupId, sessionId: s.id, title: 'Consentement', method: 'consent', options: [{ label: 'Proposition' }], resultsVisibility: 'live' },
    });
    expect(created.status).toBe(201);
    const voteId = created.body.id;
    expect((await b.request('POST', `/api/votes/${voteId}/open`, { token: fac })).status).toBe(200);
    for (const t of [state, region]) {
      expect((await a.request('POST', `/api/votes/${voteId}/ballots`, { token: t, body: { choice: 'consent' } })).status).toBe(201);
    }
    for (const c of [watcherA, facB]) expect((await c.waitFor('vote:tally', (d) => d.results.cast === 2)).voteId).toBe(voteId);
    expect((await a.request('POST', `/api/votes/${voteId}/close`, { token: fac })).status).toBe(200);
    for (const c of [watcherA, facB]) await c.waitFor('vote:closed');
    // a later event through the bus (the timer cleared on node B) proves no copy is on its way
    expect(await facB.emit('timer:set', { sessionId: s.id, seconds: null })).toMatchObject({ ok: true });
    for (const c of [watcherA, facB]) await c.waitFor('timer', (d) => d.endsAt === null);
    for (const c of [watcherA, facB]) {
      expect(c.events('timer')).toEqual([{ sessionId: s.id, endsAt: ack.endsAt }, { sessionId: s.id, endsAt: null }]);
      expect(c.events('vote:opened')).toEqual([{ voteId }]);
      expect(c.events('vote:closed')).toHaveLength(1);
      const casts = c.events('vote:tally').map((d) => d.results.cast);
      expect(new Set(casts).size).toBe(casts.length); // no tally twice
    }
  });

  it('a member removed through node A leaves the rooms on node B; a lock through B reaches A once', async () => {
    const s = await createSession(a, fac, groupId);
    const expert = await a.login(DEMO.expert);
    const expertId = await userId(expert);
    const removed = await joined(b, expert, s.id);
    const watcherA = await joined(a, fac, s.id);
    expect((await a.request('DELETE', `/api/working-groups/${groupId}/members/${expertId}`, { token: fac })).status).toBeLessThan(300);
    expect(await removed.waitFor('session:left')).toEqual({ sessionId: s.id, reason: 'membership' });
    const rec = (await b.request('GET', `/api/working-groups/${groupId}/recommendations`, { token: fac })).body.items[0];
    expect((await b.request('PATCH', `/api/recommendations/${rec.id}`, { token: fac, body: { locked: true } })).status).toBe(200);
    expect(await watcherA.waitFor('draft:locked')).toEqual({ recommendationId: rec.id, locked: true });
    // the unlock, through the same path, comes after any copy of the lock
    expect((await b.request('PATCH', `/api/recommendations/${rec.id}`, { token: fac, body: { locked: false } })).status).toBe(200);
    await watcherA.waitFor('draft:locked', (d) => d.locked === false);
    expect(watcherA.events('draft:locked')).toEqual([
      { recommendationId: rec.id, locked: true },
      { recommendationId: rec.id, locked: false },
    ]);
    expect(removed.events('draft:locked')).toHaveLength(0);
  });
});
