import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, docNameFor, signAccessToken } from '@app/contracts';
import { presenceColor } from '@app/domain';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { collabUrl, connect, RawCollabClient, waitFor } from './support/collab-client';
import { DemoDraft, demoDrafts, newDraft, storedDoc, storedRows, userId } from './support/drafts';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe('live drafts: y-websocket at /collab', () => {
  let p: TestPlatform;
  let facilitator: string;
  let participant: string;
  let observer: string;
  let admin: string;
  let drafts: DemoDraft[];
  const clients: { close(): void }[] = [];
  const track = <T extends { close(): void } | WebsocketProvider>(c: T): T => {
    // the provider leaves its Awareness (and the awareness's timer) to the caller
    clients.push(c instanceof WebsocketProvider ? { close: () => (c.destroy(), c.awareness.destroy()) } : (c as { close(): void }));
    return c;
  };
  /** A fresh draft for one test (the demo ones are few and shared). */
  const fresh = async () => (await newDraft(p, facilitator, drafts[0].workingGroupId)).docName;

  beforeAll(async () => {
    p = await startTestPlatform();
    [facilitator, participant, observer, admin] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.observer), p.login(DEMO.admin)]);
    drafts = await demoDrafts(p, facilitator);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => p?.close());

  it('serves the demo drafts: Tiptap paragraphs in the XmlFragment `default`', async () => {
    expect(drafts.length).toBeGreaterThan(0);
    const c = track(await connect(p.url, drafts[0].docName, participant));
    const paragraphs = c.doc.getXmlFragment('default').toArray();
    expect(paragraphs.length).toBeGreaterThan(0);
    expect(paragraphs.every((n) => n instanceof Y.XmlElement && n.nodeName === 'paragraph')).toBe(true);
    expect(c.fragmentText.length).toBeGreaterThan(20);
  });

  it('two editors converge, through the raw protocol and the stock WebsocketProvider', async () => {
    const doc = await fresh();
    const a = track(await connect(p.url, doc, facilitator));
    const bDoc = new Y.Doc();
    const b = track(
      new WebsocketProvider(`${p.url.replace(/^http/, 'ws')}/collab`, doc, bDoc, { WebSocketPolyfill: WebSocket as any, params: { token: participant }, disableBc: true }),
    );
    await waitFor(() => b.synced, 30_000, 'provider sync');
    a.text.insert(0, 'Bonjour ');
    bDoc.getText('t').insert(0, 'à tous');
    await waitFor(() => a.text.toString() === bDoc.getText('t').toString() && a.text.length === 14, 30_000, 'convergence');
    // concurrent edits
    for (let i = 0; i < 20; i++) {
      a.text.insert(a.text.length, `a${i}`);
      bDoc.getText('t').insert(0, `b${i}`);
    }
    await waitFor(() => a.text.toString() === bDoc.getText('t').toString() && a.text.length === 14 + 2 * (10 * 2 + 10 * 3), 30_000, 'convergence 2');
    // and a third client arriving later gets the same document
    const c = track(await connect(p.url, doc, admin));
    expect(c.text.toString()).toBe(a.text.toString());
    // stored with the editors as authors (from the connection, not the Yjs client id)
    const rows = await storedRows(p, doc);
    const ids = new Set(rows.authors);
    expect(ids.has(await userId(p, facilitator))).toBe(true);
    expect(ids.has(await userId(p, participant))).toBe(true);
  });

  it('gives each newcomer the document as it is now (the whole-state encoding shared by newcomers follows every edit)', async () => {
    const doc = await fresh();
    const writer = track(await connect(p.url, doc, facilitator, { acks: true }));
    const expectNewcomerSees = async (text: string) => {
      for (let i = 0; i < 2; i++) {
        const c = track(await connect(p.url, doc, participant));
        expect(c.text.toString()).toBe(text);
        c.close();
      }
    };
    await expectNewcomerSees('');
    for (const word of ['Premier ', 'deuxième ', 'troisième']) {
      writer.text.insert(writer.text.length, word);
      await waitFor(() => writer.allSaved, 30_000, 'saved');
      await expectNewcomerSees(writer.text.toString());
    }
    writer.text.delete(0, 8);
    await waitFor(() => writer.allSaved, 30_000, 'saved');
    await expectNewcomerSees('deuxième troisième');
  });

  it('stores a burst of one editor as a few merged rows (its author kept), relayed whole, and keeps two editors apart', async () => {
    const doc = await fresh();
    const a = track(await connect(p.url, doc, facilitator, { acks: true }));
    const b = track(await connect(p.url, doc, participant, { acks: true }));
    const viewer = track(await connect(p.url, doc, admin));
    // a paste typed out: 300 updates sent at once (each arrives while the previous write is in flight)
    for (let i = 0; i < 300; i++) a.text.insert(a.text.length, `<${i}>`);
    await waitFor(() => a.allSaved, 30_000, 'burst saved');
    const expected = Array.from({ length: 300 }, (_, i) => `<${i}>`).join('');
    await waitFor(() => viewer.text.toString() === expected, 30_000, 'burst relayed');
    const afterBurst = await storedRows(p, doc);
    expect(afterBurst.updates).toBeGreaterThanOrEqual(Math.ceil(300 / 32));
    expect(afterBurst.updates).toBeLessThan(150);
    const facilitatorId = await userId(p, facilitator);
    expect(afterBurst.authors.every((x) => x === facilitatorId)).toBe(true);
    // two editors at once: never merged together, each row keeps its author
    for (let i = 0; i < 50; i++) {
      a.text.insert(0, 'a');
      b.text.insert(b.text.length, 'b');
    }
    await waitFor(() => a.allSaved && b.allSaved, 30_000, 'both saved');
    await waitFor(() => viewer.text.length === expected.length + 100, 30_000, 'both relayed');
    const rows = await storedRows(p, doc);
    const participantId = await userId(p, participant);
    expect(new Set(rows.authors.slice(afterBurst.updates))).toEqual(new Set([facilitatorId, participantId]));
    const stored = await storedDoc(p, doc);
    expect(stored.getText('t').toString()).toBe(viewer.text.toString());
    expect(a.text.toString()).toBe(viewer.text.toString());
  });

  it('acknowledges saved edits to connections opened with acks=1, and only to them', async () => {
    const doc = await fresh();
    const a = track(await connect(p.url, doc, facilitator, { acks: true }));
    const plain = track(await connect(p.url, doc, participant));
    expect(a.allSaved).toBe(true);
    a.text.insert(0, 'sauvegardé');
    expect(a.allSaved).toBe(false);
    await waitFor(() => a.allSaved, 30_000, 'ack');
    await waitFor(() => plain.text.toString() === 'sauvegardé');
    // the ack state vector covers the stored document: what a fresh load from the database gives
    const { DraftStore } = await import('@app/database');
    const { DataSource } = await import('typeorm');
    const stored = await new DraftStore(p.app.get(DataSource)).load(doc);
    const storedDoc = new Y.Doc();
    Y.applyUpdate(storedDoc, stored.state);
    expect(storedDoc.getText('t').toString()).toBe('sauvegardé');
    expect(plain.received.some((m) => m[0] === 100)).toBe(false);
  });

  it('observers read but their updates are dropped: never relayed, never stored', async () => {
    const doc = await fresh();
    const editor = track(await connect(p.url, doc, facilitator));
    const obs = track(await connect(p.url, doc, observer, { acks: true }));
    const adm = track(await connect(p.url, doc, admin)); // admins outside the group read only
    const before = await storedRows(p, doc);
    obs.text.insert(0, 'observateur');
    adm.text.insert(0, 'admin');
    editor.text.insert(0, 'animatrice');
    await waitFor(() => obs.text.toString().includes('animatrice') && adm.text.toString().includes('animatrice'), 30_000, 'the editor’s text relayed');
    // a sync round trip is answered once every accepted edit of that connection is stored and
    // relayed: after these, the observer's and the admin's edits would have reached the editor
    await obs.roundTrip();
    await adm.roundTrip();
    await editor.roundTrip();
    expect(editor.text.toString()).toBe('animatrice');
    const after = await storedRows(p, doc);
    expect(after.updates - before.updates).toBe(1);
    expect(obs.closed).toBeNull(); // the connection stays open
    // a fresh reader sees only the editor's text
    const reader = track(await connect(p.url, doc, participant));
    expect(reader.text.toString()).toBe('animatrice');
  });

  it('sets the whole presence user field (name from the token, real group role, colour), one awareness id per connection', async () => {
    const doc = await fresh();
    const spoofer = track(await connect(p.url, doc, participant, { awareness: { user: { name: 'Le Président', role: 'admin', color: '#ff0000' } } }));
    const watcher = track(await connect(p.url, doc, observer, { awareness: { user: { name: 'Léa' } } }));
    await waitFor(() => watcher.awareness.getStates().has(spoofer.doc.clientID), 30_000, 'presence');
    const shown = { name: 'Sophie Bernard', role: 'participant', color: presenceColor(await userId(p, participant)) };
    expect(watcher.awareness.getStates().get(spoofer.doc.clientID)).toEqual({ user: shown });
    // claiming another client id (the watcher's) is refused
    const { encodeAwareness, encodeAwarenessUpdate } = await import('@app/contracts');
    spoofer.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: watcher.doc.clientID, clock: 99, state: JSON.stringify({ user: { name: 'Faux' } }) }])));
    spoofer.awareness.setLocalState({ user: { name: 'Encore faux', role: 'facilitator' }, cursor: { anchor: 1 } });
    await waitFor(() => (watcher.awareness.getStates().get(spoofer.doc.clientID) as any)?.cursor?.anchor === 1, 30_000);
    expect(watcher.awareness.getStates().get(spoofer.doc.clientID)).toEqual({ user: shown, cursor: { anchor: 1 } });
    expect((watcher.awareness.getStates().get(watcher.doc.clientID) as any).user.name).toBe('Léa');
    // others see the observer as an observer (the watcher's own copy is its local state)
    await waitFor(() => spoofer.awareness.getStates().has(watcher.doc.clientID), 30_000, 'the observer\'s presence');
    expect((spoofer.awareness.getStates().get(watcher.doc.clientID) as any).user).toEqual({ name: 'Léa Moreau', role: 'observer', color: presenceColor(await userId(p, observer)) });
    // leaving removes the presence
    spoofer.close();
    await waitFor(() => !watcher.awareness.getStates().has(spoofer.doc.clientID), 30_000, 'presence removed');
  });

  describe('close codes', () => {
    const closeOf = async (url: string, send?: (c: RawCollabClient) => void) => {
      const c = track(new RawCollabClient(url));
      if (send) {
        await c.whenSynced();
        send(c);
      }
      return c.whenClosed();
    };

    it('4401 without a token, with a bad or expired one', async () => {
      const doc = drafts[0].docName;
      expect((await closeOf(collabUrl(p.url, doc))).code).toBe(CloseCode.BadToken);
      expect((await closeOf(collabUrl(p.url, doc, 'abc.def.ghi'))).code).toBe(CloseCode.BadToken);
      const other = signAccessToken('another-secret-another-secret-another', { sub: 'x', name: 'x', role: 'member', org: null }, 60);
      expect((await closeOf(collabUrl(p.url, doc, other))).code).toBe(CloseCode.BadToken);
      const c = await closeOf(collabUrl(p.url, doc, ''));
      expect(c).toEqual({ code: 4401, reason: 'Jeton absent, invalide ou expiré' });
      // a valid signature for an account that does not exist
      const ghost = signAccessToken(SECRET, { sub: '00000000-0000-4000-8000-000000000000', name: 'Fantôme', role: 'admin', org: null }, 60);
      expect((await closeOf(collabUrl(p.url, doc, ghost))).code).toBe(CloseCode.BadToken);
    });

    it('4401 when the token expires on an open connection', async () => {
      const id = await userId(p, participant);
      // `exp` is in whole seconds: a 1-second token leaves 0 to 1 s, which a loaded machine can spend
      // on the handshake alone (CI saw it close before sync). Five seconds leave room to open first.
      const short = signAccessToken(SECRET, { sub: id, name: 'Sophie Bernard', role: 'member', org: null }, 5);
      const c = track(await connect(p.url, drafts[0].docName, short));
      const closed = await c.whenClosed(30_000);
      expect(closed.code).toBe(CloseCode.BadToken);
    });

    it('4404 for an unknown document or a malformed name', async () => {
      expect((await closeOf(collabUrl(p.url, docNameFor('6f1c1c8e-1111-4111-8111-111111111111'), participant))).code).toBe(CloseCode.UnknownDocument);
      expect((await closeOf(collabUrl(p.url, 'recommendation:pas-un-uuid', participant))).code).toBe(CloseCode.UnknownDocument);
      expect((await closeOf(collabUrl(p.url, 'autre-chose', participant))).code).toBe(CloseCode.UnknownDocument);
    });

    it('4403 for a user outside the group', async () => {
      const created = await p.request('POST', '/api/users', {
        token: admin,
        body: { email: 'hors-groupe@example.fr', displayName: 'Hors Groupe', password: 'Mot-de-passe-123', role: 'member', isRepresentative: false },
      });
      expect(created.status).toBe(201);
      const outsider = await p.login('hors-groupe@example.fr', 'Mot-de-passe-123');
      expect((await closeOf(collabUrl(p.url, drafts[0].docName, outsider))).code).toBe(CloseCode.Forbidden);
    });

    it('4400 for a malformed frame, a text frame, or an update Yjs cannot apply; others carry on', async () => {
      const doc = await fresh();
      const bystander = track(await connect(p.url, doc, facilitator));
      expect((await closeOf(collabUrl(p.url, doc, participant), (c) => c.send(Uint8Array.of(0, 2, 50, 1)))).code).toBe(CloseCode.Malformed);
      expect((await closeOf(collabUrl(p.url, doc, participant), (c) => c.send(Uint8Array.of(42)))).code).toBe(CloseCode.Malformed);
      expect((await closeOf(collabUrl(p.url, doc, participant), (c) => c.send('{"hello":1}'))).code).toBe(CloseCode.Malformed);
      // the bystander still edits and is stored
      bystander.text.insert(0, 'toujours là');
      const check = track(await connect(p.url, doc, observer));
      await waitFor(() => check.text.toString() === 'toujours là');
    });

    it('1009 for a frame over the limit (1 MB)', async () => {
      const big = new Uint8Array(1024 * 1024 + 100);
      big[0] = 0;
      big[1] = 2;
      expect((await closeOf(collabUrl(p.url, drafts[0].docName, participant), (c) => c.send(big))).code).toBe(CloseCode.TooLarge);
    });
  });
});
