import { DataSource } from 'typeorm';
import { canonicalJson, sha256Hex } from '@app/domain';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { appendParagraph, demoGroup, freeze, newMember, otherGroup, recommendationsOf } from './helpers';

describe('formal positions of associations', () => {
  let p: TestPlatform;
  let ds: DataSource;
  const t: Record<string, string> = {};
  let group: string;
  let recs: string[];
  let v1: { id: string; number: number; contentHash: string };
  let orgs: Record<string, string>;

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.app.get(DataSource);
    for (const [k, email] of Object.entries(DEMO)) t[k] = await p.login(email);
    group = await demoGroup(p, t.facilitator);
    recs = await recommendationsOf(p, t.facilitator, group);
    v1 = await freeze(p, t.facilitator, recs[0]);
    const rows: { name: string; id: string; kind: string }[] = await ds.query('SELECT id, name, kind FROM organization');
    orgs = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  });
  afterAll(() => p?.close());

  const submit = (token: string, recId: string, body: unknown) => p.request('POST', `/api/recommendations/${recId}/positions`, { token, body });
  const orgId = async (token: string) => (await p.request('GET', '/api/me', { token })).body.organizationId as string;

  let first: any;

  it('a representative of an association submits a position on the latest version: 201 with its hash', async () => {
    const res = await submit(t.amf, recs[0], { versionId: v1.id, stance: 'favorable_with_reservations', motivation: '  Sous réserve d’un financement pérenne.  ' });
    expect(res.status).toBe(201);
    first = res.body;
    expect(first).toMatchObject({
      recommendationId: recs[0],
      versionId: v1.id,
      organizationId: await orgId(t.amf),
      stance: 'favorable_with_reservations',
      motivation: 'Sous réserve d’un financement pérenne.',
      supersedesId: null,
      current: true,
    });
    expect(new Date(first.submittedAt).toISOString()).toBe(first.submittedAt);
    const expected = sha256Hex(
      canonicalJson({
        recommendationId: recs[0],
        versionId: v1.id,
        organizationId: first.organizationId,
        stance: first.stance,
        motivation: first.motivation,
        submittedAt: first.submittedAt,
        supersedesId: null,
        versionContentHash: v1.contentHash,
      }),
    );
    expect(first.hash).toBe(expected);
  });

  it('enters the audit chain with its hash', async () => {
    const audit = await p.request('GET', '/api/audit?limit=50', { token: t.admin });
    const ev = audit.body.items.find((e: any) => e.action === 'position.submitted' && e.entityId === first.id);
    expect(ev.data).toMatchObject({ hash: first.hash, recommendationId: recs[0], stance: 'favorable_with_reservations' });
    expect((await p.request('GET', '/api/audit/verify', { token: t.admin })).body.ok).toBe(true);
  });

  it('only representatives of association organisations submit (403 otherwise)', async () => {
    const body = { versionId: v1.id, stance: 'favorable' };
    expect((await submit(t.region, recs[0], body)).status).toBe(403); // local authority, not a representative
    expect((await submit(t.facilitator, recs[0], body)).status).toBe(403);
    const stateRep = await newMember(p, t.admin, group, { email: 'rep.etat@exemple.fr', organizationId: orgs["Ministère de l'Intérieur"], isRepresentative: true });
    expect((await submit(stateRep.token, recs[0], body)).status).toBe(403); // representative, but of a ministry
    const amfMember = await newMember(p, t.admin, group, { email: 'membre.amf@exemple.fr', organizationId: await orgId(t.amf) });
    expect((await submit(amfMember.token, recs[0], body)).status).toBe(403); // association member, not its representative
    expect((await submit(t.amf, recs[0], body)).status).not.toBe(403);
  });

  it('refuses bad input with 400, an unknown recommendation with 404, and stores nothing', async () => {
    const before = Number((await ds.query('SELECT count(*) AS n FROM position'))[0].n);
    const bad: unknown[] = [
      { versionId: v1.id, stance: 'unfavorable' },
      { versionId: v1.id, stance: 'abstention', motivation: '   ' },
      { versionId: v1.id, stance: 'favorable_with_reservations', motivation: null },
      { versionId: v1.id, stance: 'enthusiastic', motivation: 'x' },
      { versionId: 'abc', stance: 'favorable' },
      { stance: 'favorable' },
      { versionId: v1.id, stance: 'favorable', signature: 'x' },
      { versionId: v1.id, stance: 'unfavorable', motivation: 'x'.repeat(10_001) },
    ];
    for (const body of bad) expect({ body, status: (await submit(t.regions, recs[0], body)).status }).toEqual({ body, status: 400 });
    // a version of another recommendation
    const otherVersion = await freeze(p, t.facilitator, recs[1]);
    expect((await submit(t.regions, recs[0], { versionId: otherVersion.id, stance: 'favorable' })).status).toBe(400);
    expect((await submit(t.regions, '00000000-0000-4000-8000-000000000000', { versionId: v1.id, stance: 'favorable' })).status).toBe(404);
    expect(Number((await ds.query('SELECT count(*) AS n FROM position'))[0].n)).toBe(before);
  });

  it('a new submission supersedes the organisation’s current one', async () => {
    const res = await submit(t.amf, recs[0], { versionId: v1.id, stance: 'unfavorable', motivation: 'Le financement n’est pas assuré.' });
    expect(res.status).toBe(201);
    const current = await p.request('GET', `/api/recommendations/${recs[0]}/positions`, { token: t.observer });
    expect(current.status).toBe(200);
    const amfOrg = await orgId(t.amf);
    const amfCurrent = current.body.items.filter((x: any) => x.organizationId === amfOrg);
    expect(amfCurrent).toHaveLength(1);
    expect(amfCurrent[0]).toMatchObject({ id: res.body.id, stance: 'unfavorable', current: true });
    const history = await p.request('GET', `/api/recommendations/${recs[0]}/positions/history`, { token: t.observer });
    const amfHistory = history.body.items.filter((x: any) => x.organizationId === amfOrg);
    expect(amfHistory.length).toBeGreaterThanOrEqual(3);
    // a linear chain: each submission supersedes the previous one, only the last is current
    for (let i = 1; i < amfHistory.length; i++) expect(amfHistory[i].supersedesId).toBe(amfHistory[i - 1].id);
    expect(amfHistory.map((x: any) => x.current)).toEqual([...amfHistory.slice(1).map(() => false), true]);
    expect(amfHistory[0]).toMatchObject({ id: first.id, hash: first.hash });
  });

  it('serialises concurrent submissions of one organisation into one chain with one current position', async () => {
    await p.request('GET', '/api/me', { token: t.regions });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submit(t.regions, recs[0], { versionId: v1.id, stance: 'abstention', motivation: `Motivation n° ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const rows: { id: string; supersedes_id: string | null; current: boolean }[] = await ds.query(
      `SELECT id, supersedes_id, current FROM position WHERE recommendation_id = $1 AND organization_id = $2`,
      [recs[0], await orgId(t.regions)],
    );
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.current)).toHaveLength(1);
    expect(rows.filter((r) => r.supersedes_id === null)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.supersedes_id)).size).toBe(10); // no two superseding the same one
  });

  it('refuses a position on a version that is no longer the latest (409 stale version)', async () => {
    await appendParagraph(p, recs[0], 'Une précision apportée après la version 1.');
    const v2 = await freeze(p, t.facilitator, recs[0]);
    const stale = await submit(t.amf, recs[0], { versionId: v1.id, stance: 'favorable' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const ok = await submit(t.amf, recs[0], { versionId: v2.id, stance: 'favorable' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ versionId: v2.id, motivation: null });
  });

  it('refuses positions after the deadline (409); no deadline means open', async () => {
    const recId = recs[1];
    await appendParagraph(p, recId, 'Une précision sur les délais.');
    const v = await freeze(p, t.facilitator, recId);
    const patch = (positionsDeadline: string | null) => p.request('PATCH', `/api/recommendations/${recId}`, { token: t.facilitator, body: { positionsDeadline } });
    expect((await patch(null)).status).toBe(200);
    expect((await submit(t.amf, recId, { versionId: v.id, stance: 'favorable' })).status).toBe(201);
    expect((await patch(new Date(Date.now() + 3600_000).toISOString())).status).toBe(200);
    expect((await submit(t.amf, recId, { versionId: v.id, stance: 'favorable' })).status).toBe(201);
    // a deadline in the past is refused (API.md v2) and changes nothing
    const past = await patch(new Date(Date.now() - 60_000).toISOString());
    expect(past.status).toBe(400);
    expect(String(past.body.message)).toContain('positionsDeadline');
    expect((await p.request('GET', `/api/recommendations/${recId}`, { token: t.facilitator })).body.positionsDeadline).not.toBeNull();
    expect((await submit(t.amf, recId, { versionId: v.id, stance: 'favorable' })).status).toBe(201);
    // the deadline passes (the clock moves on: set in the database, not through the API)
    await p.app.get(DataSource).query(`UPDATE recommendation SET positions_deadline = now() - interval '1 second' WHERE id = $1`, [recId]);
    const late = await submit(t.amf, recId, { versionId: v.id, stance: 'favorable' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('deadline_passed');
  });

  it('members, admins and association representatives read; others get 403', async () => {
    const path = `/api/recommendations/${recs[0]}/positions`;
    expect((await p.request('GET', path, { token: t.observer })).status).toBe(200);
    expect((await p.request('GET', path, { token: t.admin })).status).toBe(200);
    expect((await p.request('GET', `${path}/history`, { token: t.expert })).status).toBe(200);
    const outsider = await newMember(p, t.admin, await otherGroup(p), { email: 'hors.groupe@exemple.fr', organizationId: null });
    expect((await p.request('GET', path, { token: outsider.token })).status).toBe(403);
    expect((await p.request('GET', `${path}/history`, { token: outsider.token })).status).toBe(403);
    expect((await p.request('GET', path)).status).toBe(401);
    expect((await p.request('GET', '/api/recommendations/00000000-0000-4000-8000-000000000000/positions', { token: t.admin })).status).toBe(404);
  });

  it('a representative of an association outside the group may still submit and read (programme-wide positions)', async () => {
    const rep = await newMember(p, t.admin, await otherGroup(p), { email: 'rep.rdf@exemple.fr', organizationId: await orgId(t.regions), isRepresentative: true });
    const latest = (await p.request('GET', `/api/recommendations/${recs[0]}/versions`, { token: t.facilitator })).body.items.at(-1);
    const res = await submit(rep.token, recs[0], { versionId: latest.id, stance: 'favorable' });
    expect(res.status).toBe(201);
    expect(res.body.organizationId).toBe(await orgId(t.regions));
    expect((await p.request('GET', `/api/recommendations/${recs[0]}/positions`, { token: rep.token })).status).toBe(200);
    expect((await p.request('GET', `/api/recommendations/${recs[0]}/positions/history`, { token: rep.token })).status).toBe(200);
    // a representative of another kind of organisation (the State) outside the group reads nothing
    const stateRep = await newMember(p, t.admin, await otherGroup(p), { email: 'representant.etat.dehors@exemple.fr', organizationId: await orgId(t.state), isRepresentative: true });
    expect((await p.request('GET', `/api/recommendations/${recs[0]}/positions`, { token: stateRep.token })).status).toBe(403);
  });
});
