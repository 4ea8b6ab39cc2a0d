import { Client } from 'pg';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';

describe('audit log: append-only hash chain', () => {
  let p: TestPlatform;
  let admin: string;
  let sql: Client;
  beforeAll(async () => {
    p = await startTestPlatform();
    admin = await p.login(DEMO.admin);
    sql = new Client({ connectionString: p.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await p?.close();
  });

  const verify = async () => {
    const res = await p.request('GET', '/api/audit/verify', { token: admin });
    expect(res.status).toBe(200);
    return res.body as { ok: boolean; count: number; headHash: string; brokenAt?: string };
  };

  it('is for admins only', async () => {
    const member = await p.login(DEMO.facilitator);
    expect((await p.request('GET', '/api/audit')).status).toBe(401);
    expect((await p.request('GET', '/api/audit/verify')).status).toBe(401);
    expect((await p.request('GET', '/api/audit', { token: member })).status).toBe(403);
    expect((await p.request('GET', '/api/audit/verify', { token: member })).status).toBe(403);
  });

  it('records every change, newest first, each event linked to the previous one', async () => {
    const before = await verify();
    expect(before).toMatchObject({ ok: true });
    expect(before.count).toBeGreaterThanOrEqual(1); // the demo programme
    const org = await p.request('POST', '/api/organizations', { token: admin, body: { name: 'Préfecture de région', kind: 'state' } });
    await p.request('PATCH', `/api/organizations/${org.body.id}`, { token: admin, body: { kind: 'other' } });
    const user = await p.request('POST', '/api/users', { token: admin, body: { email: 'audit@exemple.fr', displayName: 'Audité', password: 'Mot-de-passe-1', organizationId: org.body.id } });

    const after = await verify();
    expect(after.ok).toBe(true);
    expect(after.count).toBe(before.count + 3);
    const list = await p.request('GET', '/api/audit?limit=3', { token: admin });
    expect(list.body.total).toBe(after.count);
    const [u, patched, created] = list.body.items;
    expect(created).toMatchObject({ action: 'organization.created', entityType: 'organization', entityId: org.body.id, data: { name: 'Préfecture de région', kind: 'state' } });
    expect(patched).toMatchObject({ action: 'organization.updated', entityId: org.body.id, data: { kind: 'other' } });
    expect(u).toMatchObject({ action: 'user.created', entityType: 'user', entityId: user.body.id });
    const me = (await p.request('GET', '/api/me', { token: admin })).body;
    expect(list.body.items.every((e: any) => e.actorId === me.id)).toBe(true);
    expect(u.seq).toBe(patched.seq + 1);
    expect(patched.seq).toBe(created.seq + 1);
    expect(u.prevHash).toBe(patched.hash);
    expect(patched.prevHash).toBe(created.hash);
    expect(after.headHash).toBe(u.hash);
    expect(u.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(u.at).toISOString()).toBe(u.at);

    const page = await p.request('GET', '/api/audit?limit=2&offset=1', { token: admin });
    expect(page.body.items.map((e: any) => e.seq)).toEqual([patched.seq, created.seq]);
    expect((await p.request('GET', '/api/audit?limit=1000', { token: admin })).status).toBe(400);
  });

  it('stays a valid chain under concurrent writes', async () => {
    const before = await verify();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => p.request('POST', '/api/organizations', { token: admin, body: { name: `Commune ${i}`, kind: 'local_authority' } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const after = await verify();
    expect(after).toMatchObject({ ok: true, count: before.count + 12 });
  });

  it('reports a row changed directly in the database, and where', async () => {
    const head = await verify();
    const { rows } = await sql.query('SELECT seq, data FROM audit_event ORDER BY seq LIMIT 1 OFFSET 1');
    const target = String(rows[0].seq);
    await sql.query(`UPDATE audit_event SET data = data || '{"kind":"falsifié"}'::jsonb WHERE seq = $1`, [target]);
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, brokenAt: target });
    expect(broken.count).toBe(Number(target) - 1); // the events before it still check out

    // recomputing the hash of the changed row does not help: the next row points to the old one
    await sql.query('UPDATE audit_event SET hash = $2 WHERE seq = $1', [target, 'f'.repeat(64)]);
    expect((await verify()).ok).toBe(false);

    // putting it back restores the chain
    const original = await p.request('GET', `/api/audit?limit=1&offset=${head.count - Number(target)}`, { token: admin });
    expect(String(original.body.items[0].seq)).toBe(target);
    await sql.query('UPDATE audit_event SET data = $2, hash = (SELECT prev_hash FROM audit_event WHERE seq = $1::bigint + 1) WHERE seq = $1', [target, JSON.stringify(rows[0].data)]);
    expect(await verify()).toEqual({ ok: true, count: head.count, headHash: head.headHash });
  });

  it('reports a deleted row', async () => {
    const head = await verify();
    await sql.query('DELETE FROM audit_event WHERE seq = (SELECT seq FROM audit_event ORDER BY seq LIMIT 1 OFFSET 3)');
    const res = await verify();
    expect(res.ok).toBe(false);
    expect(res.count).toBe(3);
    expect(res.count).toBeLessThan(head.count);
  });
});
