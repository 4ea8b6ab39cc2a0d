import * as Y from 'yjs';
import { CloseCode, encodeAwareness, encodeAwarenessUpdate, encodeQueryAwareness, encodeUpdate } from '@app/contracts';
import { CollabService, DOC_TOO_LARGE } from '../../apps/realtime/src/collab/collab.service';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { connect, RawCollabClient, sleep, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc, storedRows, userId } from './support/drafts';
import { overrideEnv } from '../support/env';
import { until } from '../support/within';

/** Limits lowered for this file (read by the realtime module at start). */
const ENV = {
  COLLAB_MESSAGES_PER_SECOND: '50',
  COLLAB_MESSAGE_BURST: '100',
  COLLAB_MAX_DOC_BYTES: '300000',
  COLLAB_COMPACT_EVERY: '10',
  COLLAB_COMPACT_IDLE_MS: '200',
  COLLAB_UNLOAD_GRACE_MS: '300',
};

/** An update that Yjs decodes but cannot apply to an empty document (found by mutating a real one). */
function unappliableUpdate(): Uint8Array {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const base = new Y.Doc();
  const frag = base.getXmlFragment('default');
  const para = new Y.XmlElement('paragraph');
  para.insert(0, [new Y.XmlText('bonjour à tous')]);
  frag.push([para]);
  base.getText('t').insert(0, 'abcdefghij');
  base.getText('t').delete(2, 3);
  const good = Y.encodeStateAsUpdate(base);
  for (let i = 0; i < 200_000; i++) {
    const u = Uint8Array.from(good);
    for (let k = 0; k <= rnd(3); k++) u[rnd(u.length)] = rnd(256);
    try {
      Y.decodeUpdate(u);
    } catch {
      continue;
    }
    try {
      Y.applyUpdate(new Y.Doc(), u);
    } catch {
      return u;
    }
  }
  throw new Error('no unappliable update found');
}

