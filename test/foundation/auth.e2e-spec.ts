import { DEMO, DEMO_PASSWORD, startTestPlatform, TestPlatform } from '../support/platform';

describe('auth, /api/me, health, hardening', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ loginMaxPerAccount: 5 });
  });
  afterAll(() => p?.close());

  it('logs a demo user in and returns a token and the user', async () => {
    const res = await p.request('POST', '/api/auth/login', { body: { email: DEMO.facilitator, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.user).toMatchObject({ email: DEMO.facilitator, role: 'member', isRepresentative: false });
    expect(res.body.user.passwordHash).toBeUndefined();
  });

  it('answers an unknown e-mail and a wrong password with the same 401', async () => {
    const unknown = await p.request('POST', '/api/auth/login', { body: { email: 'personne@nulle.part', password: 'whatever-1' } });
    const wrong = await p.request('POST', '/api/auth/login', { body: { email: DEMO.region, password: 'wrong-password' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('takes similar time for an unknown e-mail and a wrong password', async () => {
    const time = async (email: string) => {
      const t = performance.now();
      await p.request('POST', '/api/auth/login', { body: { email, password: 'wrong-password' } });
      return performance.now() - t;
    };
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i++) {
      a.push(await time(`inconnu${i}@nulle.part`));
      b.push(await time(DEMO.expert));
    }
    const med = (xs: number[]) => xs.sort((x, y) => x - y)[1];
    // both run one argon2 verification: within a factor of 3 of each other
    expect(med(a) / med(b)).toBeGreaterThan(1 / 3);
    expect(med(a) / med(b)).toBeLessThan(3);
  });

  it('rate-limits logins per account with 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      codes.push((await p.request('POST', '/api/auth/login', { body: { email: DEMO.agglo, password: 'bad-password' } })).status);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });

  it('rejects bad login input with 400 and unknown fields', async () => {
    expect((await p.request('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 'x' } })).status).toBe(400);
    expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.admin, password: DEMO_PASSWORD, extra: 1 } })).status).toBe(400);
    expect((await p.request('POST', '/api/auth/login', { raw: '{"email": broken' })).status).toBe(400);
  });

  it('requires a valid token (401 without, with a bad one)', async () => {
    expect((await p.request('GET', '/api/me')).status).toBe(401);
    expect((await p.request('GET', '/api/me', { token: 'abc.def.ghi' })).status).toBe(401);
    const res = await p.request('GET', '/api/me', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('GET /api/me gives the user, the organisation and the memberships', async () => {
    const token = await p.login(DEMO.amf);
    const res = await p.request('GET', '/api/me', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: DEMO.amf, isRepresentative: true });
    expect(res.body.organization).toMatchObject({ kind: 'association', college: 'local' });
    expect(res.body.memberships).toHaveLength(4);
    expect(res.body.memberships[0]).toMatchObject({ role: 'participant' });
  });

  it('refreshes a token', async () => {
    const token = await p.login(DEMO.state);
    const res = await p.request('POST', '/api/auth/refresh', { token });
    expect(res.status).toBe(200);
    expect((await p.request('GET', '/api/me', { token: res.body.accessToken })).status).toBe(200);
  });

  it('reports health', async () => {
    const res = await p.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up' });
  });

  it('answers 413 for a body over 1 MB and never 500', async () => {
    const token = await p.login(DEMO.admin);
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), kind: 'state' });
    const res = await p.request('POST', '/api/organizations', { token, raw: big });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
  });

  it('sets security headers and hides stack traces', async () => {
    const res = await p.request('GET', '/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the OpenAPI document', async () => {
    const res = await p.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});
