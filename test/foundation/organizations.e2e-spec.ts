import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';

describe('organisations', () => {
  let p: TestPlatform;
  let admin: string;
  let member: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.login(DEMO.admin);
    member = await p.login(DEMO.region);
  });
  afterAll(() => p?.close());

  const auditCount = async () => (await p.request('GET', '/api/audit/verify', { token: admin })).body.count as number;

  it('creates an organisation with its college derived from its kind', async () => {
    const expected = { state: 'state', local_authority: 'local', association: 'local', other: 'civil' } as const;
    for (const [kind, college] of Object.entries(expected)) {
      const res = await p.request('POST', '/api/organizations', { token: admin, body: { name: `  Organisation ${kind}  `, kind } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), name: `Organisation ${kind}`, kind, college });
      const read = await p.request('GET', `/api/organizations/${res.body.id}`, { token: member });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    }
  });

  it('re-derives the college when the kind changes, and records the change', async () => {
    const created = await p.request('POST', '/api/organizations', { token: admin, body: { name: 'Syndicat du numérique', kind: 'local_authority' } });
    const before = await auditCount();
    const res = await p.request('PATCH', `/api/organizations/${created.body.id}`, { token: admin, body: { kind: 'other' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Syndicat du numérique', kind: 'other', college: 'civil' });
    const renamed = await p.request('PATCH', `/api/organizations/${created.body.id}`, { token: admin, body: { name: 'Syndicat mixte', kind: 'state' } });
    expect(renamed.body).toMatchObject({ name: 'Syndicat mixte', kind: 'state', college: 'state' });
    expect((await p.request('GET', `/api/organizations/${created.body.id}`, { token: member })).body.college).toBe('state');
    expect(await auditCount()).toBe(before + 2);
    const audit = await p.request('GET', '/api/audit?limit=1', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ action: 'organization.updated', entityType: 'organization', entityId: created.body.id, data: { name: 'Syndicat mixte', kind: 'state' } });
  });

  it('lists organisations for every user, filtered by kind, with limit and offset', async () => {
    const all = await p.request('GET', '/api/organizations', { token: member });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(8);
    expect(all.body.items.length).toBe(all.body.total);
    expect(all.body.items.map((o: any) => o.name)).toContain('Région Occitanie');

    const associations = await p.request('GET', '/api/organizations?kind=association', { token: member });
    expect(associations.body.items.length).toBeGreaterThanOrEqual(2);
    expect(associations.body.items.every((o: any) => o.kind === 'association' && o.college === 'local')).toBe(true);

    const page = await p.request('GET', '/api/organizations?limit=2&offset=1', { token: member });
    expect(page.body.items).toEqual(all.body.items.slice(1, 3));
    expect(page.body.total).toBe(all.body.total);
  });

  it('rejects invalid input with 400 and changes nothing', async () => {
    const before = await auditCount();
    const bad: unknown[] = [
      { name: 'Ok', kind: 'state', college: 'civil' }, // unknown (derived) field
      { name: 'Ok', kind: 'ministry' }, // bad enum
      { name: 'Ok' }, // missing kind
      { kind: 'state' }, // missing name
      { name: 'x', kind: 'state' }, // too short
      { name: '  x  ', kind: 'state' }, // too short once trimmed
      { name: 12, kind: 'state' },
      { name: 'a'.repeat(201), kind: 'state' },
      { name: 'Nul\u0000', kind: 'state' }, // PostgreSQL text cannot hold NUL
      [],
      'texte',
    ];
    for (const body of bad) {
      const res = await p.request('POST', '/api/organizations', { token: admin, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const org = (await p.request('GET', '/api/organizations?limit=1', { token: admin })).body.items[0];
    for (const body of [{ kind: 'nope' }, { name: null }, { kind: null }, { college: 'state' }, { id: org.id }, { name: 'Nul\u0000' }]) {
      const res = await p.request('PATCH', `/api/organizations/${org.id}`, { token: admin, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await p.request('GET', `/api/organizations/${org.id}`, { token: admin })).body).toEqual(org);
    for (const q of ['kind=ministry', 'limit=0', 'limit=201', 'offset=-1', 'limit=abc', 'unknown=1']) {
      expect((await p.request('GET', `/api/organizations?${q}`, { token: member })).status).toBe(400);
    }
    expect((await p.request('GET', '/api/organizations/not-a-uuid', { token: member })).status).toBe(400);
    expect((await p.request('PATCH', '/api/organizations/123', { token: admin, body: { name: 'Nouveau' } })).status).toBe(400);
    expect((await p.request('POST', '/api/organizations', { token: admin, raw: '{"name": "x",' })).status).toBe(400);
    // deeply nested input is a 400 too, not a stack overflow
    const deep = '{"name":' + '['.repeat(50_000) + ']'.repeat(50_000) + ',"kind":"state"}';
    expect((await p.request('POST', '/api/organizations', { token: admin, raw: deep })).status).toBe(400);
    expect((await p.request('GET', '/api/organizations?kind=state%00', { token: member })).status).toBe(400);
    expect(await auditCount()).toBe(before);
  });

  it('answers 401 without a token and 403 to members who write', async () => {
    expect((await p.request('GET', '/api/organizations')).status).toBe(401);
    expect((await p.request('POST', '/api/organizations', { body: { name: 'Anonyme', kind: 'other' } })).status).toBe(401);
    const org = (await p.request('GET', '/api/organizations?limit=1', { token: member })).body.items[0];
    const created = await p.request('POST', '/api/organizations', { token: member, body: { name: 'Par un membre', kind: 'other' } });
    expect(created.status).toBe(403);
    expect(created.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await p.request('PATCH', `/api/organizations/${org.id}`, { token: member, body: { name: 'Piraté' } })).status).toBe(403);
    expect((await p.request('GET', `/api/organizations/${org.id}`, { token: member })).body.name).toBe(org.name);
  });

  it('answers 404 for an unknown organisation', async () => {
    const unknown = '3f1c9a52-7d4e-4b8a-9c3d-2e5f6a7b8c9d';
    expect((await p.request('GET', `/api/organizations/${unknown}`, { token: member })).status).toBe(404);
    const res = await p.request('PATCH', `/api/organizations/${unknown}`, { token: admin, body: { name: 'Fantôme' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Organisation introuvable' });
  });

  it('answers 413 for a body over the limit, on PATCH too', async () => {
    const org = (await p.request('GET', '/api/organizations?limit=1', { token: admin })).body.items[0];
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) });
    expect((await p.request('PATCH', `/api/organizations/${org.id}`, { token: admin, raw: big })).status).toBe(413);
    expect((await p.request('POST', '/api/organizations', { token: admin, raw: big })).status).toBe(413);
  });
});