describe('live drafts: rights on open connections, limits', () => {
  let p: TestPlatform;
  let facilitator: string;
  let participant: string;
  let admin: string;
  let groupId: string;
  let restoreEnv = () => {};
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);
  const fresh = async () => (await newDraft(p, facilitator, groupId)).docName;

  beforeAll(async () => {
    restoreEnv = overrideEnv(ENV);
    p = await startTestPlatform();
    [facilitator, participant, admin] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.admin)]);
    groupId = (await demoDrafts(p, facilitator))[0].workingGroupId;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await p?.close();
    restoreEnv();
  });

  it('a lock through the API makes open connections read-only at once, an unlock gives writing back', async () => {
    const doc = await fresh();
    const id = doc.split(':')[1];
    const editor = track(await connect(p.url, doc, participant));
    const reader = track(await connect(p.url, doc, facilitator));
    editor.text.insert(0, 'avant');
    await waitFor(() => reader.text.toString() === 'avant');
    // in one process the bus runs the lock's handlers before the PATCH is answered
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    editor.text.insert(editor.text.length, ' pendant');
    reader.text.insert(0, 'facilitatrice ');
    // sync round trips are answered once every accepted edit is stored and relayed
    await editor.roundTrip();
    await reader.roundTrip();
    expect(reader.text.toString()).toBe('facilitatrice avant');
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('avant');
    expect(editor.closed).toBeNull();
    expect(reader.closed).toBeNull();
    // a new connection on the locked draft can't write either
    const late = track(await connect(p.url, doc, participant));
    late.text.insert(0, 'tard');
    await late.roundTrip();
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('avant');
    const quiet = track(await connect(p.url, doc, facilitator)); // connected while locked, wrote nothing
    expect((await p.request('PATCH', `/api/recommendations/${id}`, { token: facilitator, body: { locked: false } })).status).toBe(200);
    // the connections whose edits were dropped are out of step: closed so that they resync (1012, stock clients reconnect)
    expect((await editor.whenClosed(30_000)).code).toBe(1012);
    expect((await reader.whenClosed(30_000)).code).toBe(1012);
    const again = track(await connect(p.url, doc, participant));
    const other = track(await connect(p.url, doc, facilitator));
    expect(again.text.toString()).toBe('avant');
    again.text.insert(0, 'après ');
    await waitFor(() => other.text.toString() === 'après avant', 30_000, 'edit after unlock');
    // a connection that wrote nothing while locked simply gets writing back
    expect(quiet.closed).toBeNull();
    await waitFor(() => quiet.text.toString() === 'après avant');
    quiet.text.insert(quiet.text.length, '!');
    await waitFor(() => other.text.toString() === 'après avant!', 30_000, 'quiet edit');
    // the dropped edits never reached the stored document
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('après avant!');
  });

  it('closes with 4403 a member removed from the group while connected; a downgrade to observer makes read-only', async () => {
    const doc = await fresh();
    const [agglo, state] = await Promise.all([p.login(DEMO.agglo), p.login(DEMO.state)]);
    const [uid, stateUid] = await Promise.all([userId(p, agglo), userId(p, state)]);
    const removed = track(await connect(p.url, doc, agglo));
    const downgraded = track(await connect(p.url, doc, state));
    const reader = track(await connect(p.url, doc, facilitator));
    expect((await p.request('POST', `/api/working-groups/${groupId}/members`, { token: facilitator, body: { userId: stateUid, role: 'observer' } })).status).toBeLessThan(300);
    expect((await p.request('DELETE', `/api/working-groups/${groupId}/members/${uid}`, { token: facilitator })).status).toBeLessThan(300);
    const closed = await removed.whenClosed(30_000);
    expect(closed.code).toBe(CloseCode.Forbidden);
    downgraded.text.insert(0, 'observateur désormais');
    await downgraded.roundTrip();
    await reader.roundTrip();
    expect(reader.text.toString()).toBe('');
    expect(downgraded.closed).toBeNull();
    expect((await storedRows(p, doc)).updates).toBe(0);
    // and it can't come back
    expect((await new RawCollabClient(`${p.url.replace('http', 'ws')}/collab/${doc}?token=${agglo}`).whenClosed()).code).toBe(CloseCode.Forbidden);
  });

  it('closes with 4429 a connection that sends too many messages; the others carry on', async () => {
    const doc = await fresh();
    const other = track(await connect(p.url, doc, facilitator));
    const flooder = track(await connect(p.url, doc, participant));
    for (let i = 0; i < 300; i++) flooder.send(encodeQueryAwareness());
    expect((await flooder.whenClosed()).code).toBe(CloseCode.TooManyMessages);
    other.text.insert(0, 'ok');
    const check = track(await connect(p.url, doc, admin));
    await waitFor(() => check.text.toString() === 'ok');
  });

  it('refuses an update that makes the document too large (4413), the document stays as it was', async () => {
    const doc = await fresh();
    const writer = track(await connect(p.url, doc, participant));
    writer.text.insert(0, 'x'.repeat(200_000));
    const reader = track(await connect(p.url, doc, facilitator));
    await waitFor(() => reader.text.length === 200_000, 30_000);
    writer.text.insert(0, 'y'.repeat(150_000));
    expect((await writer.whenClosed()).code).toBe(DOC_TOO_LARGE);
    await reader.roundTrip();
    expect(reader.text.length).toBe(200_000);
    expect((await storedDoc(p, doc)).getText('t').length).toBe(200_000);
  });

  it('closes with 4400 an update Yjs cannot apply; the document is rebuilt from the database and nothing is lost', async () => {
    const doc = await fresh();
    const good = track(await connect(p.url, doc, facilitator));
    good.text.insert(0, 'texte sauvegardé');
    const check = track(await connect(p.url, doc, admin));
    await waitFor(() => check.text.toString() === 'texte sauvegardé');
    const bad = track(await connect(p.url, doc, participant));
    bad.send(encodeUpdate(unappliableUpdate()));
    expect((await bad.whenClosed()).code).toBe(CloseCode.Malformed);
    good.text.insert(good.text.length, ', puis la suite');
    await waitFor(() => check.text.toString() === 'texte sauvegardé, puis la suite', 30_000);
    const late = track(await connect(p.url, doc, participant));
    expect(late.text.toString()).toBe('texte sauvegardé, puis la suite');
    expect(good.closed).toBeNull();
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('texte sauvegardé, puis la suite');
  });

  it('refuses presence states over the cap (1009) and presence that is not JSON (4400)', async () => {
    const doc = await fresh();
    const a = track(await connect(p.url, doc, participant, { awareness: null }));
    a.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: a.doc.clientID, clock: 1, state: JSON.stringify({ user: { name: 'x'.repeat(10_000) } }) }])));
    expect((await a.whenClosed()).code).toBe(CloseCode.TooLarge);
    const b = track(await connect(p.url, doc, participant, { awareness: null }));
    b.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: b.doc.clientID, clock: 1, state: '{pas du json' }])));
    expect((await b.whenClosed()).code).toBe(CloseCode.Malformed);
  });

  it('compacts the log into a snapshot, and unloads idle documents after their last write', async () => {
    const doc = await fresh();
    const service = p.app.get(CollabService);
    const w = track(await connect(p.url, doc, participant, { acks: true }));
    for (let i = 0; i < 35; i++) {
      w.text.insert(w.text.length, `${i};`);
      await sleep(2);
    }
    await waitFor(() => w.allSaved, 30_000, 'saved');
    // compaction: every 10 updates, and after 200 ms idle
    await until(async () => (await storedRows(p, doc)).snapshot && (await storedRows(p, doc)).updates < 35, 'a compaction');
    const rows = await storedRows(p, doc);
    expect(rows.snapshot).toBe(true);
    expect(rows.updates).toBeLessThan(35);
    w.close();
    await waitFor(() => service.roomOf(doc) === undefined, 30_000, 'unload');
    const after = await storedRows(p, doc);
    expect(after).toMatchObject({ updates: 0, snapshot: true });
    const back = track(await connect(p.url, doc, facilitator));
    expect(back.text.toString()).toBe(Array.from({ length: 35 }, (_, i) => `${i};`).join(''));
  });
});
