import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import * as Y from 'yjs';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { docNameFor } from '@app/contracts';
import { DraftStore } from '@app/database';
import { proseMirrorToMarkdown, yXmlFragmentToProseMirror } from '@app/domain';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { connect, RawCollabClient, waitFor } from '../drafts/support/collab-client';
import { draftToMarkdown } from '../../apps/api/src/versions/versions.service';

const schema = getSchema([StarterKit]);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** ProseMirror JSON helpers (Tiptap StarterKit schema). */
const text = (t: string, ...marks: any[]) => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });
const para = (...content: any[]) => ({ type: 'paragraph', content });

const FIRST_DRAFT = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Objectif')] },
    para(text('Mettre à disposition un '), text('dispositif commun', { type: 'bold' }), text(' d’identification, voir '), text('FranceConnect', { type: 'link', attrs: { href: 'https://franceconnect.gouv.fr/' } }), text('.')),
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [para(text('pour les agents'))] },
        { type: 'listItem', content: [para(text('pour les élus')), { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [para(text('maires'))] }] }] },
      ],
    },
    { type: 'blockquote', content: [para(text('« dites-le nous une fois »', { type: 'italic' }))] },
    para(text('Coût : 2 * 3 M€'), { type: 'hardBreak' }, text('# pas un titre')),
  ],
};
const FIRST_MARKDOWN = [
  '## Objectif',
  '',
  'Mettre à disposition un **dispositif commun** d’identification, voir [FranceConnect](https://franceconnect.gouv.fr/).',
  '',
  '- pour les agents',
  '- pour les élus',
  '  1. maires',
  '',
  '> *« dites-le nous une fois »*',
  '',
  'Coût : 2 \\* 3 M€\\',
  '\\# pas un titre',
  '',
].join('\n');

