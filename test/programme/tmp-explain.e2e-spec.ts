import { startTestPlatform, TestPlatform } from '../support/platform';
import { db, demoGroupId } from './helpers';

describe('tmp timing', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    const group = await demoGroupId(p, 'AXE-2');
    await db(p).query(`INSERT INTO recommendation (working_group_id, title, horizon, status)
       SELECT $1, 'Recommandation n° ' || i || ' : ' || repeat('mutualiser les services numériques, ', 16), 'quick_win', 'adopted' FROM generate_series(1, 100000) AS i`, [group]);
    if (process.env.WITH_INDEX) await db(p).query('CREATE INDEX ix_tmp ON recommendation (status, id)');
  }, 300_000);
  afterAll(() => p?.close());
  it('times', async () => {
    const plan = await db(p).query(`EXPLAIN SELECT r.id FROM recommendation r JOIN working_group g ON g.id = r.working_group_id WHERE r.status = 'adopted' AND r.id > $1 ORDER BY r.id LIMIT 500`, ['80000000-0000-0000-0000-000000000000']);
    console.log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
    let t = performance.now();
    const res = await fetch(`${p.url}/api/exports/recommendations?format=csv`);
    const reader = res.body!.getReader();
    let bytes = 0;
    for (;;) { const { done, value } = await reader.read(); if (done) break; bytes += value.byteLength; }
    console.log('http export s', (performance.now() - t) / 1000, bytes);
    t = performance.now();
    const cur = await (p.app.get((await import('../../apps/api/src/exports/exports.service')).ExportsService)).open('recommendations');
    let n = 0;
    for (let b = await cur.next(); b.length; b = await cur.next()) n += b.length;
    await cur.close();
    console.log('batches only s', (performance.now() - t) / 1000, n);
  }, 300_000);
});
