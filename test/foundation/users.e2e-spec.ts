import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';

describe('users', () => {
  let p: TestPlatform;
  let admin: string;
  let member: string;
  let orgId: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.login(DEMO.admin);
    member = await p.login(DEMO.region);
    orgId = (await p.request('GET', '/api/organizations?kind=association&limit=1', { token: admin })).body.items[0].id;
  });
  afterAll(() => p?.close());

  const auditCount = async () => (await p.request('GET', '/api/audit/verify', { token: admin })).body.count as number;
  const create = (body: Record<string, unknown>, token = admin) => p.request('POST', '/api/users', { token, body });

  it('creates a user (e-mail lowercased, no password in the answer) who can then log in', async () => {
    const res = await create({ email: 'Jeanne.Dupont@Exemple.FR', displayName: ' Jeanne Dupont ', password: 'Mot-de-passe-1', organizationId: orgId, isRepresentative: true });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'jeanne.dupont@exemple.fr',
      displayName: 'Jeanne Dupont',
      organizationId: orgId,
      role: 'member',
      isRepresentative: true,
    });
    const token = await p.login('JEANNE.DUPONT@exemple.fr', 'Mot-de-passe-1');
    const me = await p.request('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ id: res.body.id, organization: { id: orgId, kind: 'association' }, memberships: [] });
    const audit = await p.request('GET', '/api/audit?limit=5', { token: admin });
    const event = audit.body.items.find((e: any) => e.action === 'user.created' && e.entityId === res.body.id);
    expect(event).toMatchObject({ data: { role: 'member', organizationId: orgId, isRepresentative: true } });
    expect(JSON.stringify(audit.body)).not.toMatch(/argon2|Mot-de-passe/);
  });

  it('refuses a second account for the same e-mail with 409, whatever the case', async () => {
    const before = await auditCount();
    const res = await create({ email: 'REGION@demo.concertation.fr', displayName: 'Doublon', password: 'Mot-de-passe-1' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    const other = (await create({ email: 'autre@exemple.fr', displayName: 'Autre', password: 'Mot-de-passe-1' })).body;
    const patch = await p.request('PATCH', `/api/users/${other.id}`, { token: admin, body: { email: 'Region@Demo.Concertation.fr' } });
    expect(patch.status).toBe(409);
    expect((await p.request('GET', `/api/users/${other.id}`, { token: admin })).body.email).toBe('autre@exemple.fr');
    expect(await auditCount()).toBe(before + 1); // only the creation of `autre`
  });

  it('rejects invalid input with 400 and changes nothing', async () => {
    const valid = { email: 'valide@exemple.fr', displayName: 'Valide', password: 'Mot-de-passe-1' };
    const before = await auditCount();
    const bad: Record<string, unknown>[] = [
      { ...valid, passwordHash: 'x' }, // unknown field
      { ...valid, id: '3f1c9a52-7d4e-4b8a-9c3d-2e5f6a7b8c9d' },
      { ...valid, email: 'pas-une-adresse' },
      { ...valid, email: 'a@b' },
      { ...valid, password: 'court12' }, // 7 characters
      { ...valid, password: 12345678 },
      { ...valid, role: 'superadmin' }, // bad enum
      { ...valid, role: null },
      { ...valid, organizationId: 'pas-un-uuid' },
      { ...valid, organizationId: '3f1c9a52-7d4e-4b8a-9c3d-2e5f6a7b8c9d' }, // unknown organisation
      { ...valid, displayName: '' },
      { ...valid, displayName: '   ' },
      { ...valid, displayName: 'Nul\u0000' },
      { ...valid, isRepresentative: 'oui' },
      { ...valid, isRepresentative: null },
      { email: 'valide@exemple.fr', displayName: 'Valide' }, // no password
    ];
    for (const body of bad) {
      const res = await create(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const user = (await p.request('GET', '/api/users?limit=1', { token: admin })).body.items[0];
    const badPatches: Record<string, unknown>[] = [
      { email: 'nope' },
      { email: null },
      { displayName: null },
      { password: 'court' },
      { password: null },
      { role: 'root' },
      { role: null },
      { isRepresentative: null },
      { organizationId: 'x' },
      { createdAt: '2020-01-01' },
    ];
    for (const body of badPatches) {
      const res = await p.request('PATCH', `/api/users/${user.id}`, { token: admin, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await p.request('GET', `/api/users/${user.id}`, { token: admin })).body).toEqual(user);
    expect((await p.request('GET', '/api/users/12', { token: admin })).status).toBe(400);
    expect((await p.request('PATCH', '/api/users/12', { token: admin, body: { displayName: 'X' } })).status).toBe(400);
    expect((await p.request('GET', '/api/users?organizationId=abc', { token: member })).status).toBe(400);
    expect((await p.request('GET', '/api/users?limit=500', { token: member })).status).toBe(400);
    expect(await auditCount()).toBe(before);
    // nobody was created
    const login = await p.request('POST', '/api/auth/login', { body: { email: valid.email, password: valid.password } });
    expect(login.status).toBe(401);
  });

  it('lists and reads users, filtered by organisation', async () => {
    const all = await p.request('GET', '/api/users', { token: member });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(9);
    expect(all.body.items[0]).not.toHaveProperty('passwordHash');
    const ofOrg = await p.request('GET', `/api/users?organizationId=${orgId}`, { token: member });
    expect(ofOrg.body.items.length).toBeGreaterThanOrEqual(1);
    expect(ofOrg.body.items.every((u: any) => u.organizationId === orgId)).toBe(true);
    const one = await p.request('GET', `/api/users/${all.body.items[0].id}`, { token: member });
    expect(one.body).toEqual(all.body.items[0]);
    const page = await p.request('GET', '/api/users?limit=3&offset=2', { token: member });
    expect(page.body.items).toEqual(all.body.items.slice(2, 5));
  });

  it('updates a user: name, organisation (also none), representative flag, password', async () => {
    const u = (await create({ email: 'maj@exemple.fr', displayName: 'Avant', password: 'Ancien-mdp-1', organizationId: orgId })).body;
    const res = await p.request('PATCH', `/api/users/${u.id}`, { token: admin, body: { displayName: 'Après', organizationId: null, isRepresentative: true, password: 'Nouveau-mdp-1' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u.id, displayName: 'Après', organizationId: null, isRepresentative: true, role: 'member' });
    expect((await p.request('POST', '/api/auth/login', { body: { email: 'maj@exemple.fr', password: 'Ancien-mdp-1' } })).status).toBe(401);
    await p.login('maj@exemple.fr', 'Nouveau-mdp-1');
    const audit = await p.request('GET', '/api/audit?limit=1', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ action: 'user.updated', entityId: u.id, data: { displayName: 'Après', organizationId: null, isRepresentative: true, passwordChanged: true } });
    expect(audit.body.items[0].data).not.toHaveProperty('password');
  });

  it('applies a role change at once, and an admin cannot demote themself', async () => {
    const second = (await create({ email: 'admin2@exemple.fr', displayName: 'Second admin', password: 'Mot-de-passe-2', role: 'admin' })).body;
    expect(second.role).toBe('admin');
    const token = await p.login('admin2@exemple.fr', 'Mot-de-passe-2');
    expect((await p.request('GET', '/api/audit', { token })).status).toBe(200);
    const self = await p.request('PATCH', `/api/users/${second.id}`, { token, body: { role: 'member' } });
    expect(self.status).toBe(409);
    expect((await p.request('PATCH', `/api/users/${second.id}`, { token: admin, body: { role: 'member' } })).status).toBe(200);
    // same node: the guard's cache was invalidated
    expect((await p.request('GET', '/api/audit', { token })).status).toBe(403);
    expect((await p.request('POST', '/api/organizations', { token, body: { name: 'Interdit', kind: 'other' } })).status).toBe(403);
  });

  it('answers 401 without a token, 403 to members who write, 404 for an unknown user', async () => {
    expect((await p.request('GET', '/api/users')).status).toBe(401);
    expect((await p.request('POST', '/api/users', { body: { email: 'x@exemple.fr', displayName: 'X', password: 'Mot-de-passe-1' } })).status).toBe(401);
    const me = (await p.request('GET', '/api/me', { token: member })).body;
    expect((await create({ email: 'x@exemple.fr', displayName: 'X', password: 'Mot-de-passe-1' }, member)).status).toBe(403);
    // not even on oneself
    expect((await p.request('PATCH', `/api/users/${me.id}`, { token: member, body: { role: 'admin' } })).status).toBe(403);
    expect((await p.request('GET', `/api/users/${me.id}`, { token: member })).body.role).toBe('member');
    const unknown = '3f1c9a52-7d4e-4b8a-9c3d-2e5f6a7b8c9d';
    expect((await p.request('GET', `/api/users/${unknown}`, { token: member })).status).toBe(404);
    expect((await p.request('PATCH', `/api/users/${unknown}`, { token: admin, body: { displayName: 'Fantôme' } })).status).toBe(404);
  });

  it('shows e-mail addresses to admins and facilitators only; everyone sees their own (API.md v2)', async () => {
    const list = async (token: string) => (await p.request('GET', '/api/users?limit=200', { token })).body.items as any[];
    // admins and facilitators (of any group) see every address
    for (const token of [admin, await p.login(DEMO.facilitator)]) {
      const items = await list(token);
      expect(items.length).toBeGreaterThan(5);
      expect(items.every((u) => typeof u.email === 'string' && u.email.includes('@'))).toBe(true);
    }
    // participants, observers and representatives see no one else's address, in the list or one by one
    for (const email of [DEMO.observer, DEMO.region, DEMO.amf]) {
      const token = await p.login(email);
      const items = await list(token);
      const me = (await p.request('GET', '/api/me', { token })).body;
      expect(items.filter((u) => u.email !== undefined).map((u) => u.id)).toEqual([me.id]);
      expect(JSON.stringify(items)).not.toContain(DEMO.admin);
      const other = items.find((u) => u.id !== me.id);
      const one = (await p.request('GET', `/api/users/${other.id}`, { token })).body;
      expect(one).toMatchObject({ id: other.id, displayName: other.displayName });
      expect(one.email).toBeUndefined();
      expect((await p.request('GET', `/api/users/${me.id}`, { token })).body.email).toBe(email);
      expect(me.email).toBe(email);
    }
  });

  it('answers 413 for a body over the limit', async () => {
    const big = JSON.stringify({ email: 'gros@exemple.fr', displayName: 'x'.repeat(1024 * 1024), password: 'Mot-de-passe-1' });
    const res = await p.request('POST', '/api/users', { token: admin, raw: big });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });
});
