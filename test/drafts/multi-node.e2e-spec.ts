
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { connect, RawCollabClient, sleep, waitFor } from './support/collab-client';
import { presenceColor } from '@app/domain';
import { demoDrafts, newDraft, storedDoc, userId } from './support/drafts';
import { overrideEnv } from '../support/env';
import { CloseCode } from '@app/contracts';
import { newMember } from '../decisions/helpers';

const REDIS_URL = process.env.REDIS_URL;
// Needs Redis: skipped when REDIS_URL is unset, except in CI where it must run (and fail without Redis).
const describeRedis = REDIS_URL || process.env.CI === 'true' ? describe : describe.skip;

describeRedis('live drafts on two nodes (Redis)', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  const clients: RawCollabClient[] = [];
  const track = (c: RawCollabClient) => (clients.push(c), c);
  let restoreEnv = () => {};

  beforeAll(async () => {
    restoreEnv = overrideEnv({ COLLAB_COMPACT_EVERY: '7' }); // both nodes compact often while the other writes
    const redisNamespace = `test-collab-${Math.random().toString(36).slice(2, 10)}`;
    a = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace });
    b = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace }, { databaseUrl: a.databaseUrl });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await b?.close();
    await a?.close();
    restoreEnv();
  });

  it('clients of two processes serving one document converge; both compact; nothing is lost', async () => {
    const facilitator = await a.login(DEMO.facilitator);
    const participant = await b.login(DEMO.region);
    const draft = await newDraft(a, facilitator, (await demoDrafts(a, facilitator))[0].workingGroupId);
    const onA = track(await connect(a.url, draft.docName, facilitator, { acks: true, awareness: { user: { name: 'x', color: '#123456' } } }));
    const onB = track(await connect(b.url, draft.docName, participant, { acks: true, awareness: { user: { name: 'y' } } }));
    // presence crosses nodes, with the names from the tokens
    await waitFor(() => onA.awareness.getStates().has(onB.doc.clientID) && onB.awareness.getStates().has(onA.doc.clientID), 30_000, 'presence');
    expect((onA.awareness.getStates().get(onB.doc.clientID) as any).user.name).toBe('Sophie Bernard');
    expect((onB.awareness.getStates().get(onA.doc.clientID) as any).user).toEqual({ name: 'Claire Martin', role: 'facilitator', color: presenceColor(await userId(a, facilitator)) });
    for (let i = 0; i < 30; i++) {
      onA.text.insert(onA.text.length, `A${i};`);
      onB.text.insert(0, `B${i};`);
      if (i % 5 === 0) await sleep(10);
    }
    await waitFor(() => onA.text.toString() === onB.text.toString() && onA.text.length === 2 * (10 * 3 + 20 * 4), 30_000, 'convergence');
    await waitFor(() => onA.allSaved && onB.allSaved, 30_000, 'saved');
    // a third client on either node gets the whole document
    const late = track(await connect(b.url, draft.docName, await b.login(DEMO.observer)));
    expect(late.text.toString()).toBe(onA.text.toString());
    // both clients' edits were acknowledged (allSaved), i.e. committed: the database has them all
    expect((await storedDoc(a, draft.docName)).getText('t').toString()).toBe(onA.text.toString());
    // leaving on one node removes the presence on the other
    onB.close();
    await waitFor(() => !onA.awareness.getStates().has(onB.doc.clientID), 30_000, 'presence removed');
  });

  it('a lock through one node makes the connections of the other read-only', async () => {
    const facilitator = await a.login(DEMO.facilitator);
    const draft = await newDraft(a, facilitator, (await demoDrafts(a, facilitator))[0].workingGroupId);
    const onB = track(await connect(b.url, draft.docName, await b.login(DEMO.region)));
    const onA = track(await connect(a.url, draft.docName, facilitator));
    // A canary member on node b proves the lock reached it: node a publishes the lock, then the
    // canary's removal, on one Redis connection, and node b handles bus events in order.
    const admin = await a.login(DEMO.admin);
    const canary = await newMember(a, admin, draft.workingGroupId, { email: `canari-${Date.now()}@exemple.fr`, organizationId: null });
    const canaryOnB = track(await connect(b.url, draft.docName, canary.token));
    expect((await a.request('PATCH', `/api/recommendations/${draft.id}`, { token: facilitator, body: { locked: true } })).status).toBe(200);
    expect((await a.request('DELETE', `/api/working-groups/${draft.workingGroupId}/members/${canary.id}`, { token: admin })).status).toBe(204);
    expect((await canaryOnB.whenClosed(30_000)).code).toBe(CloseCode.Forbidden);
    onB.text.insert(0, 'refusé');
    // answered once every accepted edit of onB is stored: the refused one is not
    await onB.roundTrip();
    expect((await storedDoc(a, draft.docName)).getText('t').toString()).toBe('');
    expect(onA.text.toString()).toBe('');
  });
});


