import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createTestDatabase, TestDatabase } from '../support/database';
import { DEMO, DEMO_PASSWORD, startTestPlatform, TestPlatform } from '../support/platform';
import { ChildPlatform, startChildPlatform } from '../support/child-platform';
import { connect, RawCollabClient, sleep, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc, storedRows, storedRowsAt } from './support/drafts';
import { overrideEnv } from '../support/env';

const SECRET = 'test-secret-test-secret-test-secret-0123';

/** A y-websocket provider that reconnects fast and ignores the saved acknowledgements. */
function provider(base: string, docName: string, token: string, doc: Y.Doc): WebsocketProvider {
  const p = new WebsocketProvider(`${base.replace(/^http/, 'ws')}/collab`, docName, doc, {
    WebSocketPolyfill: WebSocket as any,
    params: { token },
    disableBc: true,
    maxBackoffTime: 300,
  });
  return p;
}

/** The text of a stored snapshot. */
const snapshotText = (state: Uint8Array | null): string | null => {
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
};

describe('live drafts: durability', () => {
  it('a client that reconnects after the server restarted gets every edit (and its offline edits are kept); a graceful stop folds the log into snapshots', async () => {
    const db: TestDatabase = await createTestDatabase();
    let p1: TestPlatform | undefined;
    let p2: TestPlatform | undefined;
    const docs: Y.Doc[] = [new Y.Doc(), new Y.Doc()];
    const providers: WebsocketProvider[] = [];
    let other: RawCollabClient | undefined;
    // no idle compaction: at the stop, the edits are still in the log
    const restoreEnv = overrideEnv({ COLLAB_COMPACT_IDLE_MS: '3600000' });
    try {
      p1 = await startTestPlatform({}, { databaseUrl: db.url });
      const [facilitator, participant] = await Promise.all([p1.login(DEMO.facilitator), p1.login(DEMO.region)]);
      const groupId = (await demoDrafts(p1, facilitator))[0].workingGroupId;
      const draft = await newDraft(p1, facilitator, groupId);
      providers.push(provider(p1.url, draft.docName, facilitator, docs[0]), provider(p1.url, draft.docName, participant, docs[1]));
      await waitFor(() => providers.every((p) => p.synced), 30_000, 'sync');
      docs[0].getText('t').insert(0, 'avant le redémarrage. ');
      docs[1].getText('t').insert(0, 'Participante : ');
      await waitFor(() => docs[0].getText('t').toString() === docs[1].getText('t').toString() && docs[0].getText('t').length > 30);
      const before = docs[0].getText('t').toString(); // the order of the two inserts at 0 depends on the Yjs client ids
      // a second document loaded at the stop, edited by a client still connected
      const draft2 = await newDraft(p1, facilitator, groupId, 'Second brouillon');
      other = await connect(p1.url, draft2.docName, participant, { acks: true });
      for (let i = 0; i < 5; i++) other.text.insert(other.text.length, `ligne ${i}. `);
      await waitFor(() => other!.allSaved, 30_000, 'second draft saved');
      const text2 = other.text.toString();
      for (const name of [draft.docName, draft2.docName]) expect((await storedRows(p1, name)).updates).toBeGreaterThan(0);
      const port = p1.port;
      await p1.close(); // graceful: the test database is not ours to drop (databaseUrl given)
      p1 = undefined;
      // the stop folded each document's log into its snapshot: the next load reads one row
      for (const [name, text] of [
        [draft.docName, before],
        [draft2.docName, text2],
      ]) {
        const rows = await storedRowsAt(db.url, name);
        expect(rows.updates).toBe(0);
        expect(snapshotText(rows.snapshot)).toBe(text);
      }
      await waitFor(() => providers.every((p) => !p.wsconnected), 30_000, 'disconnect');
      docs[1].getText('t').insert(docs[1].getText('t').length, 'Écrit hors ligne.');
      p2 = await startTestPlatform({ port }, { databaseUrl: db.url });
      await waitFor(() => providers.every((p) => p.synced), 30_000, 'resync after restart');
      const expected = `${before}Écrit hors ligne.`;
      expect(before).toMatch(/^(Participante : avant le redémarrage\. |avant le redémarrage\. Participante : )$/);
      await waitFor(() => docs.every((d) => d.getText('t').toString() === expected), 30_000, 'convergence after restart');
      const fresh = await connect(p2.url, draft.docName, await p2.login(DEMO.observer, DEMO_PASSWORD));
      expect(fresh.text.toString()).toBe(expected);
      fresh.close();
      expect((await storedDoc(p2, draft.docName)).getText('t').toString()).toBe(expected);
      const fresh2 = await connect(p2.url, draft2.docName, await p2.login(DEMO.observer, DEMO_PASSWORD));
      expect(fresh2.text.toString()).toBe(text2);
      fresh2.close();
    } finally {
      restoreEnv();
      providers.forEach((p) => (p.destroy(), p.awareness.destroy())); // the provider leaves its Awareness's timer running
      other?.close();
      await p1?.close();
      await p2?.close();
      await db.drop();
    }
  });

  describe('crash', () => {
    let db: TestDatabase | undefined;
    let dataDir: string | undefined;
    let node: ChildPlatform | undefined;

    /** The all-in-one platform in a child process, on this test's database (or PGlite folder). */
    const startChild = () => startChildPlatform({ JWT_SECRET: SECRET, DATABASE_URL: db ? db.url : '', DATA_DIR: dataDir ?? '' });

    beforeAll(async () => {
      // PGlite in a child process shares no memory with us: with DATABASE_URL use a PostgreSQL
      // database, else an embedded PGlite kept in a temporary folder that the restarted child reopens.
      if (process.env.DATABASE_URL) db = await createTestDatabase();
      else dataDir = mkdtempSync(join(tmpdir(), 'concertation-crash-'));
    });
    afterAll(async () => {
      await node?.kill();
      await db?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('an edit another client has seen survives a SIGKILL of the server', async () => {
      node = await startChild();
      const facilitator = await node.login(DEMO.facilitator);
      const participant = await node.login(DEMO.region);
      const draft = (await demoDrafts(node, facilitator))[0];
      const a = await connect(node.base, draft.docName, facilitator);
      const b = await connect(node.base, draft.docName, participant);
      const edits: string[] = [];
      // several edits, the last one seen by the other client right before the kill
      for (let i = 0; i < 5; i++) {
        const text = `[édition ${i} avant le crash]`;
        edits.push(text);
        a.text.insert(a.text.length, text);
        if (i < 4) await sleep(5);
      }
      await waitFor(() => b.text.toString().includes(edits[4]), 30_000, 'seen by the other client');
      await node.kill();
      a.close();
      b.close();

      node = await startChild();
      const c = await connect(node.base, draft.docName, await node.login(DEMO.observer));
      for (const e of edits) expect(c.text.toString()).toContain(e);
      // and the demo text before it
      expect(c.fragmentText.length).toBeGreaterThan(20);
      c.close();
      await node.stop();
    }, 420_000);
  });
});
