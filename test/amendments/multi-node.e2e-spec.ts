import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { waitFor } from '../drafts/support/collab-client';
import { editAs, markdownOf, paragraph, watcher } from './support';

const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL || process.env.CI === 'true' ? describe : describe.skip;

/**
 * Two nodes on one database and one Redis: the merge is asked of node A's API while the only
 * editor is connected to node B. One node applies it (the one holding the document claims the
 * command), the editor on B sees it, and it is stored once.
 */
describeRedis('amendment merge across nodes (Redis)', () => {
  let a: TestPlatform;
  let b: TestPlatform;

  beforeAll(async () => {
    const redisNamespace = `test-amend-${Math.random().toString(36).slice(2, 10)}`;
    a = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace });
    b = await startTestPlatform({ redisUrl: REDIS_URL, redisNamespace }, { databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('the node that holds the draft applies the merge asked on another node, once', async () => {
    const fac = await a.login(DEMO.facilitator);
    const state = await a.login(DEMO.state);
    const groupId = (await a.request('GET', '/api/me', { token: fac })).body.memberships[0].workingGroupId;
    const rec = (await a.request('POST', `/api/working-groups/${groupId}/recommendations`, { token: fac, body: { title: 'Multi-nœud', horizon: 'quick_win' } })).body;
    await editAs(b, state, rec.id, (doc) => doc.getXmlFragment('default').insert(0, [paragraph('Le chat dort sur le tapis.')]));
    const v = (await a.request('POST', `/api/recommendations/${rec.id}/versions`, { token: fac })).body;
    const at = v.content.indexOf('chat');
    const am = await a.request('POST', `/api/recommendations/${rec.id}/amendments`, {
      token: state,
      body: { versionId: v.id, start: at, end: at + 4, replacement: 'chien', rationale: 'Gardien.' },
    });
    expect(am.status).toBe(201);
    expect((await a.request('POST', `/api/amendments/${am.body.id}/decision`, { token: fac, body: { status: 'adopted' } })).status).toBe(200);
    const seen = await watcher(b, state, rec.id);
    try {
      const merge = await a.request('POST', `/api/recommendations/${rec.id}/amendments/merge`, { token: fac });
      expect(merge.status).toBe(200);
      expect(merge.body).toEqual({ merged: [am.body.id], skipped: [] });
      await waitFor(() => markdownOf(seen.doc) === 'Le chien dort sur le tapis.\n', 30_000, 'the merge on node B');
      const v2 = await b.request('POST', `/api/recommendations/${rec.id}/versions`, { token: fac });
      expect(v2.body.content).toBe('Le chien dort sur le tapis.\n');
    } finally {
      seen.close();
    }
  });
});
