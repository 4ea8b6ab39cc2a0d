import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@app/domain';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { closeVote, createVote, demoGroup, freeze, newMember, openVote, recommendationsOf } from './helpers';

/**
 * A secret vote is run with several voters and closed; then everything an insider or the public
 * can read — every row of every table (and a pg_dump on PostgreSQL), the audit log, the open-data
 * exports, the API — is searched for anything that ties a voter to a choice.
 */
describe('secret ballots cannot be linked to their voters', () => {
  let p: TestPlatform;
  let ds: DataSource;
  let facilitator: string;
  let admin: string;
  const voters: { id: string; email: string; displayName: string; token: string }[] = [];
  const receipts: string[] = [];
  let consentVote: any;
  let approvalVote: any;
  /** Distinctive objection reasons, in the order the ballots were cast. */
  const reasons: string[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
    ds = p.app.get(DataSource);
    facilitator = await p.login(DEMO.facilitator);
    admin = await p.login(DEMO.admin);
    const group = await demoGroup(p, facilitator);
    // the facilitator (who opens and closes) does not vote: only voters' ids are searched for
    for (const email of [DEMO.state, DEMO.region, DEMO.agglo, DEMO.amf, DEMO.regions, DEMO.expert]) {
      const token = await p.login(email);
      const me = (await p.request('GET', '/api/me', { token })).body;
      voters.push({ id: me.id, email, displayName: me.displayName, token });
    }
    for (let i = 0; i < 4; i++) {
      const email = `votant${i}@exemple.fr`;
      const m = await newMember(p, admin, group, { email, organizationId: null });
      voters.push({ id: m.id, email, displayName: email.split('@')[0], token: m.token });
    }
    const [rec] = await recommendationsOf(p, facilitator, group);
    const version = await freeze(p, facilitator, rec);
    consentVote = await createVote(p, facilitator, { workingGroupId: group, title: 'Consentement secret', method: 'consent', options: [{ versionId: version.id }], secret: true });
    approvalVote = await createVote(p, facilitator, { workingGroupId: group, title: 'Approbation secrète', method: 'approval', options: [{ versionId: version.id }], secret: true, rules: { quorum: 0.5 } });
    await openVote(p, facilitator, consentVote.id);
    await openVote(p, facilitator, approvalVote.id);
    for (const [i, v] of voters.entries()) {
      const reason = `objection-motif-${i}-${Math.random().toString(36).slice(2, 8)}`;
      reasons.push(reason);
      const c = await p.request('POST', `/api/votes/${consentVote.id}/ballots`, { token: v.token, body: { choice: 'objection', reason } });
      expect(c.status).toBe(201);
      receipts.push(c.body.receipt);
      const a = await p.request('POST', `/api/votes/${approvalVote.id}/ballots`, { token: v.token, body: { choice: ['for', 'against', 'abstain'][i % 3] } });
      expect(a.status).toBe(201);
      receipts.push(a.body.receipt);
    }
    await closeVote(p, facilitator, consentVote.id);
    await closeVote(p, facilitator, approvalVote.id);
  });
  afterAll(() => p?.close());

  /** Strings that identify a voter. */
  const voterMarks = () => voters.flatMap((v) => [v.id, v.email, v.displayName]);
  /**
   * Strings that reveal an individual ballot: its content. (A receipt's hash is no ballot mark:
   * no ballot holds it, as the test 'a receipt finds its voter, never a ballot' checks.)
   */
  const ballotMarks = () => [...reasons, '"choice"', '"grades"', 'choice:', 'grades:'];

  /**
   * A "record" (row, line, event) that names a voter and an individual ballot at once is a link.
   * Receipts themselves (known only to their voter) must be stored nowhere.
   */
  function links(records: string[]): string[] {
    const v = voterMarks();
    const b = ballotMarks();
    return records.filter((r) => (v.some((m) => r.includes(m)) && b.some((m) => r.includes(m))) || receipts.some((m) => r.includes(m)));
  }

  it('stores ballots without voter, timestamp or order, and participation without choice', async () => {
    const cols: { column_name: string }[] = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot' ORDER BY column_name`);
    expect(cols.map((c) => c.column_name)).toEqual(['college', 'content', 'id', 'vote_id', 'voter_id']);
    const ballots: { voter_id: string | null; content: any }[] = await ds.query(`SELECT voter_id, content FROM ballot WHERE vote_id = ANY($1::uuid[])`, [[consentVote.id, approvalVote.id]]);
    expect(ballots).toHaveLength(2 * voters.length);
    expect(ballots.every((b) => b.voter_id === null)).toBe(true);
    const pcols: { column_name: string }[] = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'vote_participation' ORDER BY column_name`);
    expect(pcols.map((c) => c.column_name)).toEqual(['user_id', 'vote_id', 'voter_key']);
  });

  it('a receipt finds its voter, never a ballot: nothing on a ballot can be joined to a receipt', async () => {
    // the only columns the ballot box shares with any table that holds receipts are the vote's id
    const withReceipts: { table_name: string }[] = await ds.query(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%receipt%'`,
    );
    expect(withReceipts.map((t) => t.table_name)).toEqual(['vote_receipt']);
    const shared: { column_name: string }[] = await ds.query(
      `SELECT b.column_name FROM information_schema.columns b JOIN information_schema.columns r ON r.column_name = b.column_name
        WHERE b.table_schema = 'public' AND b.table_name = 'ballot' AND r.table_schema = 'public' AND r.table_name = 'vote_receipt'`,
    );
    expect(shared.map((c) => c.column_name)).toEqual(['vote_id']);
    // every receipt is counted, for its voter, and its hash appears in that row and nowhere else
    const hashes = receipts.map((r) => sha256Hex(r));
    const rows: { receipt_hash: string; vote_id: string; user_id: string }[] = await ds.query(
      `SELECT receipt_hash, vote_id, user_id FROM vote_receipt WHERE receipt_hash = ANY($1::char(64)[])`,
      [hashes],
    );
    expect(rows).toHaveLength(receipts.length);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set(voters.map((v) => v.id)));
    const tables: { table_name: string }[] = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const found: { r: string }[] = await ds.query(`SELECT row_to_json(t)::text AS r FROM "${table_name}" t`);
      const holding = found.filter((x) => hashes.some((h) => x.r.includes(h)));
      expect([table_name, holding.length]).toEqual([table_name, table_name === 'vote_receipt' ? receipts.length : 0]);
    }
    // knowing a voter's receipt and the whole database, the only join left is on the vote: every
    // ballot of it, whatever its content
    const joined: { n: number }[] = await ds.query(
      `SELECT count(DISTINCT b.content::text)::int AS n FROM vote_receipt r JOIN ballot b ON b.vote_id = r.vote_id WHERE r.receipt_hash = $1`,
      [hashes[0]],
    );
    expect(joined[0].n).toBe(voters.length);
  });

  it('rewrote the ballots at close: their order and xmin no longer follow the casting order', async () => {
    const rows: { content: any; xmin: string }[] = await ds.query(`SELECT content, xmin::text AS xmin FROM ballot WHERE vote_id = $1 ORDER BY ctid`, [consentVote.id]);
    const physical = rows.map((r) => r.content.reason);
    expect([...physical].sort()).toEqual([...reasons].sort());
    // a crypto shuffle of 10 ballots gives back the casting order once in 3.6 million
    expect(physical).not.toEqual(reasons);
    expect(new Set(rows.map((r) => r.xmin)).size).toBe(1); // all written by the closing transaction
    const part: { xmin: string }[] = await ds.query(`SELECT xmin::text AS xmin FROM vote_participation WHERE vote_id = $1`, [consentVote.id]);
    expect(part.map((r) => r.xmin)).not.toContain(rows[0].xmin);
  });

  it('no row of any table ties a voter to a choice', async () => {
    const tables: { table_name: string }[] = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['ballot', 'vote_participation', 'audit_event', 'vote']));
    const records: string[] = [];
    for (const { table_name } of tables) {
      const rows: { r: string }[] = await ds.query(`SELECT row_to_json(t)::text AS r FROM "${table_name}" t`);
      records.push(...rows.map((x) => x.r));
    }
    expect(records.some((r) => r.includes(reasons[0]))).toBe(true); // the search does see the ballots
    expect(links(records)).toEqual([]);
  });

  (process.env.DATABASE_URL ? it : it.skip)('neither does a pg_dump of the database (PostgreSQL)', async () => {
    const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', '--inserts', p.db.url], { maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout.split('\n');
    expect(lines.some((l) => l.includes(reasons[0]))).toBe(true);
    expect(links(lines)).toEqual([]);
  });

  it('neither does the audit log: ballot.cast names the voter, never the choice', async () => {
    const events: any[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await p.request('GET', `/api/audit?limit=200&offset=${offset}`, { token: admin });
      expect(page.status).toBe(200);
      events.push(...page.body.items);
      if (page.body.items.length < 200) break;
    }
    const cast = events.filter((e) => e.action === 'ballot.cast' && e.entityId === consentVote.id);
    expect(cast).toHaveLength(voters.length);
    for (const e of cast) expect(Object.keys(e.data).sort()).toEqual(['scope', 'voteId']);
    expect(links(events.map((e) => JSON.stringify(e)))).toEqual([]);
  });

  it('neither do the open-data exports nor the API', async () => {
    const records: string[] = [];
    for (const format of ['json', 'csv']) {
      const res = await p.request('GET', `/api/exports/votes?format=${format}`);
      if (res.status === 404) continue; // exports not built
      expect(res.status).toBe(200);
      records.push(...(typeof res.body === 'string' ? res.body.split('\n') : JSON.stringify(res.body).split('},{')));
    }
    const token = voters[0].token;
    for (const vote of [consentVote, approvalVote]) {
      expect((await p.request('GET', `/api/votes/${vote.id}/ballots`, { token })).status).toBe(403);
      const results = await p.request('GET', `/api/votes/${vote.id}/results`, { token });
      expect(results.status).toBe(200);
      records.push(JSON.stringify(results.body));
      records.push(JSON.stringify((await p.request('GET', `/api/votes/${vote.id}`, { token })).body));
    }
    expect(links(records)).toEqual([]);
    // results: reasons without names, sorted (not in casting order)
    const consent = await p.request('GET', `/api/votes/${consentVote.id}/results`, { token });
    expect(consent.body.objections).toEqual([...reasons].sort().map((reason) => ({ reason })));
    // a receipt only says it was counted, and only to its voter (API.md): 404 for anyone else
    const check = await p.request('GET', `/api/votes/${consentVote.id}/receipts/${receipts[0]}`, { token: voters[0].token });
    expect(check.body).toEqual({ counted: true });
    expect((await p.request('GET', `/api/votes/${consentVote.id}/receipts/${receipts[0]}`, { token: voters[5].token })).status).toBe(404);
    expect((await p.request('GET', `/api/votes/${consentVote.id}/receipts/${receipts[0]}`, { token: admin })).status).toBe(404);
  });
});
