import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { AppendConnection, AppendConnectionError } from './append-connection';
import { until } from '../../../test/support/within';

/** Statements by number, as DraftStore numbers them (here: a table of the test's own). */
const statements: Record<number, string> = {
  // as DraftStore's appends: nothing inserted without a label (what the warm-up runs, every parameter NULL)
  1: 'INSERT INTO t (label, data, who) SELECT $1::text, $2::bytea, $3::uuid WHERE $1::text IS NOT NULL RETURNING id',
  2: 'INSERT INTO t (label, data, who) SELECT $1::text, v.d, v.w FROM (VALUES (1, $2::bytea, $3::uuid), (2, $4::bytea, $5::uuid)) AS v(n, d, w) WHERE $1::text IS NOT NULL ORDER BY v.n RETURNING id',
  3: 'SELECT (1 / $1::int)::text', // fails at execution with ['0']
  4: 'SELEC nothing', // fails at parse
  5: 'SELECT pg_backend_pid()::text',
  6: 'SELECT pg_sleep(20)::text', // terminated long before it ends
  7: "SELECT string_agg(name, ',' ORDER BY name) FROM pg_prepared_statements",
};

describe('AppendConnection (pg in pipeline mode, named prepared statements, real database)', () => {
  let db: TestDatabase;
  let admin: Client;
  const onPostgres = !!process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE TABLE t (id bigserial PRIMARY KEY, label text NOT NULL, data bytea NOT NULL, who uuid)');
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  const rows = async (label: string) =>
    (await admin.query<{ id: string; data: Buffer; who: string | null }>('SELECT id::text, data, who FROM t WHERE label = $1 ORDER BY t.id', [label])).rows;

  it('runs pipelined requests in order, binary and text parameters, NULLs, several rows', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    try {
      const who = '6f1c2f0e-4a5b-4c3d-8e9f-0a1b2c3d4e5f';
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => conn.run(1, ['pipe', new Uint8Array([i % 256, 0, 255, 7]), i % 2 ? who : null])),
      );
      const ids = results.map((r) => Number(r[0]));
      expect(results.every((r) => r.length === 1)).toBe(true);
      expect(ids).toEqual([...ids].sort((a, b) => a - b)); // answered in the order sent
      expect(new Set(ids).size).toBe(200);
      const stored = await rows('pipe');
      expect(stored).toHaveLength(200);
      stored.forEach((r, i) => {
        expect([...r.data]).toEqual([i % 256, 0, 255, 7]);
        expect(r.who).toBe(i % 2 ? who : null);
      });

      const two = await conn.run(2, ['two', Buffer.from('a'), null, Buffer.from('bé'), who]);
      expect(two).toHaveLength(2);
      expect((await rows('two')).map((r) => r.data.toString())).toEqual(['a', 'bé']);
    } finally {
      await conn.close();
    }
  });

  it('carries a 1 MB parameter and answers split across many socket reads', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    try {
      const big = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
      await conn.run(1, ['big', big, null]);
      const [r] = await rows('big');
      expect(r.data.equals(big)).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it('rejects a failing statement with the server error, and the connection goes on', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    try {
      const before = conn.run(1, ['err', Buffer.from('x'), null]);
      const failing = conn.run(3, ['0']);
      const bad = conn.run(4, []);
      const after = conn.run(1, ['err', Buffer.from('y'), null]);
      await expect(failing).rejects.toThrow(/division by zero \(22012\)/);
      await expect(bad).rejects.toThrow(/syntax error/);
      await expect(before).resolves.toHaveLength(1);
      await expect(after).resolves.toHaveLength(1);
      expect((await rows('err')).map((r) => r.data.toString())).toEqual(['x', 'y']);
      // a statement that failed to prepare is prepared again next time (and fails the same way)
      await expect(conn.run(4, [])).rejects.toThrow(/syntax error/);
      // a NOT NULL violation: nothing stored
      await expect(conn.run(1, ['err', null, null])).rejects.toThrow(/23502/);
      expect(await rows('err')).toHaveLength(2);
    } finally {
      await conn.close();
    }
  });

  (onPostgres ? it : it.skip)('fails what is in flight when the connection is lost, then reconnects', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    try {
      const [pid] = await conn.run(5, []);
      const inFlight = conn.run(6, []);
      const queued = conn.run(1, ['lost', Buffer.from('?'), null]);
      // terminated while the sleep runs: wait until the server shows it running
      const running = async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`, [Number(pid)])).rowCount! > 0;
      await until(running, 'the statement in flight running on the server');
      await admin.query('SELECT pg_terminate_backend($1)', [Number(pid)]);
      await expect(inFlight).rejects.toThrow(/terminating connection|connection to PostgreSQL lost/);
      await expect(queued).rejects.toThrow(); // never executed: nothing stored
      expect(await rows('lost')).toHaveLength(0);
      // …and the one after reconnects, on a new backend
      const [pid2] = await conn.run(5, []);
      expect(pid2).not.toBe(pid);
      await expect(conn.run(1, ['lost', Buffer.from('!'), null])).resolves.toHaveLength(1);
    } finally {
      await conn.close();
    }
  });

  it('prepares statements ahead of their first use', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    try {
      await conn.prepare([1, 2]);
      const [names] = await conn.run(7, []);
      const ours = names.split(',').filter((n) => /^concertation_append_\d+_\d+_\d+$/.test(n));
      // on PostgreSQL this session's; the embedded PGlite shares one backend with the other tests' connections
      expect(ours.filter((n) => n.endsWith('_1') || n.endsWith('_2')).length).toBeGreaterThanOrEqual(2);
      await conn.prepare([1]); // already prepared: nothing sent
      await expect(conn.run(1, ['prepared', Buffer.from('p'), null])).resolves.toHaveLength(1);
      // a statement that fails to prepare rejects, and is prepared again on its next use
      await expect(conn.prepare([4])).rejects.toThrow(/syntax error/);
      await expect(conn.run(4, [])).rejects.toThrow(/syntax error/);
      await expect(conn.run(2, ['prepared', Buffer.from('q'), null, Buffer.from('r'), null])).resolves.toHaveLength(2);
      expect((await rows('prepared')).map((r) => r.data.toString())).toEqual(['p', 'q', 'r']);
    } finally {
      await conn.close();
    }
  });

  it('refuses to run once closed', async () => {
    const conn = new AppendConnection({ connectionString: db.url }, (n) => statements[n]);
    await conn.run(1, ['closed', Buffer.from('a'), null]);
    await conn.close();
    await expect(conn.run(1, ['closed', Buffer.from('b'), null])).rejects.toBeInstanceOf(AppendConnectionError);
    expect(await rows('closed')).toHaveLength(1);
  });
});
