import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { auditCount, db, demoGroupId, newUser, recordEvents, userId } from './helpers';

/**
 * The programme API end to end: axes, working groups, members, recommendations, sessions,
 * milestones, roadmap; happy paths, 400/401/403/404/409, audit events and bus events.
 * (Who may call which route is covered route by route in authz-matrix.e2e-spec.ts.)
 */
describe('programme API', () => {
  let p: TestPlatform;
  let admin: string;
  let facilitator: string;
  let participant: string;
  let observer: string;
  let group1: string;
  let group2: string;
  const unknownId = '7d3a3a8e-1b0c-4a57-9f43-0c7c1d1f0000';

  beforeAll(async () => {
    p = await startTestPlatform();
    [admin, facilitator, participant, observer] = await Promise.all([p.login(DEMO.admin), p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.observer)]);
    group1 = await demoGroupId(p, 'AXE-1');
    group2 = await demoGroupId(p, 'AXE-2');
  });
  afterAll(() => p?.close());

  describe('axes', () => {
    it('lists the demo axes by position, to every signed-in user', async () => {
      const res = await p.request('GET', '/api/axes', { token: observer });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(4);
      expect(res.body.items.map((a: any) => a.code)).toEqual(['AXE-1', 'AXE-2', 'AXE-3', 'AXE-4']);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(['code', 'description', 'id', 'position', 'title']);
      expect((await p.request('GET', '/api/axes')).status).toBe(401);
    });

    it('lets an admin create and update an axis, with its audit events', async () => {
      const created = await p.request('POST', '/api/axes', { token: admin, body: { code: 'AXE-9', title: '  Sobriété numérique  ', position: 9 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'AXE-9', title: 'Sobriété numérique', description: '', position: 9 });
      const id = created.body.id;
      const patched = await p.request('PATCH', `/api/axes/${id}`, { token: admin, body: { description: 'Réduire l’empreinte', position: 0 } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ code: 'AXE-9', description: 'Réduire l’empreinte', position: 0 });
      expect((await p.request('GET', `/api/axes/${id}`, { token: participant })).body.position).toBe(0);
      expect(await auditCount(p, 'axis.created', id)).toBe(1);
      expect(await auditCount(p, 'axis.updated', id)).toBe(1);
      // position 0 puts it first
      expect((await p.request('GET', '/api/axes?limit=1', { token: participant })).body.items[0].id).toBe(id);
    });

    it('refuses bad axis input with 400, a duplicate code with 409, unknown ids with 404', async () => {
      expect((await p.request('POST', '/api/axes', { token: admin, body: { code: 'bad code!', title: 'x' } })).status).toBe(400);
      expect((await p.request('POST', '/api/axes', { token: admin, body: { code: 'AXE-X', title: '   ' } })).status).toBe(400);
      expect((await p.request('POST', '/api/axes', { token: admin, body: { code: 'AXE-X', title: 'x', color: 'red' } })).status).toBe(400);
      expect((await p.request('POST', '/api/axes', { token: admin, body: { code: 'AXE-X', title: 'x', position: -1 } })).status).toBe(400);
      const dup = await p.request('POST', '/api/axes', { token: admin, body: { code: 'AXE-1', title: 'Doublon' } });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ statusCode: 409, code: 'already_exists' });
      const axis1 = (await p.request('GET', '/api/axes', { token: admin })).body.items.find((a: any) => a.code === 'AXE-2');
      expect((await p.request('PATCH', `/api/axes/${axis1.id}`, { token: admin, body: { code: 'AXE-1' } })).status).toBe(409);
      expect((await p.request('PATCH', `/api/axes/${axis1.id}`, { token: admin, body: { title: null } })).status).toBe(400);
      expect((await p.request('GET', `/api/axes/${unknownId}`, { token: admin })).status).toBe(404);
      expect((await p.request('GET', '/api/axes/not-a-uuid', { token: admin })).status).toBe(400);
      expect((await p.request('PATCH', `/api/axes/${unknownId}`, { token: admin, body: { title: 'x' } })).status).toBe(404);
      expect((await p.request('POST', '/api/axes', { token: facilitator, body: { code: 'AXE-Y', title: 'x' } })).status).toBe(403);
    });
  });

  describe('working groups', () => {
    it('creates, filters by axis and archives a group', async () => {
      const axes = (await p.request('GET', '/api/axes', { token: admin })).body.items;
      const axis3 = axes.find((a: any) => a.code === 'AXE-3');
      const created = await p.request('POST', '/api/working-groups', { token: admin, body: { axisId: axis3.id, title: 'Atelier « Référentiels »', mandate: 'Lister les données de référence' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ axisId: axis3.id, title: 'Atelier « Référentiels »', status: 'active' });
      expect(Object.keys(created.body).sort()).toEqual(['axisId', 'id', 'mandate', 'status', 'title']);
      const filtered = await p.request('GET', `/api/working-groups?axisId=${axis3.id}`, { token: participant });
      expect(filtered.status).toBe(200);
      expect(filtered.body.total).toBe(2);
      expect(filtered.body.items.every((g: any) => g.axisId === axis3.id)).toBe(true);
      const archived = await p.request('PATCH', `/api/working-groups/${created.body.id}`, { token: admin, body: { status: 'archived' } });
      expect(archived.status).toBe(200);
      expect(archived.body.status).toBe('archived');
      expect(await auditCount(p, 'working_group.archived', created.body.id)).toBe(1);
      expect((await p.request('GET', `/api/working-groups?axisId=${axis3.id}&status=archived`, { token: participant })).body.total).toBe(1);
      // an archived group takes no new recommendation or session, even from an admin
      expect((await p.request('POST', `/api/working-groups/${created.body.id}/recommendations`, { token: admin, body: { title: 'x', horizon: 'quick_win' } })).status).toBe(409);
      const session = { title: 'x', startsAt: '2030-01-01T09:00:00Z', endsAt: '2030-01-01T12:00:00Z' };
      expect((await p.request('POST', `/api/working-groups/${created.body.id}/sessions`, { token: admin, body: session })).status).toBe(409);
    });

    it('refuses bad group input', async () => {
      expect((await p.request('POST', '/api/working-groups', { token: admin, body: { axisId: unknownId, title: 'x' } })).status).toBe(400);
      expect((await p.request('POST', '/api/working-groups', { token: admin, body: { axisId: 'nope', title: 'x' } })).status).toBe(400);
      expect((await p.request('PATCH', `/api/working-groups/${group1}`, { token: admin, body: { status: 'closed' } })).status).toBe(400);
      expect((await p.request('GET', '/api/working-groups?axisId=abc', { token: admin })).status).toBe(400);
      expect((await p.request('GET', `/api/working-groups/${unknownId}`, { token: admin })).status).toBe(404);
      expect((await p.request('PATCH', `/api/working-groups/${group1}`, { token: facilitator, body: { title: 'x' } })).status).toBe(403);
    });
  });

  describe('members', () => {
    it('lists the members to every member of the group; e-mail addresses only to admins and facilitators (API.md v2)', async () => {
      const res = await p.request('GET', `/api/working-groups/${group1}/members`, { token: facilitator });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(8);
      expect(res.body.items[0]).toEqual({ userId: expect.any(String), role: expect.any(String), displayName: expect.any(String), organizationId: expect.any(String), email: expect.stringContaining('@') });
      const observers = await p.request('GET', `/api/working-groups/${group1}/members?role=observer`, { token: admin });
      expect(observers.body.items).toEqual([expect.objectContaining({ userId: await userId(p, DEMO.observer), role: 'observer', email: DEMO.observer })]);
      // a participant and an observer read names, organisations and roles, never e-mail addresses
      for (const token of [participant, observer]) {
        const seen = await p.request('GET', `/api/working-groups/${group1}/members`, { token });
        expect(seen.status).toBe(200);
        expect(seen.body.total).toBe(8);
        for (const m of seen.body.items) expect(Object.keys(m).sort()).toEqual(['displayName', 'organizationId', 'role', 'userId']);
        expect(JSON.stringify(seen.body)).not.toContain('@');
      }
      // not a member of the group: 403
      const outsider = await newUser(p, admin, 'hors-groupe-membres');
      expect((await p.request('GET', `/api/working-groups/${group1}/members`, { token: outsider.token })).status).toBe(403);
      expect((await p.request('GET', `/api/working-groups/${unknownId}/members`, { token: admin })).status).toBe(404);
    });

    it('adds (201), changes the role of (200) and removes (204) a member, with audit and bus events', async () => {
      const u = await newUser(p, admin, 'member');
      const rec = recordEvents(p, ['membership.changed']);
      try {
        const added = await p.request('POST', `/api/working-groups/${group1}/members`, { token: facilitator, body: { userId: u.id, role: 'participant' } });
        expect(added.status).toBe(201);
        expect(added.body).toMatchObject({ userId: u.id, role: 'participant', displayName: 'Test member' });
        // the new member reads the group's recommendations at once
        expect((await p.request('GET', `/api/working-groups/${group1}/recommendations`, { token: u.token })).status).toBe(200);
        const changed = await p.request('POST', `/api/working-groups/${group1}/members`, { token: facilitator, body: { userId: u.id, role: 'observer' } });
        expect(changed.status).toBe(200);
        expect(changed.body.role).toBe('observer');
        const same = await p.request('POST', `/api/working-groups/${group1}/members`, { token: facilitator, body: { userId: u.id, role: 'observer' } });
        expect(same.status).toBe(200);
        expect((await p.request('DELETE', `/api/working-groups/${group1}/members/${u.id}`, { token: facilitator })).status).toBe(204);
        expect((await p.request('DELETE', `/api/working-groups/${group1}/members/${u.id}`, { token: facilitator })).status).toBe(404);
        expect((await p.request('GET', `/api/working-groups/${group1}/recommendations`, { token: u.token })).status).toBe(403);
        expect(rec.events.map((e) => e.payload)).toEqual([
          { workingGroupId: group1, userId: u.id, role: 'participant' },
          { workingGroupId: group1, userId: u.id, role: 'observer' },
          { workingGroupId: group1, userId: u.id, role: null },
        ]);
        expect(await auditCount(p, 'member.added', group1)).toBeGreaterThanOrEqual(1);
        const [row] = await db(p).query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND data->>'userId' = $2`, [group1, u.id]);
        expect(row.n).toBe(3); // added, role changed, removed (the no-op is not an event)
      } finally {
        rec.stop();
      }
    });

    it('refuses bad member input and keeps one facilitator unless an admin decides', async () => {
      const body = (userId: string, role: string) => ({ token: facilitator, body: { userId, role } });
      expect((await p.request('POST', `/api/working-groups/${group1}/members`, body(unknownId, 'participant'))).status).toBe(400);
      const facilitatorId = await userId(p, DEMO.facilitator);
      expect((await p.request('POST', `/api/working-groups/${group1}/members`, body(facilitatorId, 'chair'))).status).toBe(400);
      expect((await p.request('POST', `/api/working-groups/${group1}/members`, { token: facilitator, body: { userId: facilitatorId } })).status).toBe(400);
      // the only facilitator cannot demote or remove themselves
      const demote = await p.request('POST', `/api/working-groups/${group1}/members`, body(facilitatorId, 'participant'));
      expect(demote.status).toBe(409);
      expect((await p.request('DELETE', `/api/working-groups/${group1}/members/${facilitatorId}`, { token: facilitator })).status).toBe(409);
      // with a second facilitator they can; an admin always can
      const second = await newUser(p, admin, 'cofac');
      expect((await p.request('POST', `/api/working-groups/${group2}/members`, { token: facilitator, body: { userId: second.id, role: 'facilitator' } })).status).toBe(201);
      expect((await p.request('POST', `/api/working-groups/${group2}/members`, { token: second.token, body: { userId: second.id, role: 'participant' } })).status).toBe(200);
      expect((await p.request('POST', `/api/working-groups/${group2}/members`, { token: facilitator, body: { userId: second.id, role: 'facilitator' } })).status).toBe(200);
      expect((await p.request('DELETE', `/api/working-groups/${group2}/members/${second.id}`, { token: admin })).status).toBe(204);
      expect((await p.request('DELETE', `/api/working-groups/${group1}/members/not-a-uuid`, { token: admin })).status).toBe(400);
    });
  });

  describe('recommendations', () => {
    it('lets participants create drafts and lists them with filters and pagination', async () => {
      const created = await p.request('POST', `/api/working-groups/${group1}/recommendations`, { token: participant, body: { title: 'Un annuaire partagé des services', horizon: 'quick_win' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ workingGroupId: group1, title: 'Un annuaire partagé des services', horizon: 'quick_win', status: 'draft', locked: false, positionsDeadline: null });
      expect(created.body.docName).toBe(`recommendation:${created.body.id}`);
      expect(await auditCount(p, 'recommendation.created', created.body.id)).toBe(1);
      const all = await p.request('GET', `/api/working-groups/${group1}/recommendations`, { token: observer });
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3); // two demo recommendations + this one
      expect(all.body.items[2].id).toBe(created.body.id); // by creation
      const quick = await p.request('GET', `/api/working-groups/${group1}/recommendations?horizon=quick_win&status=draft`, { token: observer });
      expect(quick.body).toEqual({ items: [expect.objectContaining({ id: created.body.id })], total: 1 });
      const page = await p.request('GET', `/api/working-groups/${group1}/recommendations?limit=1&offset=1`, { token: observer });
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBe(3);
      const past = await p.request('GET', `/api/working-groups/${group1}/recommendations?offset=10`, { token: observer });
      expect(past.body).toEqual({ items: [], total: 3 });
      expect((await p.request('GET', `/api/working-groups/${group1}/recommendations?limit=201`, { token: observer })).status).toBe(400);
      expect((await p.request('GET', `/api/working-groups/${group1}/recommendations?status=done`, { token: observer })).status).toBe(400);
      expect((await p.request('GET', `/api/recommendations/${created.body.id}`, { token: observer })).body).toEqual(created.body);
      expect((await p.request('GET', `/api/recommendations/${unknownId}`, { token: observer })).status).toBe(404);
    });

    it('refuses bad creations', async () => {
      const url = `/api/working-groups/${group1}/recommendations`;
      expect((await p.request('POST', url, { token: participant, body: { title: 'x' } })).status).toBe(400);
      expect((await p.request('POST', url, { token: participant, body: { title: 'x', horizon: 'someday' } })).status).toBe(400);
      expect((await p.request('POST', url, { token: participant, body: { title: 'x'.repeat(301), horizon: 'quick_win' } })).status).toBe(400);
      expect((await p.request('POST', url, { token: participant, body: { title: 'x', horizon: 'quick_win', status: 'adopted' } })).status).toBe(400);
      expect((await p.request('POST', url, { token: participant, body: { title: 'x', horizon: 'quick_win', positionsDeadline: '2030-01-01T00:00:00Z' } })).status).toBe(403);
      expect((await p.request('POST', url, { token: observer, body: { title: 'x', horizon: 'quick_win' } })).status).toBe(403);
      expect((await p.request('POST', `/api/working-groups/${unknownId}/recommendations`, { token: admin, body: { title: 'x', horizon: 'quick_win' } })).status).toBe(404);
      const withDeadline = await p.request('POST', url, { token: facilitator, body: { title: 'Avec échéance', horizon: 'structuring', positionsDeadline: '2030-01-01T00:00:00Z' } });
      expect(withDeadline.status).toBe(201);
      expect(withDeadline.body.positionsDeadline).toBe('2030-01-01T00:00:00.000Z');
    });

    it('runs the status workflow and the lock, with events, for facilitators only', async () => {
      const rec = (await p.request('POST', `/api/working-groups/${group1}/recommendations`, { token: participant, body: { title: 'Brouillon', horizon: 'structuring' } })).body;
      const url = `/api/recommendations/${rec.id}`;
      const events = recordEvents(p, ['recommendation.locked']);
      try {
        // a participant renames a draft, but nothing else
        expect((await p.request('PATCH', url, { token: participant, body: { title: 'Brouillon renommé' } })).body.title).toBe('Brouillon renommé');
        expect((await p.request('PATCH', url, { token: participant, body: { status: 'under_review' } })).status).toBe(403);
        expect((await p.request('PATCH', url, { token: participant, body: { locked: true } })).status).toBe(403);
        expect((await p.request('PATCH', url, { token: observer, body: { title: 'x' } })).status).toBe(403);
        // draft → adopted is not a transition
        const skip = await p.request('PATCH', url, { token: facilitator, body: { status: 'adopted' } });
        expect(skip.status).toBe(409);
        expect(skip.body.code).toBe('invalid_transition');
        expect((await p.request('PATCH', url, { token: facilitator, body: { status: 'draft' } })).status).toBe(409);
        const locked = await p.request('PATCH', url, { token: facilitator, body: { locked: true } });
        expect(locked.body.locked).toBe(true);
        expect((await p.request('PATCH', url, { token: participant, body: { title: 'verrouillé' } })).status).toBe(409);
        const review = await p.request('PATCH', url, { token: facilitator, body: { status: 'under_review', locked: false, horizon: 'quick_win', positionsDeadline: '2031-06-30T17:00:00+02:00' } });
        expect(review.status).toBe(200);
        expect(review.body).toMatchObject({ status: 'under_review', locked: false, horizon: 'quick_win', positionsDeadline: '2031-06-30T15:00:00.000Z' });
        // after review the participant no longer renames
        expect((await p.request('PATCH', url, { token: participant, body: { title: 'trop tard' } })).status).toBe(409);
        expect((await p.request('PATCH', url, { token: facilitator, body: { status: 'draft' } })).status).toBe(409);
        expect((await p.request('PATCH', url, { token: facilitator, body: { positionsDeadline: 'demain' } })).status).toBe(400);
        expect((await p.request('PATCH', url, { token: facilitator, body: { locked: 'yes' } })).status).toBe(400);
        expect((await p.request('PATCH', url, { token: facilitator, body: { positionsDeadline: null } })).body.positionsDeadline).toBeNull();
        expect((await p.request('PATCH', url, { token: facilitator, body: { status: 'adopted' } })).body.status).toBe('adopted');
        expect((await p.request('PATCH', url, { token: admin, body: { status: 'withdrawn' } })).status).toBe(409);
        expect(events.events.map((e) => e.payload)).toEqual([
          { recommendationId: rec.id, workingGroupId: group1, locked: true },
          { recommendationId: rec.id, workingGroupId: group1, locked: false },
        ]);
        const [{ n }] = await db(p).query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'recommendation.updated' AND entity_id = $1`, [rec.id]);
        expect(n).toBe(5); // rename, lock, review, deadline removed, adopted; nothing for refusals
      } finally {
        events.stop();
      }
    });
  });

  describe('sessions', () => {
    let recs: string[];
    beforeAll(async () => {
      recs = (await p.request('GET', `/api/working-groups/${group1}/recommendations?limit=2`, { token: facilitator })).body.items.map((r: any) => r.id);
    });
    const times = { startsAt: '2030-03-10T09:00:00Z', endsAt: '2030-03-10T12:00:00Z' };

    it('lets a facilitator prepare a session with an ordered agenda and move its phases forward', async () => {
      const created = await p.request('POST', `/api/working-groups/${group1}/sessions`, {
        token: facilitator,
        body: { title: 'Atelier ouvert n° 1', ...times, agenda: [{ recommendationId: recs[1], minutes: 45 }, { recommendationId: recs[0], minutes: 30 }] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        workingGroupId: group1,
        title: 'Atelier ouvert n° 1',
        startsAt: '2030-03-10T09:00:00.000Z',
        endsAt: '2030-03-10T12:00:00.000Z',
        phase: 'scheduled',
        agenda: [{ recommendationId: recs[1], minutes: 45 }, { recommendationId: recs[0], minutes: 30 }],
        timerEndsAt: null,
      });
      const url = `/api/sessions/${created.body.id}`;
      expect((await p.request('GET', url, { token: observer })).body).toEqual(created.body);
      const list = await p.request('GET', `/api/working-groups/${group1}/sessions`, { token: participant });
      expect(list.body.items.map((s: any) => s.id)).toContain(created.body.id);
      expect((await p.request('GET', `/api/working-groups/${group1}/sessions?phase=closed`, { token: participant })).body.total).toBe(0);

      const events = recordEvents(p, ['session.phase']);
      try {
        expect((await p.request('PATCH', url, { token: facilitator, body: { phase: 'open' } })).body.phase).toBe('open');
        expect((await p.request('PATCH', url, { token: facilitator, body: { phase: 'drafting' } })).body.phase).toBe('drafting');
        const back = await p.request('PATCH', url, { token: facilitator, body: { phase: 'open' } });
        expect(back.status).toBe(409);
        expect(back.body.code).toBe('invalid_transition');
        expect((await p.request('PATCH', url, { token: facilitator, body: { phase: 'drafting' } })).status).toBe(409);
        expect((await p.request('PATCH', url, { token: participant, body: { phase: 'voting' } })).status).toBe(403);
        const agenda = await p.request('PATCH', url, { token: facilitator, body: { agenda: [{ recommendationId: recs[0], minutes: 90 }], endsAt: '2030-03-10T13:00:00Z' } });
        expect(agenda.body).toMatchObject({ agenda: [{ recommendationId: recs[0], minutes: 90 }], endsAt: '2030-03-10T13:00:00.000Z', phase: 'drafting' });
        // skipping forward is allowed
        expect((await p.request('PATCH', url, { token: admin, body: { phase: 'closed' } })).body.phase).toBe('closed');
        expect((await p.request('PATCH', url, { token: facilitator, body: { title: 'après coup' } })).status).toBe(409);
        expect(events.events.map((e) => e.payload)).toEqual([
          { sessionId: created.body.id, workingGroupId: group1, phase: 'open' },
          { sessionId: created.body.id, workingGroupId: group1, phase: 'drafting' },
          { sessionId: created.body.id, workingGroupId: group1, phase: 'closed' },
        ]);
        expect(await auditCount(p, 'session.phase_changed', created.body.id)).toBe(3);
        expect(await auditCount(p, 'session.updated', created.body.id)).toBe(1);
      } finally {
        events.stop();
      }
    });

    it('refuses bad sessions with 400 and changes nothing', async () => {
      const url = `/api/working-groups/${group1}/sessions`;
      const before = (await p.request('GET', url, { token: facilitator })).body.total;
      const other = (await p.request('GET', `/api/working-groups/${group2}/recommendations`, { token: facilitator })).body.items[0].id;
      const bad: unknown[] = [
        { title: 'x', startsAt: times.endsAt, endsAt: times.startsAt },
        { title: 'x', startsAt: times.startsAt, endsAt: times.startsAt },
        { title: 'x', startsAt: 'lundi', endsAt: times.endsAt },
        { title: 'x', ...times, agenda: [{ recommendationId: recs[0], minutes: 0 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: recs[0], minutes: 481 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: recs[0], minutes: 1.5 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: other, minutes: 10 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: unknownId, minutes: 10 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: recs[0], minutes: 10 }, { recommendationId: recs[0], minutes: 10 }] },
        { title: 'x', ...times, agenda: [{ recommendationId: recs[0], minutes: 10, note: 'x' }] },
        { title: 'x', ...times, agenda: 'tout' },
        { title: 'x', ...times, agenda: [42] },
        { title: 'x', ...times, phase: 'open' },
        { ...times },
      ];
      for (const body of bad) {
        const res = await p.request('POST', url, { token: facilitator, body });
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      }
      expect((await p.request('GET', url, { token: facilitator })).body.total).toBe(before);
      const s = (await p.request('POST', url, { token: facilitator, body: { title: 'x', ...times } })).body;
      expect((await p.request('PATCH', `/api/sessions/${s.id}`, { token: facilitator, body: { endsAt: '2030-03-10T08:00:00Z' } })).status).toBe(400);
      expect((await p.request('PATCH', `/api/sessions/${s.id}`, { token: facilitator, body: { phase: 'ended' } })).status).toBe(400);
      expect((await p.request('PATCH', `/api/sessions/${s.id}`, { token: facilitator, body: { title: null } })).status).toBe(400);
      expect((await p.request('PATCH', `/api/sessions/${unknownId}`, { token: facilitator, body: { title: 'x' } })).status).toBe(404);
      expect((await p.request('GET', `/api/sessions/${s.id}`, { token: facilitator })).body).toMatchObject({ phase: 'scheduled', endsAt: '2030-03-10T12:00:00.000Z' });
    });
  });

  describe('milestones and roadmap', () => {
    let recId: string;
    let orgId: string;
    beforeAll(async () => {
      recId = (await p.request('POST', `/api/working-groups/${group1}/recommendations`, { token: facilitator, body: { title: 'Feuille de route', horizon: 'quick_win' } })).body.id;
      orgId = (await p.request('GET', '/api/organizations', { token: admin })).body.items[0].id;
    });

    it('creates milestones, computes late on read and updates progress', async () => {
      const url = `/api/recommendations/${recId}/milestones`;
      const future = await p.request('POST', url, { token: facilitator, body: { title: 'Pilote', dueDate: '2099-06-30', ownerOrganizationId: orgId, progress: 10 } });
      expect(future.status).toBe(201);
      expect(future.body).toEqual({ id: expect.any(String), recommendationId: recId, title: 'Pilote', dueDate: '2099-06-30', ownerOrganizationId: orgId, status: 'planned', progress: 10 });
      const past = await p.request('POST', url, { token: facilitator, body: { title: 'Cadrage', dueDate: '2020-01-15', status: 'in_progress' } });
      expect(past.body).toMatchObject({ status: 'late', ownerOrganizationId: null });
      const done = await p.request('POST', url, { token: admin, body: { title: 'Lancement', dueDate: '2020-01-01', status: 'done', progress: 100 } });
      expect(done.body.status).toBe('done');
      const list = await p.request('GET', url, { token: observer });
      expect(list.body.items.map((m: any) => [m.title, m.status])).toEqual([['Lancement', 'done'], ['Cadrage', 'late'], ['Pilote', 'planned']]);
      const patched = await p.request('PATCH', `/api/milestones/${past.body.id}`, { token: facilitator, body: { status: 'done', progress: 100 } });
      expect(patched.body).toMatchObject({ status: 'done', progress: 100 });
      const moved = await p.request('PATCH', `/api/milestones/${future.body.id}`, { token: facilitator, body: { dueDate: '2021-02-01' } });
      expect(moved.body.status).toBe('late');
      expect(await auditCount(p, 'milestone.created', future.body.id)).toBe(1);
      expect(await auditCount(p, 'milestone.updated', future.body.id)).toBe(1);
      expect((await p.request('PATCH', `/api/milestones/${future.body.id}`, { token: participant, body: { progress: 50 } })).status).toBe(403);
      expect((await p.request('DELETE', `/api/milestones/${done.body.id}`, { token: participant })).status).toBe(403);
      expect((await p.request('DELETE', `/api/milestones/${done.body.id}`, { token: facilitator })).status).toBe(204);
      expect((await p.request('DELETE', `/api/milestones/${done.body.id}`, { token: facilitator })).status).toBe(404);
    });

    it('accepts an ISO-8601 date-time as dueDate and keeps its UTC date (API.md v2)', async () => {
      const url = `/api/recommendations/${recId}/milestones`;
      const iso = new Date(Date.UTC(2099, 2, 31, 23, 30)).toISOString(); // what a browser sends
      const created = await p.request('POST', url, { token: facilitator, body: { title: 'Date-heure', dueDate: iso } });
      expect(created.status).toBe(201);
      expect(created.body.dueDate).toBe('2099-03-31');
      // 00:30 in Paris on 1 April is still 31 March in UTC: the UTC date is kept
      const offset = await p.request('PATCH', `/api/milestones/${created.body.id}`, { token: facilitator, body: { dueDate: '2099-04-01T00:30:00+02:00' } });
      expect(offset.status).toBe(200);
      expect(offset.body.dueDate).toBe('2099-03-31');
      const read = await p.request('GET', url, { token: observer });
      expect(read.body.items.find((m: any) => m.id === created.body.id).dueDate).toBe('2099-03-31');
      expect((await p.request('DELETE', `/api/milestones/${created.body.id}`, { token: facilitator })).status).toBe(204);
    });

    it('refuses bad milestones', async () => {
      const url = `/api/recommendations/${recId}/milestones`;
      const bad: unknown[] = [
        { title: 'x', dueDate: '2026-02-30' },
        { title: 'x', dueDate: '2026/01/01' },
        { title: 'x', dueDate: '2026-02-30T00:00:00Z' },
        { title: 'x', dueDate: '2026-01-01T25:00:00Z' },
        { title: 'x', dueDate: '2026-01-01T10:00:00 extra' },
        { title: 'x', dueDate: 1767225600000 },
        { title: 'x', dueDate: '2026-01-01', status: 'late' },
        { title: 'x', dueDate: '2026-01-01', progress: 101 },
        { title: 'x', dueDate: '2026-01-01', progress: -1 },
        { title: 'x', dueDate: '2026-01-01', ownerOrganizationId: unknownId },
        { title: '', dueDate: '2026-01-01' },
      ];
      for (const body of bad) expect([body, (await p.request('POST', url, { token: facilitator, body })).status]).toEqual([body, 400]);
      expect((await p.request('POST', url, { token: participant, body: { title: 'x', dueDate: '2026-01-01' } })).status).toBe(403);
      expect((await p.request('POST', `/api/recommendations/${unknownId}/milestones`, { token: admin, body: { title: 'x', dueDate: '2026-01-01' } })).status).toBe(404);
      expect((await p.request('PATCH', `/api/milestones/${unknownId}`, { token: admin, body: { progress: 1 } })).status).toBe(404);
      const withdrawn = (await p.request('POST', `/api/working-groups/${group1}/recommendations`, { token: facilitator, body: { title: 'Retirée', horizon: 'quick_win' } })).body.id;
      await p.request('PATCH', `/api/recommendations/${withdrawn}`, { token: facilitator, body: { status: 'withdrawn' } });
      expect((await p.request('POST', `/api/recommendations/${withdrawn}/milestones`, { token: facilitator, body: { title: 'x', dueDate: '2026-01-01' } })).status).toBe(409);
    });

    it('serves the roadmap to every user: by axis, quick wins first, with milestones and filters', async () => {
      const res = await p.request('GET', '/api/roadmap', { token: observer });
      expect(res.status).toBe(200);
      expect(res.body.axes.map((a: any) => a.code).slice(0, 5)).toEqual(['AXE-9', 'AXE-1', 'AXE-2', 'AXE-3', 'AXE-4']);
      const axis1 = res.body.axes.find((a: any) => a.code === 'AXE-1');
      const horizons = axis1.recommendations.map((r: any) => r.horizon);
      expect(horizons).toEqual([...horizons].sort((a: string, b: string) => (a === b ? 0 : a === 'quick_win' ? -1 : 1)));
      const withMilestones = axis1.recommendations.find((r: any) => r.id === recId);
      expect(withMilestones).toMatchObject({ docName: `recommendation:${recId}`, workingGroupTitle: expect.any(String) });
      expect(withMilestones.milestones.map((m: any) => [m.title, m.status])).toEqual([['Cadrage', 'done'], ['Pilote', 'late']]);
      expect(res.body.total).toBe(res.body.axes.reduce((n: number, a: any) => n + a.recommendations.length, 0));

      const adopted = await p.request('GET', '/api/roadmap?status=adopted', { token: participant });
      expect(adopted.body.total).toBe(1);
      const several = await p.request('GET', '/api/roadmap?status=adopted,withdrawn&horizon=quick_win', { token: participant });
      expect(several.body.axes.flatMap((a: any) => a.recommendations).every((r: any) => r.horizon === 'quick_win' && ['adopted', 'withdrawn'].includes(r.status))).toBe(true);
      const paged = await p.request('GET', '/api/roadmap?limit=1&offset=1', { token: participant });
      expect(paged.body.axes.flatMap((a: any) => a.recommendations)).toHaveLength(1);
      expect(paged.body.total).toBe(res.body.total);
      const axisOnly = await p.request('GET', `/api/roadmap?axisId=${axis1.id}`, { token: participant });
      expect(axisOnly.body.axes).toHaveLength(1);
      expect((await p.request('GET', '/api/roadmap?status=finished', { token: participant })).status).toBe(400);
      expect((await p.request('GET', '/api/roadmap?limit=5000', { token: participant })).status).toBe(400);
      expect((await p.request('GET', '/api/roadmap')).status).toBe(401);
    });
  });
});
