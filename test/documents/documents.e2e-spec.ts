import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { DataSource } from 'typeorm';
import { docNameFor } from '@app/contracts';
import { DraftStore } from '@app/database';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { findAll, readOdt, textOf } from '../support/odt';
import { createSession, demoGroup, freeze, userId } from '../decisions/helpers';

const schema = getSchema([StarterKit]);
const text = (t: string, ...marks: any[]) => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });
const para = (...content: any[]) => ({ type: 'paragraph', content });
const DRAFT = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Objectif partagé')] },
    para(text('Un '), text('guichet unique', { type: 'bold' }), text(' pour les '), text('collectivités', { type: 'italic' }), text('.')),
    { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [para(text('recenser les besoins'))] }, { type: 'listItem', content: [para(text('ouvrir le service'))] }] },
  ],
};

/** Documents: minutes and frozen versions as Markdown, PDF and OpenDocument text. */
describe('documents: ODT, PDF and Markdown exports', () => {
  let p: TestPlatform;
  const t: Record<string, string> = {};
  let recId: string;
  let session: string;
  let version: { id: string; number: number; contentHash: string };

  const get = (path: string, token?: string) => fetch(`${p.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    p = await startTestPlatform();
    for (const [k, email] of Object.entries(DEMO)) t[k] = await p.login(email);
    const group = await demoGroup(p, t.facilitator);
    const created = await p.request('POST', `/api/working-groups/${group}/recommendations`, { token: t.facilitator, body: { title: 'Guichet <unique> & partagé', horizon: 'quick_win' } });
    expect(created.status).toBe(201);
    recId = created.body.id;
    // the draft as an editor's client writes it: an update on top of the stored state
    const store = new DraftStore(p.app.get(DataSource));
    const doc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, DRAFT, doc.getXmlFragment('default'));
    await store.append(docNameFor(recId), [{ update: Y.encodeStateAsUpdate(doc), authorId: await userId(p, t.facilitator) }]);
    version = await freeze(p, t.facilitator, recId);
    session = await createSession(p, t.facilitator, group, [{ recommendationId: recId, minutes: 25 }]);
  });
  afterAll(() => p?.close());

  it('exports a frozen version as its Markdown, byte for byte (the hashed content)', async () => {
    const one = await p.request('GET', `/api/recommendations/${recId}/versions/${version.number}`, { token: t.observer });
    for (const q of ['', '?format=md']) {
      const res = await get(`/api/recommendations/${recId}/versions/${version.number}/export${q}`, t.observer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(await res.text()).toBe(one.body.content);
    }
  });

  it('exports a frozen version as an OpenDocument text with the same content', async () => {
    const res = await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=odt`, t.region);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="recommandation-${recId}-v${version.number}.odt"`);
    const pkg = await readOdt(Buffer.from(await res.arrayBuffer()));
    expect(pkg.first).toMatchObject({ name: 'mimetype', method: 0, data: 'application/vnd.oasis.opendocument.text' });
    expect(pkg.paragraphs).toEqual(['Objectif partagé', 'Un guichet unique pour les collectivités.', 'recenser les besoins', 'ouvrir le service']);
    expect(findAll(pkg.content, 'text:span').map((s) => textOf(s.children))).toEqual(['guichet unique', 'collectivités']);
    expect(pkg.xml['meta.xml']).toContain(`<dc:title>Guichet &lt;unique&gt; &amp; partagé — version ${version.number}</dc:title>`);
  });

  it('exports a frozen version as a PDF', async () => {
    const res = await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=pdf`, t.facilitator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses bad input and outsiders, and answers 404 for an unknown version', async () => {
    expect((await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=docx`, t.facilitator)).status).toBe(400);
    expect((await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=odt&x=1`, t.facilitator)).status).toBe(400);
    expect((await get(`/api/recommendations/${recId}/versions/abc/export?format=odt`, t.facilitator)).status).toBe(400);
    expect((await get(`/api/recommendations/not-a-uuid/versions/1/export`, t.facilitator)).status).toBe(400);
    expect((await get(`/api/recommendations/${recId}/versions/99/export?format=odt`, t.facilitator)).status).toBe(404);
    expect((await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=odt`)).status).toBe(401);
    const outsider = await p.request('POST', '/api/users', { token: t.admin, body: { email: 'dehors@exemple.fr', displayName: 'Dehors', password: 'Mot-de-passe-1' } });
    expect(outsider.status).toBe(201);
    const token = await p.login('dehors@exemple.fr', 'Mot-de-passe-1');
    expect((await get(`/api/recommendations/${recId}/versions/${version.number}/export?format=odt`, token)).status).toBe(403);
    expect((await get(`/api/sessions/${session}/minutes?format=odt`, token)).status).toBe(403);
  });

  it('gives the session minutes as ODT with the same content as the Markdown', async () => {
    const md = await (await get(`/api/sessions/${session}/minutes`, t.observer)).text();
    const res = await get(`/api/sessions/${session}/minutes?format=odt`, t.observer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    const pkg = await readOdt(Buffer.from(await res.arrayBuffer()));
    expect(pkg.order[0]).toBe('mimetype');
    expect(pkg.first.method).toBe(0);
    expect(pkg.paragraphs[0]).toBe('Compte rendu — Atelier ouvert n° 1');
    expect(md).toMatch(/^# Compte rendu — Atelier ouvert n° 1/);
    // the agenda table, cell by cell, as in the Markdown table
    const table = findAll(pkg.content, 'table:table')[0];
    const rows = findAll(table.children, 'table:table-row').map((r) => findAll(r.children, 'table:table-cell').map((c) => textOf(c.children)));
    expect(rows[0]).toEqual(['N°', 'Recommandation', 'Horizon', 'Statut', 'Durée']);
    expect(rows[1]).toEqual(['1', 'Guichet <unique> & partagé', 'mesure rapide', 'brouillon', '25 min']);
    expect(md).toContain('| 1 | Guichet \\<unique\\> & partagé | mesure rapide | brouillon | 25 min |');
    for (const heading of ['Ordre du jour', 'Versions soumises au vote', 'Votes', 'Positions des associations']) {
      expect(md).toContain(`## ${heading}`);
      expect(pkg.paragraphs).toContain(heading);
    }
  });
});
