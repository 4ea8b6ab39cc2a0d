import { SeedService } from '../../apps/api/src/seed/seed.service';
import { DEMO, DEMO_PASSWORD, startTestPlatform, TestPlatform } from '../support/platform';

describe('ADMIN_EMAIL / ADMIN_PASSWORD bootstrap on an empty platform', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ adminEmail: 'Chef.Projet@Exemple.fr', adminPassword: 'Secret-admin-2026', demoData: false });
  });
  afterAll(() => p?.close());

  it('creates that admin, who can log in and administer', async () => {
    const token = await p.login('chef.projet@exemple.fr', 'Secret-admin-2026');
    const me = await p.request('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ email: 'chef.projet@exemple.fr', role: 'admin', organization: null, memberships: [] });
    const org = await p.request('POST', '/api/organizations', { token, body: { name: 'Ministère', kind: 'state' } });
    expect(org.status).toBe(201);
    const audit = await p.request('GET', '/api/audit', { token });
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['organization.created', 'user.admin_bootstrapped']);
    expect((await p.request('GET', '/api/audit/verify', { token })).body).toMatchObject({ ok: true, count: 2 });
  });

  it('loads no demo data (DEMO_DATA false)', async () => {
    const token = await p.login('chef.projet@exemple.fr', 'Secret-admin-2026');
    expect((await p.request('GET', '/api/users', { token })).body.total).toBe(1);
    expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.admin, password: DEMO_PASSWORD } })).status).toBe(401);
  });

  it('does nothing at a later start once an admin exists', async () => {
    p.config.adminEmail = 'autre.admin@exemple.fr';
    p.config.adminPassword = 'Autre-secret-2026';
    await p.app.get(SeedService).bootstrapAdmin();
    expect((await p.request('POST', '/api/auth/login', { body: { email: 'autre.admin@exemple.fr', password: 'Autre-secret-2026' } })).status).toBe(401);
    const token = await p.login('chef.projet@exemple.fr', 'Secret-admin-2026');
    expect((await p.request('GET', '/api/users', { token })).body.total).toBe(1);
  });
});
