import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { dataSourceOptions } from '../data-source';
import { MIGRATIONS } from './index';
import { VoteReceipts1796500000000 } from './1796500000000-VoteReceipts';

const hash = (c: string) => c.repeat(64);

/**
 * The migration that takes receipts out of the ballot box, run on a database holding ballots
 * written the old way: receipts survive (in vote_receipt), the ballot table no longer holds a
 * hash, and the generated schema matches the entities (no pending change).
 */
describe('migration VoteReceipts (real database)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const vote = randomUUID();
  const voter = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(VoteReceipts1796500000000));
    ds = new DataSource({ ...dataSourceOptions({ url: db.url, poolSize: 2 }), migrations: before } as any);
    await ds.initialize();
    await ds.runMigrations();
    await ds.query(`INSERT INTO ballot (id, vote_id, content, college, receipt_hash, voter_id) VALUES ($1, $2, '{"choice":"for"}', 'state', $3, NULL)`, [randomUUID(), vote, hash('a')]);
    await ds.query(`INSERT INTO ballot (id, vote_id, content, college, receipt_hash, voter_id) VALUES ($1, $2, '{"choice":"against"}', 'local', $3, NULL)`, [randomUUID(), vote, hash('b')]);
    await ds.query(`INSERT INTO ballot (id, vote_id, content, college, receipt_hash, voter_id) VALUES ($1, $2, '{"choice":"for"}', 'local', $3, $4)`, [randomUUID(), vote, hash('c'), voter]);
    await ds.destroy();
    ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 2 }));
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('keeps every ballot and every receipt, apart from each other', async () => {
    const ballots: { content: any; college: string; voter_id: string | null }[] = await ds.query(`SELECT content, college, voter_id FROM ballot ORDER BY college, voter_id`);
    expect(ballots).toHaveLength(3);
    expect(ballots.map((b) => b.content.choice).sort()).toEqual(['against', 'for', 'for']);
    const receipts: { receipt_hash: string; vote_id: string; user_id: string | null }[] = await ds.query(`SELECT receipt_hash, vote_id, user_id FROM vote_receipt ORDER BY receipt_hash`);
    expect(receipts).toEqual([
      { receipt_hash: hash('a'), vote_id: vote, user_id: null },
      { receipt_hash: hash('b'), vote_id: vote, user_id: null },
      { receipt_hash: hash('c'), vote_id: vote, user_id: voter }, // a public ballot's voter was known
    ]);
  });

  it('leaves no receipt hash in the ballot table, not even in its pages', async () => {
    const cols: { column_name: string }[] = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot' ORDER BY column_name`);
    expect(cols.map((c) => c.column_name)).toEqual(['college', 'content', 'id', 'vote_id', 'voter_id']);
    // a dropped column would still be listed (attisdropped) and its data kept: the table was rebuilt
    const dropped: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'ballot'::regclass AND attisdropped`);
    expect(dropped[0].n).toBe(0);
  });

  it('leaves the schema as the entities describe it (nothing left to generate)', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('can be undone: public receipts go back on their ballot', async () => {
    // undo the migrations that came after it, then it
    for (let i = MIGRATIONS.indexOf(VoteReceipts1796500000000); i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    const rows: { receipt_hash: string; voter_id: string | null }[] = await ds.query(`SELECT receipt_hash, voter_id FROM ballot WHERE voter_id IS NOT NULL`);
    expect(rows).toEqual([{ receipt_hash: hash('c'), voter_id: voter }]);
    expect((await ds.query(`SELECT count(DISTINCT receipt_hash)::int AS n FROM ballot`))[0].n).toBe(3);
    await ds.runMigrations();
    expect((await ds.query(`SELECT count(*)::int AS n FROM vote_receipt`))[0].n).toBe(3);
  });
});
