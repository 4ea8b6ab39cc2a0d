import { DataSource } from 'typeorm';
import { EventBus } from '@app/bus';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { until } from '../support/within';
import { appendParagraph, closeVote, createSession, createVote, demoGroup, freeze, newMember, openVote, otherGroup, recommendationsOf, userId } from './helpers';

describe('votes: creation, roll, ballots exactly once, results, events', () => {
  let p: TestPlatform;
  let ds: DataSource;
  const t: Record<string, string> = {};
  let group: string;
  let recs: string[];
  let version: { id: string; number: number };
  const events: { name: string; payload: any }[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.app.get(DataSource);
    for (const [k, email] of Object.entries(DEMO)) t[k] = await p.login(email);
    group = await demoGroup(p, t.facilitator);
    recs = await recommendationsOf(p, t.facilitator, group);
    version = await freeze(p, t.facilitator, recs[0]);
    const bus = p.app.get(EventBus);
    for (const name of ['vote.opened', 'vote.tally', 'vote.closed'] as const) bus.subscribe(name, (payload) => events.push({ name, payload }));
  });
  afterAll(() => p?.close());

  /**
   * The auth guard reads each user once every two seconds outside any transaction; the embedded
   * PGlite socket server can interleave concurrent non-transactional queries of different
   * connections (pglite issue #1046), so bursts start with the users in that cache.
   */
  const warm = async (tokens: string[]) => {
    for (const token of tokens) await p.request('GET', '/api/me', { token });
  };
  const ballot = (token: string, voteId: string, body: unknown) => p.request('POST', `/api/votes/${voteId}/ballots`, { token, body });
  const approval = (extra: Record<string, unknown> = {}) => ({ workingGroupId: group, title: 'Adoption de la recommandation', method: 'approval', options: [{ versionId: version.id }], ...extra });

  describe('POST /api/votes', () => {
    it('creates a draft vote with server-given option ids', async () => {
      const res = await p.request('POST', '/api/votes', { token: t.facilitator, body: approval({ rules: { quorum: 0.5, threshold: 0.6 } }) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        workingGroupId: group,
        sessionId: null,
        method: 'approval',
        rules: { quorum: 0.5, threshold: 0.6 },
        scope: 'member',
        secret: false,
        resultsVisibility: 'after_close',
        status: 'draft',
      });
      expect(res.body.options).toEqual([expect.objectContaining({ id: expect.any(String), versionId: version.id, recommendationId: recs[0], versionNumber: version.number })]);
      const got = await p.request('GET', `/api/votes/${res.body.id}`, { token: t.expert });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it('refuses invalid votes with 400 and changes nothing', async () => {
      const before = Number((await ds.query('SELECT count(*) AS n FROM vote'))[0].n);
      const other = await otherGroup(p);
      const otherRec = (await recommendationsOf(p, t.facilitator, other))[0];
      const foreignVersion = await freeze(p, t.facilitator, otherRec);
      const foreignSession = await createSession(p, t.facilitator, other);
      const bad: [string, Record<string, unknown>][] = [
        ['approval on a label', approval({ options: [{ label: 'Oui' }] })],
        ['approval on two versions', approval({ options: [{ versionId: version.id }, { label: 'Autre' }] })],
        ['version of another group', approval({ options: [{ versionId: foreignVersion.id }] })],
        ['unknown version', approval({ options: [{ versionId: '00000000-0000-4000-8000-000000000000' }] })],
        ['session of another group', approval({ sessionId: foreignSession })],
        ['secret with live results', approval({ secret: true, resultsVisibility: 'live' })],
        ['threshold above 1', approval({ rules: { threshold: 1.5 } })],
        ['quorum as a string', approval({ rules: { quorum: '0.5' } })],
        ['unknown rule', approval({ rules: { majority: 2 } })],
        ['unknown field', approval({ color: 'red' })],
        ['unknown method', approval({ method: 'borda' })],
        ['unknown scope', approval({ scope: 'college' })],
        ['empty title', approval({ title: '   ' })],
        ['option with both versionId and label', { ...approval(), method: 'consent', options: [{ versionId: version.id, label: 'x' }] }],
        ['majority judgment with one option', { ...approval(), method: 'majority_judgment', options: [{ label: 'A' }] }],
        ['majority judgment with duplicate options', { ...approval(), method: 'majority_judgment', options: [{ label: 'A' }, { label: 'a' }] }],
        ['majority judgment with rules', { ...approval(), method: 'majority_judgment', options: [{ label: 'A' }, { label: 'B' }], rules: { quorum: 0.5 } }],
        ['consent with two options', { ...approval(), method: 'consent', options: [{ label: 'A' }, { label: 'B' }] }],
        ['no options', approval({ options: [] })],
      ];
      for (const [what, body] of bad) {
        const res = await p.request('POST', '/api/votes', { token: t.facilitator, body });
        expect({ what, status: res.status }).toEqual({ what, status: 400 });
        expect(res.body.statusCode).toBe(400);
      }
      expect(Number((await ds.query('SELECT count(*) AS n FROM vote'))[0].n)).toBe(before);
    });

    it('only the facilitators of the group create votes', async () => {
      expect((await p.request('POST', '/api/votes', { token: t.state, body: approval() })).status).toBe(403);
      expect((await p.request('POST', '/api/votes', { token: t.observer, body: approval() })).status).toBe(403);
      expect((await p.request('POST', '/api/votes', { body: approval() })).status).toBe(401);
      expect((await p.request('POST', '/api/votes', { token: t.facilitator, body: approval({ workingGroupId: '00000000-0000-4000-8000-000000000000' }) })).status).toBe(404);
    });

    it('accepts a session of the group and lists votes by group and by session', async () => {
      const session = await createSession(p, t.facilitator, group);
      const vote = await createVote(p, t.facilitator, approval({ sessionId: session }));
      expect(vote.sessionId).toBe(session);
      const bySession = await p.request('GET', `/api/sessions/${session}/votes`, { token: t.region });
      expect(bySession.status).toBe(200);
      expect(bySession.body.items.map((v: any) => v.id)).toEqual([vote.id]);
      const byGroup = await p.request('GET', `/api/working-groups/${group}/votes?status=draft`, { token: t.region });
      expect(byGroup.body.items.map((v: any) => v.id)).toContain(vote.id);
      expect(byGroup.body.total).toBeGreaterThanOrEqual(1);
    });

    it('GET /api/votes/:id: 404 unknown, 400 malformed id, 403 outside the group', async () => {
      const vote = await createVote(p, t.facilitator, approval());
      expect((await p.request('GET', '/api/votes/00000000-0000-4000-8000-000000000000', { token: t.state })).status).toBe(404);
      expect((await p.request('GET', '/api/votes/not-a-uuid', { token: t.state })).status).toBe(400);
      const admin = await p.request('GET', `/api/votes/${vote.id}`, { token: t.admin });
      expect(admin.status).toBe(200);
      const outsider = await newMember(p, t.admin, await otherGroup(p), { email: 'dehors@exemple.fr', organizationId: null });
      expect((await p.request('GET', `/api/votes/${vote.id}`, { token: outsider.token })).status).toBe(403);
    });
  });

  describe('life cycle of a public live approval vote', () => {
    let vote: any;
    const receipts: string[] = [];

    it('draft: no ballot (409), no close (409); results not yet visible (403)', async () => {
      vote = await createVote(p, t.facilitator, approval({ resultsVisibility: 'live' }));
      expect((await ballot(t.state, vote.id, { choice: 'for' })).status).toBe(409);
      expect((await p.request('POST', `/api/votes/${vote.id}/close`, { token: t.facilitator })).status).toBe(409);
      expect((await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.state })).status).toBe(403);
      expect((await p.request('POST', `/api/votes/${vote.id}/open`, { token: t.state })).status).toBe(403);
    });

    it('opens: freezes the roll (facilitators and participants, not observers) and publishes vote.opened', async () => {
      const opened = await openVote(p, t.facilitator, vote.id);
      expect(opened).toMatchObject({ status: 'open', rollSize: 7 });
      expect((await p.request('POST', `/api/votes/${vote.id}/open`, { token: t.facilitator })).status).toBe(409);
      const roll: { user_id: string; college: string }[] = await ds.query('SELECT user_id, college FROM vote_roll_entry WHERE vote_id = $1', [vote.id]);
      expect(roll).toHaveLength(7);
      expect(roll.map((r) => r.user_id)).not.toContain(await userId(p, t.observer));
      expect(roll.filter((r) => r.college === 'state')).toHaveLength(2);
      expect(roll.filter((r) => r.college === 'local')).toHaveLength(4);
      expect(events).toContainEqual({ name: 'vote.opened', payload: { voteId: vote.id, workingGroupId: group, sessionId: null } });
    });

    it('a member added after opening is not on the roll (403); observers neither', async () => {
      const late = await newMember(p, t.admin, group, { email: 'retard@exemple.fr', organizationId: null });
      expect((await ballot(late.token, vote.id, { choice: 'for' })).status).toBe(403);
      expect((await ballot(t.observer, vote.id, { choice: 'for' })).status).toBe(403);
      expect((await ballot(t.admin, vote.id, { choice: 'for' })).status).toBe(403);
    });

    it('refuses malformed ballots with 400 and records nothing', async () => {
      const bad: unknown[] = [
        {},
        { choice: 'yes' },
        { choice: 'objection', reason: 'x' },
        { choice: 'for', reason: 'parce que' },
        { grades: { [vote.options[0].id]: 'good' } },
        { choice: 'for', versionId: '00000000-0000-4000-8000-000000000000' },
        { choice: 'for', optionId: '00000000-0000-4000-8000-000000000000' },
        { choice: 'for', extra: 1 },
      ];
      for (const body of bad) expect({ body, status: (await ballot(t.state, vote.id, body)).status }).toEqual({ body, status: 400 });
      expect(Number((await ds.query('SELECT count(*) AS n FROM vote_participation WHERE vote_id = $1', [vote.id]))[0].n)).toBe(0);
      expect(Number((await ds.query('SELECT count(*) AS n FROM ballot WHERE vote_id = $1', [vote.id]))[0].n)).toBe(0);
    });

    it('takes one ballot per voter: 201 {receipt}, then 409', async () => {
      const casts: [string, unknown][] = [
        ['facilitator', { choice: 'for' }],
        ['state', { choice: 'for', versionId: version.id }],
        ['region', { choice: 'against', optionId: vote.options[0].id }],
        ['agglo', { choice: 'for' }],
        ['amf', { choice: 'abstain' }],
      ];
      for (const [who, body] of casts) {
        const res = await ballot(t[who], vote.id, body);
        expect(res.status).toBe(201);
        expect(Object.keys(res.body)).toEqual(['receipt']);
        expect(res.body.receipt).toMatch(/^[A-Za-z0-9_-]{43}$/);
        receipts.push(res.body.receipt);
      }
      const again = await ballot(t.state, vote.id, { choice: 'against' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_voted');
    });

    it('shows live results and who voted what while open; publishes throttled vote.tally with results', async () => {
      const res = await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.expert });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ voteId: vote.id, final: false, eligible: 7, cast: 5, for: 3, against: 1, abstain: 1, outcome: 'adopted' });
      expect(res.body.byCollege.state).toEqual({ eligible: 2, cast: 2, for: 2, against: 0, abstain: 0 });
      const list = await p.request('GET', `/api/votes/${vote.id}/ballots`, { token: t.observer });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(5);
      expect(list.body.items).toContainEqual(expect.objectContaining({ userId: await userId(p, t.region), displayName: 'Sophie Bernard', choice: 'against' }));
      // the trailing throttle publishes a last tally that counts every ballot
      const tallies = () => events.filter((e) => e.name === 'vote.tally' && e.payload.voteId === vote.id);
      await until(() => (tallies().at(-1)?.payload.results as any)?.cast === 5, 'a vote.tally with the 5 ballots');
      expect(tallies().at(-1)!.payload.results).toMatchObject({ cast: 5, for: 3 });
    });

    it('checks receipts for their voter: {counted:true} and nothing more; 404 for unknown or malformed ones and for anyone else', async () => {
      // receipts[0] was given to the facilitator (the first voter above)
      const ok = await p.request('GET', `/api/votes/${vote.id}/receipts/${receipts[0]}`, { token: t.facilitator });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ counted: true });
      expect((await p.request('GET', `/api/votes/${vote.id}/receipts/${receipts[1]}`, { token: t.state })).body).toEqual({ counted: true });
      // another voter, an observer or an admin holding someone's receipt learns nothing (API.md: the voter)
      for (const who of ['state', 'observer', 'admin']) {
        expect([who, (await p.request('GET', `/api/votes/${vote.id}/receipts/${receipts[0]}`, { token: t[who] })).status]).toEqual([who, 404]);
      }
      expect((await p.request('GET', `/api/votes/${vote.id}/receipts/${'A'.repeat(43)}`, { token: t.state })).status).toBe(404);
      expect((await p.request('GET', `/api/votes/${vote.id}/receipts/nope`, { token: t.state })).status).toBe(404);
      expect((await p.request('GET', `/api/votes/${vote.id}/receipts/${receipts[0]}`)).status).toBe(401);
    });

    it('tells a voter whether they voted, and (public vote) what they chose', async () => {
      const mine = await p.request('GET', `/api/votes/${vote.id}/participation`, { token: t.state });
      expect(mine.body).toMatchObject({ eligible: 7, cast: 5, me: { eligible: true, voted: true, ballot: { choice: 'for' } } });
      const region = await p.request('GET', `/api/votes/${vote.id}/participation`, { token: t.region });
      expect(region.body.me.ballot).toMatchObject({ choice: 'against' });
      const expert = await p.request('GET', `/api/votes/${vote.id}/participation`, { token: t.expert });
      expect(expert.body.me).toEqual({ eligible: true, voted: false });
    });

    it('closes: stores the results, publishes vote.closed, refuses ballots and a second close', async () => {
      const closed = await closeVote(p, t.facilitator, vote.id);
      expect(closed.status).toBe('closed');
      expect(closed.results).toMatchObject({ final: true, cast: 5, outcome: 'adopted' });
      expect((await ballot(t.expert, vote.id, { choice: 'for' })).status).toBe(409);
      expect((await p.request('POST', `/api/votes/${vote.id}/close`, { token: t.facilitator })).status).toBe(409);
      const res = await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.observer });
      expect(res.body).toEqual(closed.results);
      const ev = events.find((e) => e.name === 'vote.closed' && e.payload.voteId === vote.id);
      expect(ev?.payload.results).toEqual(closed.results);
      const audit = await p.request('GET', '/api/audit?limit=200', { token: t.admin });
      const actions = audit.body.items.filter((e: any) => e.entityId === vote.id).map((e: any) => e.action);
      expect(actions.filter((a: string) => a === 'ballot.cast')).toHaveLength(5);
      expect(actions).toEqual(expect.arrayContaining(['vote.created', 'vote.opened', 'vote.closed']));
      expect((await p.request('GET', '/api/audit/verify', { token: t.admin })).body.ok).toBe(true);
    });
  });

  it('counts exactly one of 50 concurrent ballots by one voter (database-enforced)', async () => {
    const vote = await createVote(p, t.facilitator, approval());
    await openVote(p, t.facilitator, vote.id);
    await warm([t.agglo]);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ballot(t.agglo, vote.id, { choice: i % 2 ? 'for' : 'against' })));
    const codes = results.map((r) => r.status);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(Number((await ds.query('SELECT count(*) AS n FROM ballot WHERE vote_id = $1', [vote.id]))[0].n)).toBe(1);
    expect(Number((await ds.query('SELECT count(*) AS n FROM vote_participation WHERE vote_id = $1', [vote.id]))[0].n)).toBe(1);
    const closed = await closeVote(p, t.facilitator, vote.id);
    expect(closed.results.cast).toBe(1);
  });

  it('loses no ballot when closing while ballots are in flight', async () => {
    const voters: { token: string }[] = [];
    for (let i = 0; i < 12; i++) voters.push(await newMember(p, t.admin, group, { email: `course${i}@exemple.fr`, organizationId: null }));
    const vote = await createVote(p, t.facilitator, approval());
    await openVote(p, t.facilitator, vote.id);
    await warm(voters.map((v) => v.token));
    const [closeRes, ...ballots] = await Promise.all([
      new Promise((r) => setTimeout(r, 15)).then(() => p.request('POST', `/api/votes/${vote.id}/close`, { token: t.facilitator })),
      ...voters.map((v) => ballot(v.token, vote.id, { choice: 'for' })),
    ]);
    expect(closeRes.status).toBe(200);
    const accepted = ballots.filter((b) => b.status === 201).length;
    expect(accepted + ballots.filter((b) => b.status === 409).length).toBe(voters.length);
    // every accepted ballot is in the stored results, and nothing arrived after the close
    expect(closeRes.body.results.cast).toBe(accepted);
    expect(Number((await ds.query('SELECT count(*) AS n FROM ballot WHERE vote_id = $1', [vote.id]))[0].n)).toBe(accepted);
  });

  it('scope organization: one ballot per organisation', async () => {
    const orgOfState = (await p.request('GET', '/api/me', { token: t.state })).body.organizationId;
    const colleague = await newMember(p, t.admin, group, { email: 'collegue.interieur@exemple.fr', organizationId: orgOfState });
    const vote = await createVote(p, t.facilitator, approval({ scope: 'organization' }));
    const opened = await openVote(p, t.facilitator, vote.id);
    expect(opened.rollSize).toBeGreaterThan(7);
    expect((await ballot(t.state, vote.id, { choice: 'for' })).status).toBe(201);
    const second = await ballot(colleague.token, vote.id, { choice: 'against' });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/organisation/);
    const closed = await closeVote(p, t.facilitator, vote.id);
    expect(closed.results).toMatchObject({ cast: 1, for: 1 });
    // eligible counts organisations (and members without one), not people
    const orgs: { n: string }[] = await ds.query(
      `SELECT count(DISTINCT COALESCE(organization_id::text, user_id::text)) AS n FROM vote_roll_entry WHERE vote_id = $1`,
      [vote.id],
    );
    expect(closed.results.eligible).toBe(Number(orgs[0].n));
  });

  it('double majority: rejected when the local college does not pass although the total does', async () => {
    const vote = await createVote(p, t.facilitator, approval({ rules: { doubleMajority: true } }));
    await openVote(p, t.facilitator, vote.id);
    for (const [who, choice] of [
      ['facilitator', 'for'],
      ['state', 'for'],
      ['region', 'for'],
      ['agglo', 'for'],
      ['amf', 'against'],
      ['regions', 'against'],
      ['expert', 'for'],
    ]) {
      expect((await ballot(t[who], vote.id, { choice })).status).toBe(201);
    }
    const { results } = await closeVote(p, t.facilitator, vote.id);
    expect(results).toMatchObject({ cast: 7, for: 5, against: 2, outcome: 'rejected' });
    expect(results.byCollege.local).toMatchObject({ for: 2, against: 2 });
    expect(results.byCollege.state).toMatchObject({ for: 2, against: 0 });
  });

  it('quorum: no_quorum when too few voters cast', async () => {
    const vote = await createVote(p, t.facilitator, approval({ rules: { quorum: 0.5 } }));
    await openVote(p, t.facilitator, vote.id);
    for (const who of ['state', 'region']) await ballot(t[who], vote.id, { choice: 'for' });
    const { results } = await closeVote(p, t.facilitator, vote.id);
    expect(results.eligible).toBeGreaterThanOrEqual(7);
    expect(results.outcome).toBe('no_quorum');
  });

  it('the outcome of an approval vote on a version sets the recommendation’s status: audited, with the event (API.md v2)', async () => {
    const statusEvents: any[] = [];
    const off = p.app.get(EventBus).subscribe('recommendation.status', (e) => statusEvents.push(e));
    try {
      const created = await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: t.facilitator, body: { title: 'Issue d’un vote', horizon: 'quick_win' } });
      expect(created.status).toBe(201);
      const recId: string = created.body.id;
      await appendParagraph(p, recId, 'Première rédaction.');
      const v1 = await freeze(p, t.facilitator, recId);
      const status = async () => (await p.request('GET', `/api/recommendations/${recId}`, { token: t.observer })).body.status;
      const run = async (versionId: string, rules: Record<string, unknown>, choices: [string, string][]) => {
        const vote = await createVote(p, t.facilitator, { workingGroupId: group, title: 'Adoption', method: 'approval', options: [{ versionId }], rules });
        await openVote(p, t.facilitator, vote.id);
        for (const [who, choice] of choices) expect((await ballot(t[who], vote.id, { choice })).status).toBe(201);
        return { id: vote.id as string, outcome: (await closeVote(p, t.facilitator, vote.id)).results.outcome };
      };
      expect(await status()).toBe('draft');

      // no quorum: the recommendation is under review, not adopted
      const noQuorum = await run(v1.id, { quorum: 0.9 }, [['state', 'for']]);
      expect(noQuorum.outcome).toBe('no_quorum');
      expect(await status()).toBe('under_review');
      // rejected: it stays under review (another version may be put to the vote)
      const rejected = await run(v1.id, {}, [['state', 'against'], ['region', 'against'], ['agglo', 'for']]);
      expect(rejected.outcome).toBe('rejected');
      expect(await status()).toBe('under_review');

      // adopted: the recommendation is adopted, on the roadmap too
      await appendParagraph(p, recId, 'Une version amendée.');
      const v2 = await freeze(p, t.facilitator, recId);
      const adopted = await run(v2.id, {}, [['state', 'for'], ['region', 'for'], ['agglo', 'against']]);
      expect(adopted.outcome).toBe('adopted');
      expect(await status()).toBe('adopted');
      const roadmap = await p.request('GET', '/api/roadmap', { token: t.observer });
      const found: any[] = [];
      JSON.stringify(roadmap.body, (_k, v) => {
        if (v && typeof v === 'object' && v.id === recId) found.push(v);
        return v;
      });
      expect(found.map((r) => r.status)).toEqual(['adopted']);

      // each change is audited with the vote that caused it, and the audit chain holds
      const audit = await p.request('GET', '/api/audit?limit=200', { token: t.admin });
      const changes = audit.body.items
        .filter((e: any) => e.entityId === recId && e.action === 'recommendation.updated')
        .map((e: any) => ({ status: e.data.changes.status, voteId: e.data.voteId }))
        .reverse();
      expect(changes).toEqual([
        { status: { from: 'draft', to: 'under_review' }, voteId: noQuorum.id },
        { status: { from: 'under_review', to: 'adopted' }, voteId: adopted.id },
      ]);
      expect((await p.request('GET', '/api/audit/verify', { token: t.admin })).body.ok).toBe(true);
      expect(statusEvents.filter((e) => e.recommendationId === recId)).toEqual([
        { recommendationId: recId, workingGroupId: group, status: 'under_review' },
        { recommendationId: recId, workingGroupId: group, status: 'adopted' },
      ]);

      // a later vote on an adopted recommendation does not undo the adoption
      await run(v2.id, {}, [['state', 'against']]);
      expect(await status()).toBe('adopted');
    } finally {
      off();
    }
  });

  it('majority judgment: every option graded; ranks by majority grade', async () => {
    const vote = await createVote(p, t.facilitator, { workingGroupId: group, title: 'Priorités', method: 'majority_judgment', options: [{ label: 'Identité numérique' }, { label: 'État civil' }, { versionId: version.id }] });
    const [a, b, c] = vote.options.map((o: any) => o.id);
    await openVote(p, t.facilitator, vote.id);
    const bad: unknown[] = [
      { grades: { [a]: 'good', [b]: 'fair' } },
      { grades: { [a]: 'good', [b]: 'fair', [c]: 'superb' } },
      { grades: { [a]: 'good', [b]: 'fair', [c]: 'good', '00000000-0000-4000-8000-000000000000': 'good' } },
      { choice: 'for' },
      { grades: 'good' },
    ];
    for (const body of bad) expect({ body, status: (await ballot(t.state, vote.id, body)).status }).toEqual({ body, status: 400 });
    const rows: [string, string, string, string][] = [
      ['facilitator', 'excellent', 'good', 'reject'],
      ['state', 'good', 'good', 'fair'],
      ['region', 'good', 'good', 'fair'],
      ['agglo', 'fair', 'good', 'passable'],
    ];
    for (const [who, ga, gb, gc] of rows) expect((await ballot(t[who], vote.id, { grades: { [a]: ga, [b]: gb, [c]: gc } })).status).toBe(201);
    expect((await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.state })).status).toBe(403); // after_close
    const { results } = await closeVote(p, t.facilitator, vote.id);
    expect(results.cast).toBe(4);
    expect(results.eligible).toBeGreaterThanOrEqual(7); // earlier tests added members to the group
    const byId = Object.fromEntries(results.options.map((o: any) => [o.optionId, o]));
    // a: E G G F → good, then (E G F) good, then (E F) fair; b: G G G G → good, good, good ⇒ b first at the 3rd step
    expect(byId[a]).toMatchObject({ majorityGrade: 'good', rank: 2 });
    expect(byId[b]).toMatchObject({ majorityGrade: 'good', rank: 1 });
    expect(byId[c]).toMatchObject({ majorityGrade: 'passable', rank: 3 });
    expect(byId[a].distribution).toEqual({ excellent: 1, very_good: 0, good: 2, fair: 1, passable: 0, insufficient: 0, reject: 0 });
  });

  it('consent: an objection needs a reason; one objection rejects; public reasons carry the name', async () => {
    const vote = await createVote(p, t.facilitator, { workingGroupId: group, title: 'Calendrier', method: 'consent', options: [{ label: 'Calendrier proposé' }] });
    await openVote(p, t.facilitator, vote.id);
    expect((await ballot(t.state, vote.id, { choice: 'objection' })).status).toBe(400);
    expect((await ballot(t.state, vote.id, { choice: 'objection', reason: '   ' })).status).toBe(400);
    expect((await ballot(t.state, vote.id, { choice: 'for' })).status).toBe(400);
    expect((await ballot(t.state, vote.id, { choice: 'consent' })).status).toBe(201);
    expect((await ballot(t.region, vote.id, { choice: 'objection', reason: 'Délais trop courts' })).status).toBe(201);
    const { results } = await closeVote(p, t.facilitator, vote.id);
    expect(results).toMatchObject({ cast: 2, consent: 1, objection: 1, outcome: 'rejected' });
    expect(results.objections).toEqual([{ reason: 'Délais trop courts', voterName: 'Sophie Bernard' }]);
  });

  it('secret votes: no ballots list (403), no live results, no tally events', async () => {
    const vote = await createVote(p, t.facilitator, approval({ secret: true }));
    await openVote(p, t.facilitator, vote.id);
    expect((await ballot(t.state, vote.id, { choice: 'for' })).status).toBe(201);
    // the voter is told they voted, never what: nothing links them to their ballot
    expect((await p.request('GET', `/api/votes/${vote.id}/participation`, { token: t.state })).body.me).toEqual({ eligible: true, voted: true });
    // ordering proof: a ballot cast afterwards in a live public vote gets its tally event; one
    // for the secret vote, scheduled earlier with the same delay, would have come first
    const live = await createVote(p, t.facilitator, approval({ resultsVisibility: 'live' }));
    await openVote(p, t.facilitator, live.id);
    expect((await ballot(t.state, live.id, { choice: 'for' })).status).toBe(201);
    await until(() => events.some((e) => e.name === 'vote.tally' && e.payload.voteId === live.id), 'the live vote’s tally');
    expect(events.filter((e) => e.name === 'vote.tally' && e.payload.voteId === vote.id)).toHaveLength(0);
    await closeVote(p, t.facilitator, live.id);
    expect((await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.state })).status).toBe(403);
    expect((await p.request('GET', `/api/votes/${vote.id}/ballots`, { token: t.state })).status).toBe(403);
    await closeVote(p, t.facilitator, vote.id);
    expect((await p.request('GET', `/api/votes/${vote.id}/ballots`, { token: t.state })).status).toBe(403);
    expect((await p.request('GET', `/api/votes/${vote.id}/results`, { token: t.state })).status).toBe(200);
  });

  it('public after_close votes: no ballots list before the close either', async () => {
    const vote = await createVote(p, t.facilitator, approval());
    await openVote(p, t.facilitator, vote.id);
    await ballot(t.state, vote.id, { choice: 'for' });
    expect((await p.request('GET', `/api/votes/${vote.id}/ballots`, { token: t.region })).status).toBe(403);
    await closeVote(p, t.facilitator, vote.id);
    expect((await p.request('GET', `/api/votes/${vote.id}/ballots`, { token: t.region })).body.total).toBe(1);
  });
});
