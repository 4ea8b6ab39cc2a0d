import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { demoGroupId } from '../programme/helpers';

/**
 * `__proto__`, `constructor` (and `prototype`) keys in a JSON body are unknown fields: 400, and
 * nothing changes (API.md: unknown fields are rejected, not ignored). JSON.parse makes them own
 * properties that class-transformer skips, so they used to slip past the whitelist (201).
 */
describe('prototype keys in request bodies', () => {
  let p: TestPlatform;
  let admin: string;
  let facilitator: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.login(DEMO.admin);
    facilitator = await p.login(DEMO.facilitator);
  });
  afterAll(() => p?.close());

  const expect400 = async (method: string, path: string, raw: string, token?: string) => {
    const res = await p.request(method, path, { token, raw });
    expect({ path, raw, status: res.status }).toEqual({ path, raw, status: 400 });
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    return res;
  };

  it('refuses them when creating an organisation, and creates nothing', async () => {
    const before = (await p.request('GET', '/api/organizations?limit=200', { token: admin })).body.total;
    const res = await expect400('POST', '/api/organizations', '{"name":"Proto SA","kind":"other","__proto__":{"college":"state"}}', admin);
    expect(JSON.stringify(res.body.message)).toContain('__proto__');
    await expect400('POST', '/api/organizations', '{"name":"Proto SA","kind":"other","constructor":{"prototype":{"college":"state"}}}', admin);
    await expect400('POST', '/api/organizations', '{"name":"Proto SA","kind":"other","prototype":{}}', admin);
    expect((await p.request('GET', '/api/organizations?limit=200', { token: admin })).body.total).toBe(before);
    // the same body without the key is fine
    expect((await p.request('POST', '/api/organizations', { token: admin, raw: '{"name":"Proto SA","kind":"other"}' })).status).toBe(201);
  });

  it('refuses them on sign-in and on a user update, and changes nothing', async () => {
    await expect400('POST', '/api/auth/login', `{"email":"${DEMO.state}","password":"x","__proto__":{"role":"admin"}}`);
    const me = (await p.request('GET', '/api/me', { token: await p.login(DEMO.state) })).body;
    await expect400('PATCH', `/api/users/${me.id}`, '{"displayName":"Changé","__proto__":{"role":"admin"}}', admin);
    await expect400('PATCH', `/api/users/${me.id}`, '{"displayName":"Changé","constructor":{"name":"x"}}', admin);
    const after = (await p.request('GET', `/api/users/${me.id}`, { token: admin })).body;
    expect(after).toMatchObject({ displayName: me.displayName, role: 'member' });
  });

  it('refuses them nested deeper in a body (a recommendation, a milestone)', async () => {
    const group = await demoGroupId(p, 'AXE-2');
    const list = async () => (await p.request('GET', `/api/working-groups/${group}/recommendations?limit=200`, { token: facilitator })).body.total;
    const before = await list();
    await expect400('POST', `/api/working-groups/${group}/recommendations`, '{"title":"Proto","horizon":"quick_win","constructor":"x"}', facilitator);
    await expect400('POST', `/api/working-groups/${group}/recommendations`, '{"title":"Proto","horizon":"quick_win","__proto__":{"status":"adopted"}}', facilitator);
    expect(await list()).toBe(before);
    const rec = (await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: facilitator, body: { title: 'Proto', horizon: 'quick_win' } })).body.id;
    await expect400('POST', `/api/recommendations/${rec}/milestones`, '{"title":"Jalon","dueDate":"2099-01-01","__proto__":{"status":"done"}}', facilitator);
    expect((await p.request('GET', `/api/recommendations/${rec}/milestones`, { token: facilitator })).body.total).toBe(0);
  });

  it('refuses them in a query string', async () => {
    expect((await p.request('GET', '/api/organizations?__proto__=x', { token: admin })).status).toBe(400);
    expect((await p.request('GET', '/api/organizations?constructor=x', { token: admin })).status).toBe(400);
  });
});
