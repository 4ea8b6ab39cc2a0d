import { Client } from 'pg';
import { CollabAccess } from '../../apps/realtime/src/collab/collab-access';
import { CollabService } from '../../apps/realtime/src/collab/collab.service';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { overrideEnv } from '../support/env';
import { connect, RawCollabClient, waitFor } from './support/collab-client';
import { demoDrafts, newDraft, userId } from './support/drafts';

/**
 * The periodic re-check of /collab rights reads the rights of the users connected when it
 * starts. A connection that joins the room while that query runs is not in its answer: it was
 * decided by its own access query and must be left alone (it used to be closed with 4401: the
 * "failures" suite's occasional failure on a busy machine). The re-check's query is held on a
 * lock of the `user` table so that the join surely happens while it runs.
 */
describe('live drafts: a connection that joins during the periodic re-check', () => {
  let p: TestPlatform;
  let restoreEnv = () => {};
  const clients: RawCollabClient[] = [];

  beforeAll(async () => {
    restoreEnv = overrideEnv({ COLLAB_RECHECK_MS: '200' });
    p = await startTestPlatform();
  });

  afterAll(async () => {
    clients.splice(0).forEach((c) => c.close());
    await p?.close();
    restoreEnv();
  });

  // Holding the re-check's query on a lock takes a second database session: PostgreSQL's. The embedded
  // PGlite has one session for every connection (the locker's transaction would hold it whole, the
  // query would wait in the queue, not on the lock), so this test can't stage the race there.
  // Under CI=true it runs (and needs DATABASE_URL).
  (process.env.DATABASE_URL || process.env.CI === 'true' ? it : it.skip)('is not closed by a re-check that did not ask about it', async () => {
    const [facilitator, participant] = await Promise.all([p.login(DEMO.facilitator), p.login(DEMO.region)]);
    const facilitatorId = await userId(p, facilitator);
    const draft = await newDraft(p, facilitator, (await demoDrafts(p, facilitator))[0].workingGroupId, 'Course au re-contrôle');
    // the re-checks' answers, observed (the calls go through unchanged)
    const access = p.app.get(CollabAccess);
    const snapshot = access.snapshot.bind(access);
    const answered: Promise<unknown>[] = [];
    access.snapshot = (id, users) => {
      const answer = snapshot(id, users);
      answered.push(answer.catch(() => undefined));
      return answer;
    };
    const locker = new Client({ connectionString: p.databaseUrl });
    await locker.connect();
    try {
      // the facilitator's access decision is now in CollabAccess's 2-second cache: its next
      // connection runs no query (which the lock below would hold too)
      const first = await connect(p.url, draft.docName, facilitator);
      first.close();
      const writer = await connect(p.url, draft.docName, participant);
      clients.push(writer);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "user" IN ACCESS EXCLUSIVE MODE');
      const heldQueries = async () =>
        (await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM recommendation t%' AND pid <> pg_backend_pid()`)).rows[0].n;
      for (const end = Date.now() + 10_000; (await heldQueries()) === 0; ) if (Date.now() > end) throw new Error('no re-check ran');
      const held = [...answered];
      // joins while the re-check waits (the room is loaded, the decision cached: no query)
      const joined = await connect(p.url, draft.docName, facilitator, { acks: true });
      clients.push(joined);
      await locker.query('COMMIT');
      await Promise.all(held);
      await new Promise((resolve) => setImmediate(resolve));
      // the re-check that did not know about it has finished: the connection is still in the room
      const room = p.app.get(CollabService).roomOf(draft.docName)!;
      expect([...room.conns].filter((c) => c.userId === facilitatorId && !c.closed)).toHaveLength(1);
      joined.text.insert(0, 'toujours connecté');
      await waitFor(() => joined.allSaved || joined.closed !== null, 30_000, 'the edit saved');
      expect(joined.closed).toBeNull();
      await waitFor(() => writer.text.toString() === 'toujours connecté', 30_000, 'the edit relayed');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      access.snapshot = snapshot;
    }
  });
});
