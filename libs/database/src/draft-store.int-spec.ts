import * as Y from 'yjs';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { createDataSource } from './data-source';
import { DraftStore } from './draft-store';

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
      encodeState: () => Y.encodeStateAsUpdate(mem),
    });
    expect(res.compacted).toBe(4);
    const loaded = await store.loadDoc(name);
    expect(loaded.logRows).toBe(2);
    expect(loaded.lastUpdateId).toBe(String(ids[5]));
    expect(tokens(loaded.doc).size).toBe(6);
  });

  it('refuses to append nothing', async () => {
    await expect(new DraftStore(nodes[0]).append('recommendation:x', [])).rejects.toThrow();
  });
});
