import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { DraftStore } from '@app/database';
import { CollabService } from '../../apps/realtime/src/collab/collab.service';
import { EditRefused } from '../../apps/realtime/src/collab/doc-room';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { overrideEnv } from '../support/env';
import { connect, RawCollabClient, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, storedDoc, storedRows, userId } from './support/drafts';

const paragraph = (text: string) => (doc: Y.Doc) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [p]);
};

/**
 * Edits made by the server (CollabService.applyEdit: what merging amendments uses): stored with
 * their author like a client's, relayed only once stored, on a draft open or not.
 */
describe('live drafts: edits made by the server', () => {
  let p: TestPlatform;
  let service: CollabService;
  let facilitator: string;
  let participant: string;
  let facilitatorId: string;
  let groupId: string;
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);
  let restoreEnv = () => {};

  beforeAll(async () => {
    restoreEnv = overrideEnv({ COLLAB_UNLOAD_GRACE_MS: '100' });
    p = await startTestPlatform();
    service = p.app.get(CollabService);
    [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    facilitatorId = await userId(p, facilitator);
    groupId = (await demoDrafts(p, facilitator))[0].workingGroupId;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await p?.close();
    restoreEnv();
  });

  it('on a draft no one has open: loads it, stores the edit with its author, and resolves once stored', async () => {
    const draft = await newDraft(p, facilitator, groupId);
    expect(service.roomOf(draft.docName)).toBeUndefined();
    const res = await service.applyEdit(draft.id, facilitatorId, paragraph('Amendement 1 fusionné'));
    expect(res.changed).toBe(true);
    const stored = await storedDoc(p, draft.docName);
    expect(stored.getXmlFragment('default').toString()).toContain('Amendement 1 fusionné');
    expect(Y.encodeStateVector(stored)).toEqual(res.stateVector);
    expect((await storedRows(p, draft.docName)).authors).toEqual([facilitatorId]);
    // the room goes away as usual
    await waitFor(() => service.roomOf(draft.docName) === undefined, 30_000, 'unload');
  });

  it('on an open draft: the editors get the edit after it is stored, never before', async () => {
    const draft = await newDraft(p, facilitator, groupId);
    const editor = track(await connect(p.url, draft.docName, participant, { acks: true }));
    const store = service.store as DraftStore;
    const append = store.append.bind(store);
    let failures = 0;
    store.append = (name, updates) =>
      append(name, updates).catch((err) => {
        failures++;
        throw err;
      });
    const ds = p.app.get(DataSource);
    let edit: Promise<unknown>;
    let settled = false;
    await ds.query('ALTER TABLE draft_update RENAME TO draft_update_away');
    try {
      edit = service.applyEdit(draft.id, facilitatorId, paragraph('Amendement 2 fusionné'));
      void edit.finally(() => (settled = true));
      await waitFor(() => failures >= 2, 30_000, 'two failed attempts to store the edit');
      expect(editor.fragmentText).toBe('');
      expect(settled).toBe(false);
    } finally {
      await ds.query('ALTER TABLE draft_update_away RENAME TO draft_update');
      store.append = append;
    }
    await edit;
    await waitFor(() => editor.fragmentText === 'Amendement 2 fusionné', 30_000, 'relayed once stored');
    expect((await storedRows(p, draft.docName)).authors).toEqual([facilitatorId]);
    // the editor's own edits go on as before, on top of the server's
    editor.doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    await waitFor(() => editor.allSaved, 30_000, 'own edit saved');
  });

  it('an edit that changes nothing stores nothing; an unknown recommendation is refused', async () => {
    const draft = await newDraft(p, facilitator, groupId);
    const res = await service.applyEdit(draft.id, facilitatorId, () => undefined);
    expect(res.changed).toBe(false);
    expect((await storedRows(p, draft.docName)).updates).toBe(0);
    await expect(service.applyEdit('00000000-0000-4000-8000-000000000000', facilitatorId, paragraph('x'))).rejects.toBeInstanceOf(EditRefused);
  });

  it('an edit that throws is passed on; what it did before throwing is stored (Yjs has no rollback)', async () => {
    const draft = await newDraft(p, facilitator, groupId);
    const failing = (doc: Y.Doc) => {
      paragraph('avant l’erreur')(doc);
      throw new Error('échec de la fusion');
    };
    await expect(service.applyEdit(draft.id, facilitatorId, failing)).rejects.toThrow('échec de la fusion');
    await waitFor(() => !service.roomOf(draft.docName)?.commits.busy, 30_000, 'stored');
    expect((await storedDoc(p, draft.docName)).getXmlFragment('default').toString()).toContain('avant l’erreur');
  });
});
