import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { demoGroupId, newUser } from './helpers';

/**
 * The programme's read cache (group recommendation pages, roadmap, group roles) never serves a
 * state older than a committed change: on one node, and across nodes through the Redis bus.
 */
describe('programme read cache', () => {
  let p: TestPlatform;
  let admin: string;
  let facilitator: string;
  let group: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    [admin, facilitator] = await Promise.all([p.login(DEMO.admin), p.login(DEMO.facilitator)]);
    group = await demoGroupId(p, 'AXE-3');
  });
  afterAll(() => p?.close());

  const titles = async (token: string) => (await p.request('GET', `/api/working-groups/${group}/recommendations`, { token })).body.items.map((r: any) => r.title);

  it('shows a change to a recommendation at once in the cached page and roadmap', async () => {
    const before = await titles(facilitator);
    const rec = (await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: facilitator, body: { title: 'Nouvelle', horizon: 'quick_win' } })).body;
    expect(await titles(facilitator)).toEqual([...before, 'Nouvelle']);
    const roadmapTitles = async () => (await p.request('GET', '/api/roadmap?limit=200', { token: facilitator })).body.axes.flatMap((a: any) => a.recommendations.map((r: any) => r.title));
    expect(await roadmapTitles()).toContain('Nouvelle');
    await p.request('PATCH', `/api/recommendations/${rec.id}`, { token: facilitator, body: { title: 'Renommée' } });
    expect(await titles(facilitator)).toContain('Renommée');
    expect(await roadmapTitles()).toContain('Renommée');
    const m = (await p.request('POST', `/api/recommendations/${rec.id}/milestones`, { token: facilitator, body: { title: 'J1', dueDate: '2099-01-01' } })).body;
    const milestone = async () => (await p.request('GET', '/api/roadmap?limit=200', { token: facilitator })).body.axes.flatMap((a: any) => a.recommendations).find((r: any) => r.id === rec.id).milestones;
    expect(await milestone()).toEqual([expect.objectContaining({ id: m.id, progress: 0 })]);
    await p.request('PATCH', `/api/milestones/${m.id}`, { token: facilitator, body: { progress: 60 } });
    expect(await milestone()).toEqual([expect.objectContaining({ id: m.id, progress: 60 })]);
    await p.request('DELETE', `/api/milestones/${m.id}`, { token: facilitator });
    expect(await milestone()).toEqual([]);
    const axis = (await p.request('GET', `/api/working-groups/${group}`, { token: admin })).body.axisId;
    await p.request('PATCH', `/api/axes/${axis}`, { token: admin, body: { title: 'Axe renommé' } });
    expect((await p.request('GET', '/api/roadmap', { token: facilitator })).body.axes.find((a: any) => a.id === axis).title).toBe('Axe renommé');
  });

  it('applies a membership change at once to cached reads', async () => {
    const u = await newUser(p, admin, 'cache');
    expect((await p.request('GET', `/api/working-groups/${group}/recommendations`, { token: u.token })).status).toBe(403);
    await p.request('POST', `/api/working-groups/${group}/members`, { token: admin, body: { userId: u.id, role: 'observer' } });
    expect((await p.request('GET', `/api/working-groups/${group}/recommendations`, { token: u.token })).status).toBe(200);
    expect((await p.request('GET', `/api/working-groups/${group}/sessions`, { token: u.token })).status).toBe(200);
    await p.request('DELETE', `/api/working-groups/${group}/members/${u.id}`, { token: admin });
    expect((await p.request('GET', `/api/working-groups/${group}/recommendations`, { token: u.token })).status).toBe(403);
    expect((await p.request('GET', `/api/working-groups/${group}/sessions`, { token: u.token })).status).toBe(403);
  });
});

const redisUrl = process.env.REDIS_URL;
const withRedis = redisUrl || process.env.CI === 'true' ? describe : describe.skip;

withRedis('programme read cache across two nodes (Redis)', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  beforeAll(async () => {
    const namespace = `test-cache-${Math.random().toString(36).slice(2, 10)}`;
    a = await startTestPlatform({ redisUrl, redisNamespace: namespace });
    b = await startTestPlatform({ redisUrl, redisNamespace: namespace }, { databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Waits for the change to show on node B (an event through Redis), within a bound that only names a failure. */
  const eventually = async (check: () => Promise<boolean>) => {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  };

  it('drops the other node’s cached pages, roadmap and roles after a change', async () => {
    const [adminA, facA, facB] = [await a.login(DEMO.admin), await a.login(DEMO.facilitator), await b.login(DEMO.facilitator)];
    const group = await demoGroupId(a, 'AXE-4');
    const list = async () => (await b.request('GET', `/api/working-groups/${group}/recommendations`, { token: facB })).body.items.map((r: any) => r.title);
    const before = await list(); // cached on node B
    await b.request('GET', '/api/roadmap', { token: facB });
    await a.request('POST', `/api/working-groups/${group}/recommendations`, { token: facA, body: { title: 'Créée sur le nœud A', horizon: 'quick_win' } });
    expect(await eventually(async () => (await list()).length === before.length + 1)).toBe(true);
    expect(await eventually(async () => JSON.stringify((await b.request('GET', '/api/roadmap', { token: facB })).body).includes('Créée sur le nœud A'))).toBe(true);

    const u = await newUser(a, adminA, 'twonodes');
    await a.request('POST', `/api/working-groups/${group}/members`, { token: adminA, body: { userId: u.id, role: 'observer' } });
    const tokenB = await b.login(u.email);
    expect(await eventually(async () => (await b.request('GET', `/api/working-groups/${group}/recommendations`, { token: tokenB })).status === 200)).toBe(true);
    await a.request('DELETE', `/api/working-groups/${group}/members/${u.id}`, { token: adminA });
    expect(await eventually(async () => (await b.request('GET', `/api/working-groups/${group}/recommendations`, { token: tokenB })).status === 403)).toBe(true);
  });
});
