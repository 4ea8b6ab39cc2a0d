import * as Y from 'yjs';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { createDataSource } from './data-source';
import { DraftStore } from './draft-store';
import { until, within } from '../../../test/support/within';

/** One writer's edits: `n` updates, each inserting `<w.i>` at the end of Y.Text 't'. */
function writerUpdates(w: number, n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) doc.getText('t').insert(doc.getText('t').length, `<${w}.${i}>`);
  return out;
}

const tokens = (doc: Y.Doc) => new Set(doc.getText('t').toString().match(/<\d+\.\d+>/g) ?? []);

describe('DraftStore (real database, real migrations)', () => {
  let db: TestDatabase;
  let nodes: DataSource[];

  beforeAll(async () => {
    db = await createTestDatabase();
    nodes = [createDataSource({ url: db.url, poolSize: 4 }), createDataSource({ url: db.url, poolSize: 4 })];
    await nodes[0].initialize();
    await nodes[0].runMigrations();
    await nodes[1].initialize();
  });
  afterAll(async () => {
    for (const n of nodes ?? []) if (n.isInitialized) await n.destroy();
    await db?.drop();
  });

  it('loads nothing as an empty document, and appends in order', async () => {
    const store = new DraftStore(nodes[0]);
    const empty = await store.loadDoc('recommendation:empty');
    expect(empty).toMatchObject({ lastUpdateId: '0', logRows: 0 });
    expect(empty.doc.share.size).toBe(0);
    const ups = writerUpdates(1, 3);
    const ids = await store.append('recommendation:a', ups.map((update) => ({ update, authorId: null })));
    expect(ids).toHaveLength(3);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));
    const { state, lastUpdateId } = await store.load('recommendation:a');
    expect(lastUpdateId).toBe(ids[2]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(doc.getText('t').toString()).toBe('<1.0><1.1><1.2>');
  });

  it('loses nothing when two nodes append concurrently while both compact', async () => {
    const name = 'recommendation:race';
    const stores = nodes.map((n) => new DraftStore(n));
    const W = 6;
    const N = 60;
    let writing = true;
    const writers = Array.from({ length: W }, async (_, w) => {
      const store = stores[w % 2];
      const ups = writerUpdates(w, N);
      for (let i = 0; i < N; i += 3) await store.append(name, ups.slice(i, i + 3).map((update) => ({ update, authorId: null })));
    });
    const compactors = stores.map(async (store) => {
      let runs = 0;
      while (writing || runs === 0) {
        await store.compact(name);
        runs++;
      }
      return runs;
    });
    await Promise.all(writers);
    writing = false;
    const runs = await Promise.all(compactors);
    expect(runs.every((r) => r > 0)).toBe(true);
    const loaded = await stores[0].loadDoc(name);
    expect(tokens(loaded.doc).size).toBe(W * N);
    await stores[1].compact(name);
    const after = await stores[1].loadDoc(name);
    expect(after.logRows).toBe(0);
    expect(tokens(after.doc).size).toBe(W * N);
  });

  it('compacts from an in-memory document only the rows it is known to contain', async () => {
    const name = 'recommendation:memory';
    const store = new DraftStore(nodes[0]);
    const ups = writerUpdates(9, 10);
    const ids = (await store.append(name, ups.slice(0, 6).map((update) => ({ update, authorId: null })))).map(Number);
    // the in-memory doc has the first 4 of the 6 stored rows (say the other 2 are still on their way)
    const mem = new Y.Doc();
    ups.slice(0, 4).forEach((u) => Y.applyUpdate(mem, u));
    const known = new Set(ids.slice(0, 4));
    const res = await store.compact(name, {
      appliedThrough: (rows) => {
        let through: number | null = null;
        for (const id of rows) if (known.has(id)) through = id;
        else break;
        return through;
      },
      state: Y.encodeStateAsUpdate(mem),
    });
    expect(res).toMatchObject({ compacted: 4, through: String(ids[3]) });
    const loaded = await store.loadDoc(name);
    expect(loaded.logRows).toBe(2);
    expect(loaded.lastUpdateId).toBe(String(ids[5]));
    expect(tokens(loaded.doc).size).toBe(6);
  });

  /** A compaction from memory that knows every row of `name` up to `known` (the state of those rows). */
  const memoryOf = (known: Uint8Array[], ids: number[]) => ({
    state: Y.mergeUpdates(known),
    appliedThrough: (rows: number[]) => {
      let through: number | null = null;
      for (const id of rows) if (ids.includes(id)) through = id;
      else break;
      return through;
    },
  });

  // PostgreSQL only: the embedded PGlite has one backend, whose turn a connection keeps for a
  // whole transaction (no two transactions ever overlap there, so nothing can wait on a row lock).
  (process.env.DATABASE_URL ? it : it.skip)('goes on appending while a compaction from memory writes its snapshot', async () => {
    const name = 'recommendation:nonblocking';
    const store = new DraftStore(nodes[0]);
    const ups = writerUpdates(7, 8);
    const first = (await store.append(name, ups.slice(0, 4).map((update) => ({ update, authorId: null })))).map(Number);
    await store.compact(name, memoryOf(ups.slice(0, 2), first.slice(0, 2))); // the snapshot row exists
    // another transaction holds the snapshot row: the compaction below waits for it
    const blocker = nodes[1].createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT 1 FROM draft_snapshot WHERE doc_name = $1 FOR UPDATE', [name]);
      let compacted = false;
      const compaction = store.compact(name, memoryOf(ups.slice(0, 4), first));
      void compaction.then(() => (compacted = true));
      // the compaction is waiting for the row lock: the server shows a lock not granted
      const waiting = async () => (await nodes[1].query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`))[0].n > 0;
      await until(waiting, 'the compaction waiting for the snapshot row');
      expect(compacted).toBe(false);
      // the append does not wait for the compaction (before, it queued behind its lock, which
      // the blocker holds until the end of this test: it would never come)
      const more = await within(store.append(name, ups.slice(4).map((update) => ({ update, authorId: null }))), 30_000);
      expect(more).toHaveLength(4);
      await blocker.commitTransaction();
      expect(await compaction).toMatchObject({ compacted: 2, through: String(first[3]) });
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    const loaded = await store.loadDoc(name);
    expect(loaded.logRows).toBe(4);
    expect(tokens(loaded.doc).size).toBe(8);
  });

  it('never moves the snapshot back: a compaction that knows less than the stored snapshot writes nothing', async () => {
    const name = 'recommendation:forward';
    const stores = nodes.map((n) => new DraftStore(n));
    const ups = writerUpdates(8, 6);
    const ids = (await stores[0].append(name, ups.map((update) => ({ update, authorId: null })))).map(Number);
    // node 0 folds all six rows; node 1, behind, only knew the first three
    const ahead = memoryOf(ups, ids);
    const behind = memoryOf(ups.slice(0, 3), ids.slice(0, 3));
    expect(await stores[0].compact(name, ahead)).toMatchObject({ compacted: 6, through: String(ids[5]) });
    expect(await stores[1].compact(name, behind)).toMatchObject({ compacted: 0, through: null });
    const loaded = await stores[1].loadDoc(name);
    expect(loaded.lastUpdateId).toBe(String(ids[5]));
    expect(tokens(loaded.doc).size).toBe(6);
  });

  it('loses nothing when two nodes compact from memory while others append', async () => {
    const name = 'recommendation:memory-race';
    const stores = nodes.map((n) => new DraftStore(n));
    // each node's memory: what it appended itself, plus what it read back (like the relay)
    const known = stores.map(() => ({ ups: [] as Uint8Array[], ids: [] as number[] }));
    const W = 4;
    const N = 40;
    let writing = true;
    const writers = Array.from({ length: W }, async (_, w) => {
      const ups = writerUpdates(20 + w, N);
      for (let i = 0; i < N; i += 2) {
        const batch = ups.slice(i, i + 2);
        const ids = (await stores[w % 2].append(name, batch.map((update) => ({ update, authorId: null })))).map(Number);
        for (const k of known) {
          const learn = () => {
            k.ups.push(...batch);
            k.ids.push(...ids);
          };
          // the other node learns of it a little later
          if (k === known[w % 2]) learn();
          else setTimeout(learn, 5);
        }
      }
    });
    const compactors = stores.map(async (store, n) => {
      let runs = 0;
      while (writing || runs === 0) {
        if (known[n].ups.length) await store.compact(name, memoryOf([...known[n].ups], [...known[n].ids]));
        await new Promise((r) => setTimeout(r, 3));
        runs++;
      }
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(compactors);
    const loaded = await stores[0].loadDoc(name);
    expect(tokens(loaded.doc).size).toBe(W * N);
  });

  it('hands over the snapshot as the encoded document when no log row follows it', async () => {
    const name = 'recommendation:snapshot-only';
    const store = new DraftStore(nodes[0]);
    const ups = writerUpdates(30, 5);
    await store.append(name, ups.slice(0, 3).map((update) => ({ update, authorId: null })));
    expect((await store.loadDoc(name)).snapshot).toBeNull(); // a log, no snapshot
    await store.compact(name);
    const folded = await store.loadDoc(name);
    expect(folded.logRows).toBe(0);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, folded.snapshot!);
    expect(fresh.getText('t').toString()).toBe(folded.doc.getText('t').toString());
    expect(tokens(fresh).size).toBe(3);
    await store.append(name, ups.slice(3).map((update) => ({ update, authorId: null })));
    expect((await store.loadDoc(name)).snapshot).toBeNull(); // snapshot + log: encoded by whoever needs it
  });

  it('warms up its append connection ahead of the first edit (PostgreSQL; nothing to do on PGlite)', async () => {
    const warmed = async () =>
      (
        await nodes[1].query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_advisory_xact_lock(7201%'`,
        )
      )[0].n as number;
    const before = process.env.DATABASE_URL ? await warmed() : 0;
    const store = new DraftStore(nodes[0]);
    await store.warm();
    await store.warm(); // once is enough
    // a connection of its own, whose last statement is an append prepared (parsed) but never run
    if (process.env.DATABASE_URL) expect(await warmed()).toBe(before + 1);
    const ups = writerUpdates(4, 2);
    const ids = await store.append('recommendation:warm', ups.map((update) => ({ update, authorId: null })));
    expect(ids).toHaveLength(2);
    expect(tokens((await store.loadDoc('recommendation:warm')).doc)).toEqual(new Set(['<4.0>', '<4.1>']));
    await store.onApplicationShutdown();
    await store.warm(); // after the shutdown: opens nothing
    if (process.env.DATABASE_URL) {
      // the server notices the closed connection shortly after
      await until(async () => (await warmed()) === before, 'the closed append connection gone from pg_stat_activity');
      expect(await warmed()).toBe(before);
    }
  });

  it('refuses to append nothing', async () => {
    await expect(new DraftStore(nodes[0]).append('recommendation:x', [])).rejects.toThrow();
  });
});
