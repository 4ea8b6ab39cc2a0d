import { DataSource } from 'typeorm';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { closeVote, createSession, createVote, demoGroup, freeze, newMember, openVote, otherGroup, recommendationsOf } from './helpers';

describe('session minutes (Markdown and PDF)', () => {
  let p: TestPlatform;
  const t: Record<string, string> = {};
  let session: string;
  let version: { id: string; number: number; contentHash: string };
  let position: any;
  let recTitles: string[];

  beforeAll(async () => {
    p = await startTestPlatform();
    for (const [k, email] of Object.entries(DEMO)) t[k] = await p.login(email);
    const group = await demoGroup(p, t.facilitator);
    const recs = await recommendationsOf(p, t.facilitator, group);
    const rows: { id: string; title: string }[] = await p.app.get(DataSource).query('SELECT id, title FROM recommendation WHERE id = ANY($1::uuid[])', [recs]);
    recTitles = recs.map((id) => rows.find((r) => r.id === id)!.title);
    session = await createSession(p, t.facilitator, group, [
      { recommendationId: recs[0], minutes: 45 },
      { recommendationId: recs[1], minutes: 30 },
    ]);
    version = await freeze(p, t.facilitator, recs[0]);
    const approval = await createVote(p, t.facilitator, { workingGroupId: group, sessionId: session, title: 'Adoption de la recommandation 1', method: 'approval', options: [{ versionId: version.id }], secret: true });
    await openVote(p, t.facilitator, approval.id);
    for (const [who, choice] of [['state', 'for'], ['region', 'for'], ['agglo', 'against'], ['amf', 'for']]) {
      await p.request('POST', `/api/votes/${approval.id}/ballots`, { token: t[who], body: { choice } });
    }
    await closeVote(p, t.facilitator, approval.id);
    const mj = await createVote(p, t.facilitator, { workingGroupId: group, sessionId: session, title: 'Priorisation', method: 'majority_judgment', options: [{ label: 'Mesure A' }, { label: 'Mesure B' }] });
    await openVote(p, t.facilitator, mj.id);
    const res = await p.request('POST', `/api/recommendations/${recs[0]}/positions`, {
      token: t.amf,
      body: { versionId: version.id, stance: 'favorable_with_reservations', motivation: 'Sous réserve | d’un *financement* pérenne.' },
    });
    expect(res.status).toBe(201);
    position = res.body;
  });
  afterAll(() => p?.close());

  it('gives the Markdown minutes by default: session, agenda, versions, votes with results, positions', async () => {
    const res = await fetch(`${p.url}/api/sessions/${session}/minutes`, { headers: { authorization: `Bearer ${t.observer}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = await res.text();
    expect(md).toMatch(/^# Compte rendu — Atelier ouvert n° 1/);
    for (const title of recTitles) expect(md).toContain(title);
    expect(md).toContain('## Ordre du jour');
    expect(md).toContain('45 min');
    expect(md).toContain(`version ${version.number}`);
    expect(md).toContain(version.contentHash);
    expect(md).toContain('### Adoption de la recommandation 1');
    expect(md).toContain('| 7 | 4 | 3 | 1 | 0 |'); // inscrits, votants, pour, contre, abstention
    expect(md).toContain('**Résultat : adoptée**');
    expect(md).toContain('### Priorisation');
    expect(md).toContain('Vote non clos : résultats non publiés.');
    expect(md).toContain('Favorable avec réserves');
    expect(md).toContain('Sous réserve \\| d’un \\*financement\\* pérenne.'); // user text escaped
    expect(md).toContain(position.hash);
    expect(md).toContain('- **Phase :** programmée');
  });

  it('gives a PDF with format=pdf', async () => {
    const res = await fetch(`${p.url}/api/sessions/${session}/minutes?format=pdf`, { headers: { authorization: `Bearer ${t.facilitator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(1000);
    expect(body.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('400 for an unknown format, 404 for an unknown session, 403 outside the group, 401 without token', async () => {
    expect((await p.request('GET', `/api/sessions/${session}/minutes?format=docx`, { token: t.state })).status).toBe(400);
    expect((await p.request('GET', '/api/sessions/00000000-0000-4000-8000-000000000000/minutes', { token: t.state })).status).toBe(404);
    const outsider = await newMember(p, t.admin, await otherGroup(p), { email: 'dehors@exemple.fr', organizationId: null });
    expect((await p.request('GET', `/api/sessions/${session}/minutes`, { token: outsider.token })).status).toBe(403);
    expect((await p.request('GET', `/api/sessions/${session}/minutes`)).status).toBe(401);
  });
});
