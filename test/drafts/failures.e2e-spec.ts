import { DataSource } from 'typeorm';
import { CloseCode } from '@app/contracts';
import { CollabService } from '../../apps/realtime/src/collab/collab.service';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { collabUrl, connect, RawCollabClient, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc } from './support/drafts';
import { overrideEnv } from '../support/env';

/**
 * The database failing under the live-draft server: a load that fails refuses the connection
 * (never an empty document), a write that fails is kept and retried, and nothing is relayed
 * or acknowledged before it is stored. Failures are made real by renaming the tables.
 */
describe('live drafts: database failures, periodic re-check', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let facilitator: string;
  let participant: string;
  let groupId: string;
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);
  const ENV = { COLLAB_RECHECK_MS: '300', COLLAB_UNLOAD_GRACE_MS: '100' };
  let restoreEnv = () => {};

  beforeAll(async () => {
    restoreEnv = overrideEnv(ENV);
    p = await startTestPlatform();
    ds = p.app.get(DataSource);
    [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    groupId = (await demoDrafts(p, facilitator))[0].workingGroupId;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await p?.close();
    restoreEnv();
  });

  it('refuses connections (1011) while a draft cannot be loaded, and serves it intact afterwards', async () => {
    const doc = (await newDraft(p, facilitator, groupId)).docName;
    const w = track(await connect(p.url, doc, participant, { acks: true }));
    w.text.insert(0, 'contenu enregistré');
    await waitFor(() => w.allSaved, 30_000, 'saved');
    w.close();
    await waitFor(() => !p.app.get(CollabService).roomOf(doc), 30_000, 'unloaded');
    await ds.query('ALTER TABLE draft_update RENAME TO draft_update_away');
    try {
      const refused = track(new RawCollabClient(collabUrl(p.url, doc, participant)));
      const closed = await refused.whenClosed();
      expect(closed.code).toBe(1011);
      expect(refused.synced).toBe(false);
    } finally {
      await ds.query('ALTER TABLE draft_update_away RENAME TO draft_update');
    }
    const back = track(await connect(p.url, doc, participant));
    expect(back.text.toString()).toBe('contenu enregistré');
  });

  it('keeps and retries a write that fails; nothing is relayed or acknowledged before it is stored', async () => {
    // Every wait below is for an event (a relayed edit, a failed attempt, a presence); the
    // bounds only name what was awaited if it never comes, they are not the machine's speed.
    const LONG = 40_000;
    const doc = (await newDraft(p, facilitator, groupId)).docName;
    const writer = track(await connect(p.url, doc, participant, { acks: true }));
    const reader = track(await connect(p.url, doc, facilitator));
    const room = p.app.get(CollabService).roomOf(doc)!;
    writer.text.insert(0, 'premier');
    await waitFor(() => reader.text.toString() === 'premier', LONG, 'the first edit relayed');
    const acksBefore = writer.acks.length;
    let newcomer: RawCollabClient;
    await ds.query('ALTER TABLE draft_update RENAME TO draft_update_away');
    try {
      writer.text.insert(writer.text.length, ' puis second');
      writer.text.insert(writer.text.length, ' et troisième');
      // the server has tried to store the edits, twice, and failed: whatever it relays or
      // acknowledges too early would have gone out by now
      await waitFor(() => room.commits.storeFailures >= 2, LONG, 'two failed attempts to store');
      expect(reader.text.toString()).toBe('premier');
      expect(writer.acks.length).toBe(acksBefore);
      expect(writer.allSaved).toBe(false);
      // a newcomer is not answered with state that is not stored: its sync waits. It sends its
      // sync request, then its presence, on one socket: once the reader sees that presence,
      // the server has handled the sync request.
      newcomer = track(new RawCollabClient(collabUrl(p.url, doc, facilitator)));
      await waitFor(() => reader.awareness.getStates().has(newcomer.doc.clientID), LONG, "the newcomer's presence relayed");
      expect(newcomer.synced).toBe(false);
      expect(newcomer.text.toString()).toBe('');
      expect(room.commits.storeFailures).toBeGreaterThanOrEqual(2);
    } finally {
      await ds.query('ALTER TABLE draft_update_away RENAME TO draft_update');
    }
    await newcomer.whenSynced(LONG);
    expect(newcomer.text.toString()).toBe('premier puis second et troisième');
    await waitFor(() => reader.text.toString() === 'premier puis second et troisième', LONG, 'relayed once stored');
    await waitFor(() => writer.allSaved, LONG, 'acknowledged once stored');
    expect(room.commits.storeFailures).toBe(0);
    expect(writer.closed).toBeNull();
    expect((await storedDoc(p, doc)).getText('t').toString()).toBe('premier puis second et troisième');
  });

  it('the periodic re-check closes an admin outside the group who lost the admin role (4403)', async () => {
    const admin = await p.login(DEMO.admin);
    const created = await p.request('POST', '/api/users', {
      token: admin,
      body: { email: 'admin-temporaire@example.fr', displayName: 'Admin Temporaire', password: 'Mot-de-passe-123', role: 'admin', isRepresentative: false },
    });
    expect(created.status).toBe(201);
    const temp = await p.login('admin-temporaire@example.fr', 'Mot-de-passe-123');
    const doc = (await newDraft(p, facilitator, groupId)).docName;
    const c = track(await connect(p.url, doc, temp));
    expect((await p.request('PATCH', `/api/users/${created.body.id}`, { token: admin, body: { role: 'member' } })).status).toBe(200);
    expect((await c.whenClosed(30_000)).code).toBe(CloseCode.Forbidden);
  });
});
