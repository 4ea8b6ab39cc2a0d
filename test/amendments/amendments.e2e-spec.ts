import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { docNameFor } from '@app/contracts';
import { DraftStore } from '@app/database';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { RawCollabClient, waitFor } from '../drafts/support/collab-client';
import { liveClient, LiveClient } from '../live/live-support';
import { editAs, markdownOf, paragraph, runsOf, watcher } from './support';
import { overrideEnv } from '../support/env';

const FIRST = 'Le chat dort sur le tapis.\n\nLes élus demandent un guichet unique.\n';

describe('amendments: submit, examine, decide, vote, merge into the live draft', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let groupId: string;
  let recId: string;
  let v1: { id: string; content: string };
  const t: Record<'facilitator' | 'state' | 'region' | 'amf' | 'observer', string> = {} as never;
  const ids: Record<string, string> = {};

  const post = (path: string, token: string, body?: unknown) => p.request('POST', path, { token, body });
  const get = (path: string, token = t.facilitator) => p.request('GET', path, { token });
  const amend = (body: Record<string, unknown>, token = t.state, rec = recId) => post(`/api/recommendations/${rec}/amendments`, token, body);
  const range = (text: string, content = v1.content) => ({ start: content.indexOf(text), end: content.indexOf(text) + text.length });
  const list = async (query = '') => (await get(`/api/recommendations/${recId}/amendments${query}`)).body;

  let restoreEnv = () => {};

  beforeAll(async () => {
    // the provenance test compacts the log itself: the idle compaction (5 s after the last edit)
    // would run first on a slow machine and leave it nothing to fold
    restoreEnv = overrideEnv({ COLLAB_COMPACT_IDLE_MS: '3600000' });
    p = await startTestPlatform();
    ds = p.app.get<DataSource>(getDataSourceToken());
    for (const k of ['facilitator', 'state', 'region', 'amf', 'observer'] as const) t[k] = await p.login(DEMO[k]);
    for (const k of ['facilitator', 'state', 'region', 'amf'] as const) ids[k] = (await get('/api/me', t[k])).body.id;
    groupId = (await get('/api/me')).body.memberships[0].workingGroupId;
    const rec = await post(`/api/working-groups/${groupId}/recommendations`, t.facilitator, { title: 'Guichet unique des élus', horizon: 'quick_win' });
    recId = rec.body.id;
    // two authors write the draft over /collab: the server records who stored what
    await editAs(p, t.state, recId, (doc) => doc.getXmlFragment('default').insert(0, [paragraph('Le chat dort sur le tapis.')]));
    await editAs(p, t.region, recId, (doc) => doc.getXmlFragment('default').push([paragraph('Les élus demandent un guichet unique.')]));
    const frozen = await post(`/api/recommendations/${recId}/versions`, t.facilitator);
    expect(frozen.status).toBe(201);
    expect(frozen.body.content).toBe(FIRST);
    v1 = frozen.body;
  });
  afterAll(async () => {
    await p?.close();
    restoreEnv();
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const ok = { versionId: v1.id, ...range('chat'), replacement: 'chien', rationale: 'Plus fidèle.' };
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ ...ok, start: 10, end: 5 }, 400, 'start'],
      [{ ...ok, start: 0, end: v1.content.length + 1 }, 400, 'start'],
      [{ ...ok, start: -1 }, 400],
      [{ ...ok, start: 1.5 }, 400],
      [{ ...ok, rationale: '   ' }, 400, 'rationale'],
      [{ ...ok, rationale: undefined }, 400],
      [{ ...ok, replacement: 'x'.repeat(20_001) }, 400, 'replacement'],
      [{ ...ok, replacement: 'chat' }, 400, 'replacement'],
      [{ ...ok, versionId: '00000000-0000-4000-8000-000000000000' }, 400, 'versionId'],
      [{ ...ok, extra: true }, 400],
    ];
    for (const [body, status, word] of cases) {
      const res = await amend(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      if (word) expect(JSON.stringify(res.body.message)).toContain(word);
    }
    expect((await amend(ok, t.observer)).status).toBe(403);
    expect((await amend({ ...ok, onBehalfOfOrganization: true }, t.state)).status).toBe(403);
    expect((await post(`/api/recommendations/00000000-0000-4000-8000-000000000000/amendments`, t.state, ok)).status).toBe(404);
    expect((await list()).total).toBe(0);
  });

  it('creates amendments and lists them in examination order with their conflicts', async () => {
    const a = await amend({ versionId: v1.id, ...range('chat'), replacement: 'chien', rationale: 'Le chien garde mieux.' }, t.state);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      recommendationId: recId,
      versionId: v1.id,
      original: 'chat',
      replacement: 'chien',
      rationale: 'Le chien garde mieux.',
      authorId: ids.state,
      onBehalfOfOrganization: false,
      status: 'submitted',
      conflictsWith: [],
      examinationOrder: 1,
    });
    for (const k of ['id', 'start', 'end', 'organizationId', 'createdAt']) expect(a.body).toHaveProperty(k);
    ids.a = a.body.id;
    // overlaps a and changes more: examined first
    const b = await amend({ versionId: v1.id, ...range('chat dort'), replacement: 'chien veille', rationale: 'Plus vigilant.' }, t.region);
    ids.b = b.body.id;
    // a representative on behalf of the association
    const c = await amend({ versionId: v1.id, ...range('guichet unique'), replacement: 'point d’accès unique', rationale: 'Vocabulaire.', onBehalfOfOrganization: true }, t.amf);
    expect(c.status).toBe(201);
    expect(c.body.onBehalfOfOrganization).toBe(true);
    ids.c = c.body.id;
    // an insertion at the end of the first sentence's paragraph
    const d = await amend({ versionId: v1.id, ...range(' sur le tapis'), replacement: ' sur le tapis rouge', rationale: 'Précision.' }, t.state);
    ids.d = d.body.id;
    const items = (await list()).items;
    expect(items.map((x: any) => [x.id, x.examinationOrder])).toEqual([
      [ids.b, 1],
      [ids.a, 2],
      [ids.d, 3],
      [ids.c, 4],
    ]);
    const byId = Object.fromEntries(items.map((x: any) => [x.id, x]));
    expect(byId[ids.a].conflictsWith).toEqual([ids.b]);
    expect(byId[ids.b].conflictsWith).toEqual([ids.a]);
    expect(byId[ids.d].conflictsWith).toEqual([]); // adjacent to b, not overlapping
    expect(byId[ids.c].conflictsWith).toEqual([]);
    expect((await list(`?status=submitted&versionId=${v1.id}`)).total).toBe(4);
    expect((await get(`/api/recommendations/${recId}/amendments?status=bogus`)).status).toBe(400);
  });

  it('withdraw: only its author, only once', async () => {
    expect((await post(`/api/amendments/${ids.d}/withdraw`, t.region)).status).toBe(403);
    const w = await post(`/api/amendments/${ids.d}/withdraw`, t.state);
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    expect((await post(`/api/amendments/${ids.d}/withdraw`, t.state)).status).toBe(409);
    expect((await post(`/api/amendments/${ids.d}/decision`, t.facilitator, { status: 'adopted' })).status).toBe(409);
  });

  it('decision: facilitator only, once; adopting lapses the overlapping submitted amendments', async () => {
    expect((await post(`/api/amendments/${ids.b}/decision`, t.state, { status: 'adopted' })).status).toBe(403);
    expect((await post(`/api/amendments/${ids.b}/decision`, t.facilitator, { status: 'maybe' })).status).toBe(400);
    const adopted = await post(`/api/amendments/${ids.b}/decision`, t.facilitator, { status: 'adopted' });
    expect(adopted.status).toBe(200);
    expect(adopted.body.status).toBe('adopted');
    expect((await get(`/api/amendments/${ids.a}`)).body).toMatchObject({ status: 'lapsed', lapsedBecauseOf: ids.b });
    const twice = await post(`/api/amendments/${ids.b}/decision`, t.facilitator, { status: 'rejected' });
    expect(twice.status).toBe(409);
    expect((await get(`/api/amendments/${ids.b}`)).body.status).toBe('adopted');
    // a lapsed one can't be decided nor withdrawn
    expect((await post(`/api/amendments/${ids.a}/decision`, t.facilitator, { status: 'adopted' })).status).toBe(409);
    expect((await post(`/api/amendments/${ids.a}/withdraw`, t.state)).status).toBe(409);
    // rejected
    const r = await amend({ versionId: v1.id, ...range('Les élus'), replacement: 'Les maires', rationale: 'Plus précis.' }, t.state);
    const rejected = await post(`/api/amendments/${r.body.id}/decision`, t.facilitator, { status: 'rejected' });
    expect(rejected.body.status).toBe('rejected');
    // its author is told (amendment_decided), in-app
    const notes = await get('/api/notifications', t.state);
    expect(notes.status).toBe(200);
    expect(notes.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'amendment_decided', title: expect.stringContaining('rejeté'), link: `/recommandations/${recId}` })]));
  });

  it('an approval vote on an amendment decides it when it closes, and live sessions hear of it', async () => {
    const session = await post(`/api/working-groups/${groupId}/sessions`, t.facilitator, {
      title: 'Atelier amendements',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      agenda: [{ recommendationId: recId, minutes: 30 }],
    });
    expect(session.status).toBe(201);
    const live: LiveClient = await liveClient(p.url, t.state);
    try {
      expect(await live.emit('session:join', { sessionId: session.body.id })).toMatchObject({ ok: true });
      const e = await amend({ versionId: v1.id, ...range('demandent'), replacement: 'réclament', rationale: 'Plus fort.' }, t.region);
      expect(await live.waitFor('amendment:submitted', (x) => x.amendmentId === e.body.id)).toEqual({ recommendationId: recId, amendmentId: e.body.id });
      // not on a decided amendment
      const bad = await post('/api/votes', t.facilitator, { workingGroupId: groupId, title: 'x', method: 'approval', options: [{ amendmentId: ids.a }] });
      expect(bad.status).toBe(409);
      expect((await post('/api/votes', t.facilitator, { workingGroupId: groupId, title: 'x', method: 'approval', options: [{ amendmentId: e.body.id, versionId: v1.id }] })).status).toBe(400);
      const vote = await post('/api/votes', t.facilitator, { workingGroupId: groupId, sessionId: session.body.id, title: 'Amendement « réclament »', method: 'approval', options: [{ amendmentId: e.body.id }] });
      expect(vote.status).toBe(201);
      expect(vote.body.options[0].amendmentId).toBe(e.body.id);
      expect((await post(`/api/votes/${vote.body.id}/open`, t.facilitator)).status).toBe(200);
      for (const k of ['facilitator', 'state', 'region'] as const) expect((await post(`/api/votes/${vote.body.id}/ballots`, t[k], { choice: 'for' })).status).toBe(201);
      expect((await get(`/api/amendments/${e.body.id}`)).body.status).toBe('submitted');
      const closed = await post(`/api/votes/${vote.body.id}/close`, t.facilitator);
      expect(closed.status).toBe(200);
      expect(closed.body.results.outcome).toBe('adopted');
      expect((await get(`/api/amendments/${e.body.id}`)).body).toMatchObject({ status: 'adopted', voteId: vote.body.id });
      expect(await live.waitFor('amendment:decided', (x) => x.amendmentId === e.body.id)).toEqual({ recommendationId: recId, amendmentId: e.body.id, status: 'adopted' });
      ids.e = e.body.id;
      ids.session = session.body.id;
      // a vote rejecting its amendment
      const f = await amend({ versionId: v1.id, ...range('Le chat'), replacement: 'Un chat', rationale: 'Article.' }, t.state);
      expect(f.status).toBe(201);
    } finally {
      live.close();
    }
  });

  it('merges adopted amendments into the live draft: connected editors see it, unrelated edits kept, a gone original skipped', async () => {
    const seen: RawCollabClient = await watcher(p, t.observer, recId);
    try {
      expect(markdownOf(seen.doc)).toBe(FIRST);
      // unrelated live edits since the freeze: a new first paragraph, words added before the amended passage
      await editAs(p, t.state, recId, (doc) => {
        doc.getXmlFragment('default').insert(0, [paragraph('Préambule.')]);
        runsOf(doc)[1].insert(0, 'Hier, ');
      });
      // and c's original text rewritten ("guichet unique" → "guichet commun")
      expect((await post(`/api/amendments/${ids.c}/decision`, t.facilitator, { status: 'adopted' })).status).toBe(200);
      await editAs(p, t.region, recId, (doc) => {
        const run = runsOf(doc)[2];
        const at = run.toString().indexOf('unique');
        run.delete(at, 'unique'.length);
        run.insert(at, 'commun');
      });
      await waitFor(() => markdownOf(seen.doc).includes('guichet commun'), 30_000, 'the live edits');
      expect((await post(`/api/recommendations/${recId}/amendments/merge`, t.state)).status).toBe(403);
      const merge = await post(`/api/recommendations/${recId}/amendments/merge`, t.facilitator);
      expect(merge.status).toBe(200);
      expect(merge.body.merged.sort()).toEqual([ids.b, ids.e].sort());
      expect(merge.body.skipped).toEqual([{ id: ids.c, reason: expect.stringContaining('n’est plus dans le brouillon') }]);
      const expected = 'Préambule.\n\nHier, Le chien veille sur le tapis.\n\nLes élus réclament un guichet commun.\n';
      await waitFor(() => markdownOf(seen.doc) === expected, 30_000, 'the merge on a connected client');
      // persisted before it was relayed: what the store holds is what the client sees
      const stored = await new DraftStore(ds).load(docNameFor(recId));
      const { draftToMarkdown } = await import('../../apps/api/src/versions/versions.service');
      expect(draftToMarkdown(stored.state).content).toBe(expected);
      // nothing left to merge but the skipped one, skipped again
      const again = await post(`/api/recommendations/${recId}/amendments/merge`, t.facilitator);
      expect(again.body).toEqual({ merged: [], skipped: [{ id: ids.c, reason: expect.any(String) }] });
      expect((await get(`/api/amendments/${ids.b}`)).body).toMatchObject({ merged: true });
      expect((await get(`/api/amendments/${ids.c}`)).body).toMatchObject({ merged: false, skippedReason: expect.any(String) });
    } finally {
      seen.close();
    }
  });

  it('merging a locked draft is a 409 that changes nothing', async () => {
    const v = await post(`/api/recommendations/${recId}/versions`, t.facilitator);
    expect(v.status).toBe(201);
    const g = await amend({ versionId: v.body.id, ...range('Préambule', v.body.content), replacement: 'Avant-propos', rationale: 'Usage.' }, t.state);
    expect(g.status).toBe(201);
    expect((await post(`/api/amendments/${g.body.id}/decision`, t.facilitator, { status: 'adopted' })).status).toBe(200);
    expect((await p.request('PATCH', `/api/recommendations/${recId}`, { token: t.facilitator, body: { locked: true } })).status).toBe(200);
    const locked = await post(`/api/recommendations/${recId}/amendments/merge`, t.facilitator);
    expect(locked.status).toBe(409);
    expect((await get(`/api/amendments/${g.body.id}`)).body.merged).toBe(false);
    expect((await p.request('PATCH', `/api/recommendations/${recId}`, { token: t.facilitator, body: { locked: false } })).status).toBe(200);
    const merged = await post(`/api/recommendations/${recId}/amendments/merge`, t.facilitator);
    expect(merged.body.merged).toEqual([g.body.id]);
    ids.g = g.body.id;
  });

  it('a version that is not the latest, or a closed recommendation, cannot be amended (409)', async () => {
    const stale = await amend({ versionId: v1.id, ...range('tapis'), replacement: 'lit', rationale: 'Confort.' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const rec2 = await post(`/api/working-groups/${groupId}/recommendations`, t.facilitator, { title: 'Close', horizon: 'quick_win' });
    await editAs(p, t.state, rec2.body.id, (doc) => doc.getXmlFragment('default').insert(0, [paragraph('Texte.')]));
    const v = await post(`/api/recommendations/${rec2.body.id}/versions`, t.facilitator);
    expect((await p.request('PATCH', `/api/recommendations/${rec2.body.id}`, { token: t.facilitator, body: { status: 'withdrawn' } })).status).toBe(200);
    const closed = await amend({ versionId: v.body.id, start: 0, end: 5, replacement: 'Mot', rationale: 'x' }, t.state, rec2.body.id);
    expect(closed.status).toBe(409);
    expect((await get(`/api/recommendations/${rec2.body.id}/amendments`)).body.total).toBe(0);
  });

  it('provenance: who wrote each sentence, from the server’s record, with organisation and college; it survives compaction', async () => {
    const v = await post(`/api/recommendations/${recId}/versions`, t.facilitator);
    expect(v.status).toBe(201);
    expect(v.body.content).toBe('Avant-propos.\n\nHier, Le chien veille sur le tapis.\n\nLes élus réclament un guichet commun.\n');
    const read = async () => (await get(`/api/recommendations/${recId}/versions/${v.body.number}/provenance`, t.observer)).body;
    const prov = await read();
    const sentence = (text: string) => prov.sentences.find((s: any) => s.text === text);
    expect(prov.sentences.map((s: any) => s.text)).toEqual(['Avant-propos.', 'Hier, Le chien veille sur le tapis.', 'Les élus réclament un guichet commun.']);
    // "Avant-propos" came with g (by state), "." was written by state
    expect(sentence('Avant-propos.').contributors.map((c: any) => c.userId)).toEqual([ids.state]);
    expect(sentence('Avant-propos.').amendmentIds).toEqual([ids.g]);
    const second = sentence('Hier, Le chien veille sur le tapis.');
    const chars = Object.fromEntries(second.contributors.map((c: any) => [c.userId, c.chars]));
    expect(chars[ids.region]).toBe('chien veille'.length); // amendment b, by region
    expect(chars[ids.state]).toBe('Hier, Le  sur le tapis.'.length);
    expect(second.amendmentIds).toEqual([ids.b]);
    const state = second.contributors.find((c: any) => c.userId === ids.state);
    expect(state).toMatchObject({ displayName: 'Paul Durand', college: 'state' });
    expect(state.organizationId).toEqual(expect.any(String));
    expect(sentence('Les élus réclament un guichet commun.').amendmentIds).toEqual([ids.e]);
    const shares = prov.byCollege;
    expect(shares.state + shares.local + shares.civil).toBeCloseTo(1, 3);
    expect(shares.state).toBeGreaterThan(0);
    expect(shares.local).toBeGreaterThan(0);
    // compaction folds the log into a snapshot and deletes it: the record of who stored what stays
    const store = new DraftStore(ds);
    const compacted = await store.compact(docNameFor(recId));
    expect(compacted.compacted).toBeGreaterThan(0);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM draft_update WHERE doc_name = $1', [docNameFor(recId)]);
    expect(n).toBe(0);
    expect(await read()).toEqual(prov);
    expect((await get(`/api/recommendations/${recId}/versions/99/provenance`)).status).toBe(404);
  });

  it('the minutes list the amendments examined in the session with their outcome, and annex who wrote what', async () => {
    const md = await get(`/api/sessions/${ids.session}/minutes?format=md`);
    expect(md.status).toBe(200);
    const text = String(md.body);
    expect(text).toContain('## Amendements examinés');
    expect(text).toMatch(/« demandent » \| « réclament » \| Sophie Bernard \| adopté \(par vote\), intégré au texte/);
    expect(text).toContain('## Annexe — Qui a écrit quoi');
    expect(text).toMatch(/« Hier, Le chien veille sur le tapis\. » \| Paul Durand \(\d+ car\.\), Sophie Bernard \(12 car\.\)/);
    const pdf = await fetch(`${p.url}/api/sessions/${ids.session}/minutes?format=pdf`, { headers: { authorization: `Bearer ${t.facilitator}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('comments: anchored, replies, resolve; observers read only; bad ranges refused', async () => {
    const c = await post(`/api/recommendations/${recId}/comments`, t.state, { body: 'Pourquoi un chien ?', versionId: v1.id, ...range('chat') });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ recommendationId: recId, versionId: v1.id, start: range('chat').start, end: range('chat').end, body: 'Pourquoi un chien ?', authorId: ids.state, parentId: null, resolved: false });
    const reply = await post(`/api/recommendations/${recId}/comments`, t.region, { body: 'Il garde mieux.', parentId: c.body.id });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ parentId: c.body.id, versionId: v1.id, start: c.body.start });
    const plain = await post(`/api/recommendations/${recId}/comments`, t.facilitator, { body: 'Sur l’ensemble.' });
    expect(plain.body).toMatchObject({ versionId: null, start: null, end: null });
    for (const [body, status] of [
      [{ body: '  ' }, 400],
      [{ body: 'x', versionId: v1.id, start: 5, end: 2 }, 400],
      [{ body: 'x', versionId: v1.id, start: 0, end: 10_000 }, 400],
      [{ body: 'x', start: 0, end: 2 }, 400],
      [{ body: 'x', parentId: '00000000-0000-4000-8000-000000000000' }, 400],
    ] as const) {
      expect((await post(`/api/recommendations/${recId}/comments`, t.state, body)).status).toBe(status);
    }
    expect((await post(`/api/recommendations/${recId}/comments`, t.observer, { body: 'Je lis.' })).status).toBe(403);
    const listed = await get(`/api/recommendations/${recId}/comments`, t.observer);
    expect(listed.body.total).toBe(3);
    expect(listed.body.items.map((x: any) => x.body)).toEqual(['Pourquoi un chien ?', 'Il garde mieux.', 'Sur l’ensemble.']);
    const resolved = await p.request('PATCH', `/api/comments/${c.body.id}`, { token: t.region, body: { resolved: true } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolved).toBe(true);
    expect((await p.request('PATCH', `/api/comments/${c.body.id}`, { token: t.observer, body: { resolved: false } })).status).toBe(403);
    expect((await p.request('PATCH', `/api/comments/${c.body.id}`, { token: t.region, body: { resolved: 'yes' } })).status).toBe(400);
  });

  it('two merges at once apply each amendment once; a merge in progress is a 409, a claim left by a stopped process goes stale', async () => {
    const rec = (await post(`/api/working-groups/${groupId}/recommendations`, t.facilitator, { title: 'Fusions concurrentes', horizon: 'quick_win' })).body.id;
    await editAs(p, t.state, rec, (doc) => doc.getXmlFragment('default').insert(0, [paragraph('Un agent unique par commune et un numéro unique.')]));
    const v = await post(`/api/recommendations/${rec}/versions`, t.facilitator);
    expect(v.status).toBe(201);
    const adopt = async (text: string, replacement: string) => {
      const a = await amend({ versionId: v.body.id, ...range(text, v.body.content), replacement, rationale: 'Précision.' }, t.state, rec);
      expect(a.status).toBe(201);
      expect((await post(`/api/amendments/${a.body.id}/decision`, t.facilitator, { status: 'adopted' })).status).toBe(200);
      return a.body.id as string;
    };
    const [x, y] = [await adopt('Un agent', 'Un référent'), await adopt('un numéro', 'une adresse')];
    const merges = await Promise.all([1, 2].map(() => post(`/api/recommendations/${rec}/amendments/merge`, t.facilitator)));
    for (const r of merges) expect([200, 409]).toContain(r.status);
    const merged = merges.flatMap((r) => (r.status === 200 ? r.body.merged : []));
    expect(merged.sort()).toEqual([x, y].sort()); // each once, by one of the two
    const seen = await watcher(p, t.observer, rec);
    try {
      expect(markdownOf(seen.doc)).toBe('Un référent unique par commune et une adresse unique.\n');
    } finally {
      seen.close();
    }
    // a claim taken moments ago (a merge running elsewhere) holds a second merge off, and changes nothing
    const z = await adopt('par commune', 'par intercommunalité');
    await ds.query('UPDATE amendment SET merging_since = now() WHERE id = $1', [z]);
    const busy = await post(`/api/recommendations/${rec}/amendments/merge`, t.facilitator);
    expect(busy.status).toBe(409);
    expect(busy.body.message).toContain('déjà en cours');
    expect((await get(`/api/amendments/${z}`)).body.merged).toBe(false);
    // one left by a process that stopped mid-merge goes stale: the next merge takes it and clears it
    await ds.query(`UPDATE amendment SET merging_since = now() - interval '10 minutes' WHERE id = $1`, [z]);
    const taken = await post(`/api/recommendations/${rec}/amendments/merge`, t.facilitator);
    expect(taken.status).toBe(200);
    expect(taken.body).toEqual({ merged: [z], skipped: [] });
    const [row] = await ds.query('SELECT merged_at, merging_since FROM amendment WHERE id = $1', [z]);
    expect(row.merged_at).not.toBeNull();
    expect(row.merging_since).toBeNull();
  });
});
