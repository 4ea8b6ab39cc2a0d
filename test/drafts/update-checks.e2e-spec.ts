import * as Y from 'yjs';
import { CloseCode, encodeUpdate } from '@app/contracts';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { connect, RawCollabClient, waitFor } from './support/collab-client';
import { updateAtClock } from './support/crafted-updates';
import { demoDrafts, newDraft, storedRows } from './support/drafts';

/**
 * Odd but well-formed Yjs updates (issue 15): what the editor's Y.XmlFragment `default` cannot
 * hold, subdocuments, clocks near 2^53. Each is refused with 4400, stored nowhere, relayed to
 * no one, and the draft goes on serving the others.
 */
describe('live drafts: updates the editor cannot hold are refused (4400)', () => {
  let p: TestPlatform;
  let facilitator: string;
  let participant: string;
  let groupId: string;
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);

  beforeAll(async () => {
    p = await startTestPlatform();
    [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    groupId = (await demoDrafts(p, facilitator))[0].workingGroupId;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => p?.close());

  const paragraph = (text: string) => {
    const el = new Y.XmlElement('paragraph');
    el.insert(0, [new Y.XmlText(text)]);
    return el;
  };

  /** A draft with one stored paragraph, a reader on it, and the update `odd` sent raw by an editor. */
  async function refused(odd: Uint8Array): Promise<void> {
    const doc = (await newDraft(p, facilitator, groupId)).docName;
    const reader = track(await connect(p.url, doc, facilitator, { acks: true }));
    reader.doc.getXmlFragment('default').insert(0, [paragraph('texte enregistré')]);
    await waitFor(() => reader.allSaved, 30_000, 'first paragraph saved');
    const rowsBefore = (await storedRows(p, doc)).updates;
    const received = reader.received.length;
    const sender = track(await connect(p.url, doc, participant));
    sender.send(encodeUpdate(odd));
    expect((await sender.whenClosed()).code).toBe(CloseCode.Malformed);
    // stored nowhere, shown to no one; the draft goes on: the reader's next edit is stored and acknowledged
    reader.doc.getXmlFragment('default').insert(1, [paragraph('et la suite')]);
    await waitFor(() => reader.allSaved, 30_000, 'next edit saved');
    expect((await storedRows(p, doc)).updates).toBe(rowsBefore + 1);
    expect(reader.closed).toBeNull();
    const fresh = track(await connect(p.url, doc, participant));
    expect(fresh.fragmentText).toBe('texte enregistré\net la suite');
    expect([...fresh.doc.share.keys()]).toEqual(['default']);
    // the reader got its acknowledgements since, and nothing of the odd update
    expect(reader.received.length).toBeGreaterThan(received);
    expect([...reader.doc.share.keys()]).toEqual(['default']);
    expect(reader.fragmentText).toBe('texte enregistré\net la suite');
  }

  const update = (f: (doc: Y.Doc) => void) => {
    const doc = new Y.Doc();
    f(doc);
    return Y.encodeStateAsUpdate(doc);
  };

  it('a subdocument', async () => {
    await refused(update((d) => d.getMap('ailleurs').set('sous-document', new Y.Doc())));
  });

  it('a clock near 2^53', async () => {
    await refused(updateAtClock(2 ** 53 - 10));
  });

  it('a Y.Map in the fragment', async () => {
    await refused(update((d) => d.getXmlFragment('default').insert(0, [new Y.Map() as unknown as Y.XmlElement])));
  });

  it('an element the editor does not know', async () => {
    await refused(update((d) => d.getXmlFragment('default').insert(0, [new Y.XmlElement('script')])));
  });

  it('an embed inside a paragraph text', async () => {
    await refused(
      update((d) => {
        const text = new Y.XmlText('a');
        const el = new Y.XmlElement('paragraph');
        el.insert(0, [text]);
        d.getXmlFragment('default').insert(0, [el]);
        text.insertEmbed(1, { objet: 'inconnu' });
      }),
    );
  });
});
