import { startEmbeddedDatabase, createDataSource } from '@app/database';
import { Pool } from 'pg';
(async () => {
  const e = await startEmbeddedDatabase();
  const ds = createDataSource({ url: e.url, poolSize: 4 }); await ds.initialize(); await ds.runMigrations();
  console.log('migrated');
  const pool = new Pool({ connectionString: e.url, max: 10 });
  const mode = process.argv[2];
  let errors = 0;
  const qs = [];
  const t = Date.now();
  for (let i = 0; i < 100; i++) {
    const sql = mode === 'plain' ? `INSERT INTO draft_update (doc_name, "update", author_id) SELECT $1, v.u, v.a FROM (VALUES (0, $2::bytea, $3::uuid)) AS v(n,u,a) RETURNING id`
      : `WITH l AS (SELECT pg_advisory_xact_lock(7201, hashtext($1))) INSERT INTO draft_update (doc_name, "update", author_id) SELECT $1, v.u, v.a FROM l, (VALUES (0, $2::bytea, $3::uuid)) AS v(n,u,a) RETURNING id`;
    if (mode === 'mix' && i % 10 === 0) qs.push(ds.transaction(async (m) => { await m.query('SELECT pg_advisory_xact_lock(7201, hashtext($1))', ['d']); await m.query('SELECT count(*) FROM draft_update WHERE doc_name = $1', ['d']); }).catch((err) => { errors++; console.log('tx', err.message); }));
    qs.push(pool.query(sql, ['d', Buffer.from([1,2,3]), null]).catch((err) => { errors++; if (errors < 3) console.log(mode, err.message); }));
  }
  await Promise.all(qs);
  console.log(mode, 'errors', errors, Date.now() - t, 'ms');
  await pool.end(); await ds.destroy(); await e.stop();
})();
