import { Client, Pool } from 'pg';
import { startEmbeddedDatabase, EmbeddedDatabase } from './embedded';

/**
 * The embedded PGlite serves several connections through one single-session backend. Queries
 * with parameters use the extended protocol (Parse/Bind/Execute/Sync as separate messages): the
 * messages of one connection must never be interleaved with another's, or a Bind runs against
 * someone else's statement and returns the wrong rows.
 */
describe('embedded PGlite over a socket', () => {
  let db: EmbeddedDatabase;
  beforeAll(async () => {
    db = await startEmbeddedDatabase();
  });
  afterAll(() => db?.stop());

  it('answers many concurrent parameterised queries from several connections correctly', async () => {
    const pool = new Pool({ connectionString: db.url, max: 8 });
    try {
      await pool.query('CREATE TABLE kv (k int PRIMARY KEY, v text NOT NULL)');
      await pool.query("INSERT INTO kv SELECT g, 'v' || g FROM generate_series(1, 200) g");
      const results = await Promise.all(
        Array.from({ length: 400 }, (_, i) => {
          const k = (i % 200) + 1;
          return pool.query('SELECT v FROM kv WHERE k = $1 AND $2::text IS NOT NULL', [k, `x${i}`]).then((r) => ({ k, rows: r.rows }));
        }),
      );
      for (const { k, rows } of results) expect(rows).toEqual([{ v: `v${k}` }]);
    } finally {
      await pool.end();
    }
  });

  it('serves lookups correctly while other connections run failing transactions', async () => {
    const pool = new Pool({ connectionString: db.url, max: 10 });
    try {
      await pool.query('CREATE TABLE once (k text PRIMARY KEY)');
      await pool.query('CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL)');
      await pool.query("INSERT INTO people SELECT g, 'p' || g FROM generate_series(1, 50) g");
      const tx = async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query('INSERT INTO once VALUES ($1)', ['same']);
          await c.query('COMMIT');
          return 'ok';
        } catch {
          await c.query('ROLLBACK');
          return 'dup';
        } finally {
          c.release();
        }
      };
      const lookups = Array.from({ length: 200 }, (_, i) =>
        pool.query('SELECT name FROM people WHERE id = $1', [(i % 50) + 1]).then((r) => [(i % 50) + 1, r.rows] as const),
      );
      const txs = Array.from({ length: 30 }, () => tx());
      const [looked, outcomes] = await Promise.all([Promise.all(lookups), Promise.all(txs)]);
      for (const [id, rows] of looked) expect(rows).toEqual([{ name: `p${id}` }]);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it('keeps a transaction of one connection isolated from queries of another', async () => {
    const a = new Client({ connectionString: db.url });
    const b = new Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE t2 (n int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO t2 VALUES ($1)', [1]);
      const pendingB = b.query('SELECT count(*)::int AS c FROM t2 WHERE n = $1', [1]);
      await a.query('ROLLBACK');
      expect((await pendingB).rows[0].c).toBe(0);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