describe('versions: freeze the live draft, read, diff', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let store: DraftStore;
  let groupId: string;
  let recId: string;
  let tokens: Record<'admin' | 'facilitator' | 'participant' | 'observer' | 'outsider', string>;
  let facilitatorId: string;

  /** Replaces the stored draft with `json`, as an editor's client would: an update on top of the stored state. */
  async function writeDraft(recommendationId: string, json: unknown, authorId: string | null = null): Promise<void> {
    const docName = docNameFor(recommendationId);
    const { state } = await store.load(docName);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment('default'));
    await store.append(docName, [{ update: Y.encodeStateAsUpdate(doc, before), authorId }]);
  }

  /** A fresh recommendation of the demo group (nothing in its draft), created through the API. */
  async function newRecommendation(title: string): Promise<string> {
    const res = await p.request('POST', `/api/working-groups/${groupId}/recommendations`, { token: tokens.facilitator, body: { title, horizon: 'quick_win' } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const lock = async (id: string, locked: boolean) =>
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: tokens.facilitator, body: { locked } })).status).toBe(200);

  const freeze = (id: string, token = tokens.facilitator) => p.request('POST', `/api/recommendations/${id}/versions`, { token });

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.app.get<DataSource>(getDataSourceToken());
    store = new DraftStore(ds);
    tokens = {
      admin: await p.login(DEMO.admin),
      facilitator: await p.login(DEMO.facilitator),
      participant: await p.login(DEMO.region),
      observer: await p.login(DEMO.observer),
      outsider: '',
    };
    const me = await p.request('GET', '/api/me', { token: tokens.facilitator });
    facilitatorId = me.body.id;
    groupId = me.body.memberships[0].workingGroupId;
    // someone who belongs to no working group
    const created = await p.request('POST', '/api/users', {
      token: tokens.admin,
      body: { email: 'hors-groupe@exemple.fr', displayName: 'Hors Groupe', password: 'Mot-de-passe-1' },
    });
    expect(created.status).toBe(201);
    tokens.outsider = await p.login('hors-groupe@exemple.fr', 'Mot-de-passe-1');
    recId = await newRecommendation('Identification des agents et des élus');
  });
  afterAll(() => p?.close());

  it('freezes exactly what the editors see: the stored draft as Markdown, with its sha256', async () => {
    await writeDraft(recId, FIRST_DRAFT, facilitatorId);
    const res = await freeze(recId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recommendationId: recId, number: 1, content: FIRST_MARKDOWN, createdBy: facilitatorId });
    expect(res.body.contentHash).toBe(sha256(res.body.content));
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect(Object.keys(res.body).sort()).toEqual(['content', 'contentHash', 'createdAt', 'createdBy', 'id', 'number', 'recommendationId']);

    // the Yjs state is kept with the version and gives the same Markdown
    const [row] = await ds.query('SELECT ydoc_snapshot FROM recommendation_version WHERE id = $1', [res.body.id]);
    expect(draftToMarkdown(new Uint8Array(row.ydoc_snapshot)).content).toBe(FIRST_MARKDOWN);

    // and the change is in the audit chain
    const audit = await p.request('GET', '/api/audit?limit=5', { token: tokens.admin });
    expect(audit.body.items[0]).toMatchObject({ action: 'version.created', entityId: res.body.id, actorId: facilitatorId, data: { recommendationId: recId, number: 1, contentHash: res.body.contentHash } });
    expect((await p.request('GET', '/api/audit/verify', { token: tokens.admin })).body.ok).toBe(true);
  });

  it('reads versions: list by number, one by number, for every member and admins', async () => {
    for (const token of [tokens.facilitator, tokens.participant, tokens.observer, tokens.admin]) {
      const list = await p.request('GET', `/api/recommendations/${recId}/versions`, { token });
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ number: 1, content: FIRST_MARKDOWN });
      const one = await p.request('GET', `/api/recommendations/${recId}/versions/1`, { token });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(list.body.items[0]);
    }
  });

  it('freezes the next edits as version 2, on a locked draft too, and diffs word by word', async () => {
    const second = structuredClone(FIRST_DRAFT);
    second.content[1] = para(text('Mettre à disposition un '), text('dispositif partagé', { type: 'bold' }), text(' d’identification.'));
    second.content.push(para(text('Nouveau paragraphe.')));
    await writeDraft(recId, second, facilitatorId);
    await store.compact(docNameFor(recId)); // snapshot + log are read the same way
    await lock(recId, true);

    const res = await freeze(recId);
    expect(res.status).toBe(201);
    expect(res.body.number).toBe(2);
    expect(res.body.contentHash).toBe(sha256(res.body.content));
    expect(res.body.content).toContain('**dispositif partagé** d’identification.\n');
    expect(res.body.content.endsWith('Nouveau paragraphe.\n')).toBe(true);

    const diff = await p.request('GET', `/api/recommendations/${recId}/versions/1/diff/2`, { token: tokens.observer });
    expect(diff.status).toBe(200);
    const { changes } = diff.body;
    const v2 = res.body.content;
    expect(changes.filter((c: any) => c.op !== 'insert').map((c: any) => c.text).join('')).toBe(FIRST_MARKDOWN);
    expect(changes.filter((c: any) => c.op !== 'delete').map((c: any) => c.text).join('')).toBe(v2);
    expect(changes).toContainEqual({ op: 'delete', text: 'commun' });
    expect(changes).toContainEqual({ op: 'insert', text: 'partagé' });
    for (let i = 1; i < changes.length; i++) expect(changes[i].op).not.toBe(changes[i - 1].op);

    const back = await p.request('GET', `/api/recommendations/${recId}/versions/2/diff/1`, { token: tokens.participant });
    expect(back.body.changes).toContainEqual({ op: 'delete', text: 'partagé' });
    const same = await p.request('GET', `/api/recommendations/${recId}/versions/2/diff/2`, { token: tokens.participant });
    expect(same.body.changes).toEqual([{ op: 'equal', text: v2 }]);
  });

  it('freezes what live editors wrote through /collab, as both editors see it; a locked draft takes no more edits', async () => {
    const id = await newRecommendation('Édition en direct');
    const docName = docNameFor(id);
    const clients: RawCollabClient[] = [];
    try {
      const writer = await connect(p.url, docName, tokens.participant, { acks: true });
      const reader = await connect(p.url, docName, tokens.facilitator);
      clients.push(writer, reader);
      prosemirrorJSONToYXmlFragment(schema, FIRST_DRAFT, writer.doc.getXmlFragment('default'));
      // the server says it has committed every edit of the writer
      await waitFor(() => writer.allSaved && writer.acks.length > 0, 30_000, 'saved acknowledgement');
      const seen = (c: RawCollabClient) => proseMirrorToMarkdown(yXmlFragmentToProseMirror(c.doc.getXmlFragment('default')));
      await waitFor(() => seen(reader) === FIRST_MARKDOWN, 30_000, 'the edit relayed to the other editor');

      await lock(id, true);
      // an edit after the lock is refused: not stored, so not frozen
      const late = writer.doc.getXmlFragment('default');
      const para2 = new Y.XmlElement('paragraph');
      para2.insert(0, [new Y.XmlText('écrit après le verrouillage')]);
      late.insert(late.length, [para2]);
      // answered once every accepted edit of the writer is stored: the refused one is not
      await writer.roundTrip();

      const res = await freeze(id);
      expect(res.status).toBe(201);
      expect(res.body.content).toBe(FIRST_MARKDOWN);
      expect(res.body.content).toBe(seen(reader));
      expect(res.body.contentHash).toBe(sha256(seen(reader)));
    } finally {
      clients.forEach((c) => c.close());
    }
  });

  it('lets admins freeze; an empty draft freezes as an empty text', async () => {
    const empty = await newRecommendation('Brouillon vide');
    const res = await freeze(empty, tokens.admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: 1, content: '', contentHash: sha256('') });
  });

  it('numbers concurrent freezes without gaps or duplicates; an unchanged draft is frozen once, the others get 409 no_change', async () => {
    const id = await newRecommendation('Gel concurrent');
    for (const round of [1, 2, 3]) {
      await writeDraft(id, { type: 'doc', content: [para(text(`texte ${round}`))] });
      const results = await Promise.all(Array.from({ length: 3 }, () => freeze(id)));
      const created = results.filter((r) => r.status === 201);
      expect(created.map((r) => r.body.number)).toEqual([round]);
      for (const r of results.filter((x) => x.status !== 201)) expect({ status: r.status, code: r.body.code }).toEqual({ status: 409, code: 'no_change' });
    }
    const list = await p.request('GET', `/api/recommendations/${id}/versions?limit=2&offset=1`, { token: tokens.participant });
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((v: any) => v.number)).toEqual([2, 3]);
  });

  it('refuses to freeze a draft that has not changed since the latest version: 409 no_change, nothing written (API.md v2)', async () => {
    const id = await newRecommendation('Rien de neuf');
    await writeDraft(id, { type: 'doc', content: [para(text('Première rédaction.'))] });
    expect((await freeze(id)).status).toBe(201);
    const auditBefore = (await p.request('GET', '/api/audit?limit=1', { token: tokens.admin })).body.total;
    const again = await freeze(id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'no_change' });
    expect(again.body.message).toContain('Aucune modification depuis la version 1');
    expect((await p.request('GET', `/api/recommendations/${id}/versions`, { token: tokens.participant })).body.total).toBe(1);
    expect((await p.request('GET', '/api/audit?limit=1', { token: tokens.admin })).body.total).toBe(auditBefore);
    // an edit makes it freezable again
    await writeDraft(id, { type: 'doc', content: [para(text('Première rédaction.')), para(text('Un ajout.'))] });
    const next = await freeze(id);
    expect({ status: next.status, number: next.body.number }).toEqual({ status: 201, number: 2 });
  });

  it('refuses freezing to participants, observers, non-members, and without a token', async () => {
    const before = (await p.request('GET', `/api/recommendations/${recId}/versions`, { token: tokens.admin })).body.total;
    expect((await freeze(recId, tokens.participant)).status).toBe(403);
    expect((await freeze(recId, tokens.observer)).status).toBe(403);
    expect((await freeze(recId, tokens.outsider)).status).toBe(403);
    expect((await p.request('POST', `/api/recommendations/${recId}/versions`)).status).toBe(401);
    expect((await p.request('POST', `/api/recommendations/${recId}/versions`, { token: 'not.a.token' })).status).toBe(401);
    expect((await p.request('GET', `/api/recommendations/${recId}/versions`, { token: tokens.admin })).body.total).toBe(before);
  });

  it('refuses reading to non-members and anonymous users', async () => {
    for (const path of ['', '/1', '/1/diff/2']) {
      const res = await p.request('GET', `/api/recommendations/${recId}/versions${path}`, { token: tokens.outsider });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect((await p.request('GET', `/api/recommendations/${recId}/versions${path}`)).status).toBe(401);
    }
  });

  it('answers 404 for an unknown recommendation or version, 400 for malformed ids and numbers', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await freeze(unknown)).status).toBe(404);
    expect((await p.request('GET', `/api/recommendations/${unknown}/versions`, { token: tokens.admin })).status).toBe(404);
    expect((await p.request('GET', `/api/recommendations/${unknown}/versions/1`, { token: tokens.admin })).status).toBe(404);
    for (const n of ['99', '0', '-1', '99999999999']) {
      expect((await p.request('GET', `/api/recommendations/${recId}/versions/${n}`, { token: tokens.participant })).status).toBe(404);
    }
    expect((await p.request('GET', `/api/recommendations/${recId}/versions/1/diff/99`, { token: tokens.participant })).status).toBe(404);
    expect((await p.request('GET', `/api/recommendations/${recId}/versions/99/diff/1`, { token: tokens.participant })).status).toBe(404);
    expect((await freeze('pas-un-uuid')).status).toBe(400);
    for (const n of ['abc', '1.5', '1e3', '0x10']) {
      const res = await p.request('GET', `/api/recommendations/${recId}/versions/${n}`, { token: tokens.participant });
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    }
    expect((await p.request('GET', `/api/recommendations/${recId}/versions/1/diff/x`, { token: tokens.participant })).status).toBe(400);
    expect((await p.request('GET', `/api/recommendations/${recId}/versions?limit=0`, { token: tokens.participant })).status).toBe(400);
    expect((await p.request('GET', `/api/recommendations/${recId}/versions?foo=1`, { token: tokens.participant })).status).toBe(400);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = await p.request('GET', '/api/docs-json');
    expect(doc.body.paths['/api/recommendations/{id}/versions']).toBeDefined();
    expect(doc.body.paths['/api/recommendations/{id}/versions/{a}/diff/{b}']).toBeDefined();
  });

  it('property: any two frozen texts diff so that equal+delete gives a and equal+insert gives b', async () => {
    const id = await newRecommendation('Propriété du diff');
    const words = fc.array(fc.constantFrom('la', 'commune', 'État', 'région', 'données', '**gras**', '- puce', '1.', '\n', ' '), { maxLength: 12 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(words, words, async (wa, wb) => {
        // each frozen text differs from the previous one (an unchanged draft is not frozen twice)
        run++;
        await writeDraft(id, { type: 'doc', content: [para(text(`${run}a ${wa.join(' ')}`))] });
        const a = (await freeze(id)).body;
        await writeDraft(id, { type: 'doc', content: [para(text(`${run}b ${wb.join(' ')}`))] });
        const b = (await freeze(id)).body;
        const { changes } = (await p.request('GET', `/api/recommendations/${id}/versions/${a.number}/diff/${b.number}`, { token: tokens.observer })).body;
        expect(changes.filter((c: any) => c.op !== 'insert').map((c: any) => c.text).join('')).toBe(a.content);
        expect(changes.filter((c: any) => c.op !== 'delete').map((c: any) => c.text).join('')).toBe(b.content);
      }),
      { numRuns: 10 },
    );
  }, 120_000);
});
