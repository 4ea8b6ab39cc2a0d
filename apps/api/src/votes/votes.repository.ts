import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Ballot, inTransaction, Session, Vote, VoteOption, VoteParticipation, VoteReceipt, VoteRollEntry } from '@app/database';
import { College, COLLEGES, DEFAULT_COLLEGE, Electorate, ELIGIBLE_GROUP_ROLES, GroupRole, VoteDraft } from '@app/domain';

/** A vote option with, for a version, the recommendation it belongs to and its number. */
export interface OptionRow {
  id: string;
  voteId: string;
  versionId: string | null;
  label: string | null;
  amendmentId: string | null;
  position: number;
  recommendationId: string | null;
  versionNumber: number | null;
  contentHash: string | null;
}

export interface BallotRow {
  content: Record<string, unknown>;
  college: College;
  voterName?: string;
}

export interface PublicBallotRow {
  userId: string;
  displayName: string;
  organizationId: string | null;
  college: string;
  content: Record<string, unknown>;
}

/** SQL expression of the voter key of a roll entry: the user, or the organisation for scope `organization`. */
const voterKeyOf = (scope: Vote['scope']) => (scope === 'organization' ? `COALESCE(r.organization_id::text, r.user_id::text)` : `r.user_id::text`);

/**
 * The only code of the votes feature that touches the database: named methods, no ORM
 * repository or DataSource handed out. Methods that write take the manager of the caller's
 * transaction (opened by `transaction`); reads take it optionally.
 */
@Injectable()
export class VotesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.ds.manager;
  }

  /** A READ COMMITTED transaction: the manager to pass to the writes (and to audit, amendments, recommendations). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.ds, work);
  }

  /** A REPEATABLE READ transaction: every read in it sees the same instant (live tallies). */
  snapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }

  /** A new `draft` vote and its options, in the given order. */
  async insertVote(m: EntityManager, draft: VoteDraft, fields: { workingGroupId: string; sessionId: string | null; createdBy: string }): Promise<Vote> {
    const votes = m.getRepository(Vote);
    const vote = await votes.save(
      votes.create({
        workingGroupId: fields.workingGroupId,
        sessionId: fields.sessionId,
        title: draft.title,
        method: draft.method,
        rules: draft.rules,
        scope: draft.scope,
        secret: draft.secret,
        resultsVisibility: draft.resultsVisibility,
        status: 'draft',
        createdBy: fields.createdBy,
      }),
    );
    await m.getRepository(VoteOption).save(draft.options.map((o) => ({ voteId: vote.id, ...o })));
    return vote;
  }

  /** Writes the vote's status, opening/closing dates and stored results. */
  async saveVote(m: EntityManager, vote: Vote): Promise<void> {
    await m.getRepository(Vote).save(vote);
  }

  /** The users on the vote's roll, but one (the facilitator who opened it). */
  async rollUserIds(m: EntityManager, voteId: string, exceptUserId: string): Promise<string[]> {
    const rows: { userId: string }[] = await m.query(`SELECT user_id AS "userId" FROM vote_roll_entry WHERE vote_id = $1 AND user_id <> $2`, [voteId, exceptUserId]);
    return rows.map((r) => r.userId);
  }

  /** Drops the dead tuples a secret vote's shuffle left (they still held the insertion order). Outside any transaction. */
  async vacuumBallots(): Promise<void> {
    await this.ds.query('VACUUM ballot');
  }

  findVote(id: string, manager?: EntityManager, lock?: 'for_key_share' | 'pessimistic_write'): Promise<Vote | null> {
    return this.m(manager).getRepository(Vote).findOne({ where: { id }, ...(lock ? { lock: { mode: lock } } : {}) });
  }

  findSession(id: string, manager?: EntityManager): Promise<Session | null> {
    return this.m(manager).getRepository(Session).findOne({ where: { id } });
  }

  /** The ids, among `versionIds`, of versions of recommendations of the working group. */
  async versionsOfGroup(versionIds: string[], workingGroupId: string, manager?: EntityManager): Promise<Set<string>> {
    if (versionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.m(manager).query(
      `SELECT v.id FROM recommendation_version v JOIN recommendation r ON r.id = v.recommendation_id
        WHERE v.id = ANY($1::uuid[]) AND r.working_group_id = $2`,
      [versionIds, workingGroupId],
    );
    return new Set(rows.map((r) => r.id));
  }

  async optionsOf(voteIds: string[], manager?: EntityManager): Promise<Map<string, OptionRow[]>> {
    const out = new Map<string, OptionRow[]>(voteIds.map((id) => [id, []]));
    if (voteIds.length === 0) return out;
    const rows: OptionRow[] = await this.m(manager).query(
      `SELECT o.id, o.vote_id AS "voteId", o.version_id AS "versionId", o.label, o.amendment_id AS "amendmentId", o.position,
              v.recommendation_id AS "recommendationId", v.number AS "versionNumber", v.content_hash AS "contentHash"
         FROM vote_option o LEFT JOIN recommendation_version v ON v.id = o.version_id
        WHERE o.vote_id = ANY($1::uuid[])
        ORDER BY o.vote_id, o.position`,
      [voteIds],
    );
    for (const r of rows) out.get(r.voteId)!.push(r);
    return out;
  }

  async list(where: { workingGroupId?: string; sessionId?: string; status?: Vote['status'] }, limit: number, offset: number): Promise<{ items: Vote[]; total: number }> {
    const filter: Partial<Record<'workingGroupId' | 'sessionId' | 'status', string>> = {};
    // explicit checks: an undefined value in a TypeORM `where` would match every row
    if (where.workingGroupId !== undefined) filter.workingGroupId = where.workingGroupId;
    if (where.sessionId !== undefined) filter.sessionId = where.sessionId;
    if (where.status !== undefined) filter.status = where.status;
    if (!filter.workingGroupId && !filter.sessionId) throw new Error('votes are listed by group or by session');
    const [items, total] = await this.ds.getRepository(Vote).findAndCount({ where: filter as object, order: { createdAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  /**
   * Freezes the roll: the group's members of the eligible roles (libs/domain
   * `ELIGIBLE_GROUP_ROLES`) now, with their organisation and its college (`DEFAULT_COLLEGE`
   * without one). Returns its size.
   */
  async freezeRoll(m: EntityManager, vote: Vote): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO vote_roll_entry (vote_id, user_id, organization_id, college)
       SELECT $1, gm.user_id, u.organization_id, COALESCE(o.college, $4)
         FROM group_member gm
         JOIN "user" u ON u.id = gm.user_id
         LEFT JOIN organization o ON o.id = u.organization_id
        WHERE gm.working_group_id = $2 AND gm.role = ANY($3::text[])
       RETURNING user_id`,
      [vote.id, vote.workingGroupId, ELIGIBLE_GROUP_ROLES, DEFAULT_COLLEGE],
    );
    return rows.length;
  }

  /** The number of voter keys on the roll, in total and by college. */
  async electorate(vote: Vote, manager?: EntityManager): Promise<Electorate> {
    const rows: { college: string; n: string }[] = await this.m(manager).query(
      `SELECT r.college, count(DISTINCT ${voterKeyOf(vote.scope)}) AS n FROM vote_roll_entry r WHERE r.vote_id = $1 GROUP BY r.college`,
      [vote.id],
    );
    const byCollege = Object.fromEntries(COLLEGES.map((c) => [c, 0])) as Record<College, number>;
    for (const r of rows) if ((COLLEGES as readonly string[]).includes(r.college)) byCollege[r.college as College] += Number(r.n);
    return { eligible: byCollege.state + byCollege.local + byCollege.civil, byCollege };
  }

  /** Holds the votes FOR KEY SHARE (closing takes FOR UPDATE, so it waits for these ballots). */
  async lockVotesForBallots(m: EntityManager, ids: string[]): Promise<Map<string, Vote>> {
    const votes = await m.getRepository(Vote).find({ where: { id: In([...ids].sort()) }, order: { id: 'ASC' }, lock: { mode: 'for_key_share' } });
    return new Map(votes.map((v) => [v.id, v]));
  }

  /** Group roles by `workingGroupId:userId` (members only). */
  async rolesOf(m: EntityManager, pairs: { workingGroupId: string; userId: string }[]): Promise<Map<string, GroupRole>> {
    const rows: { g: string; u: string; role: GroupRole }[] = await m.query(
      `SELECT working_group_id AS g, user_id AS u, role FROM group_member
        WHERE (working_group_id, user_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map((p) => p.workingGroupId), pairs.map((p) => p.userId)],
    );
    return new Map(rows.map((r) => [`${r.g}:${r.u}`, r.role]));
  }

  /** Roll entries by `voteId:userId`. */
  async rollEntries(m: EntityManager, pairs: { voteId: string; userId: string }[]): Promise<Map<string, VoteRollEntry>> {
    const rows: VoteRollEntry[] = await m.query(
      `SELECT vote_id AS "voteId", user_id AS "userId", organization_id AS "organizationId", college FROM vote_roll_entry
        WHERE (vote_id, user_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map((p) => p.voteId), pairs.map((p) => p.userId)],
    );
    return new Map(rows.map((r) => [`${r.voteId}:${r.userId}`, r]));
  }

  /**
   * Many participations at once. The primary key decides: rows whose (vote, voter key) exists
   * already — committed, or being inserted by a concurrent transaction, which is waited for —
   * are skipped. Inserted in key order, so that concurrent batches lock keys in the same order
   * (no deadlock) and the table's order says nothing about the order of arrival. Returns the
   * keys (`voteId:voterKey`) actually inserted.
   */
  async addParticipations(m: EntityManager, rows: VoteParticipation[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const sorted = [...rows].sort((a, b) => (a.voteId + a.voterKey < b.voteId + b.voterKey ? -1 : 1));
    const inserted: { vote_id: string; voter_key: string }[] = await m.query(
      `INSERT INTO vote_participation (vote_id, voter_key, user_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])
       ON CONFLICT (vote_id, voter_key) DO NOTHING
       RETURNING vote_id, voter_key`,
      [sorted.map((r) => r.voteId), sorted.map((r) => r.voterKey), sorted.map((r) => r.userId)],
    );
    return new Set(inserted.map((r) => `${r.vote_id}:${r.voter_key}`));
  }

  async addBallots(m: EntityManager, rows: Ballot[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ballot (id, vote_id, content, college, voter_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::text[], $5::uuid[])`,
      [rows.map((b) => b.id), rows.map((b) => b.voteId), rows.map((b) => JSON.stringify(b.content)), rows.map((b) => b.college), rows.map((b) => b.voterId)],
    );
  }

  /** The receipts' hashes, apart from the ballot box (the caller shuffles them separately). */
  async addReceipts(m: EntityManager, rows: VoteReceipt[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO vote_receipt (receipt_hash, vote_id, user_id) SELECT * FROM unnest($1::char(64)[], $2::uuid[], $3::uuid[])`,
      [rows.map((r) => r.receiptHash), rows.map((r) => r.voteId), rows.map((r) => r.userId)],
    );
  }

  /** The ballot box of a vote, with the voter's name only for public votes. */
  async ballots(vote: Vote, manager?: EntityManager): Promise<BallotRow[]> {
    if (vote.secret) {
      return this.m(manager).query(`SELECT content, college FROM ballot WHERE vote_id = $1`, [vote.id]);
    }
    return this.m(manager).query(
      `SELECT b.content, b.college, u.display_name AS "voterName" FROM ballot b LEFT JOIN "user" u ON u.id = b.voter_id WHERE b.vote_id = $1`,
      [vote.id],
    );
  }

  /** Who voted what, for public votes. */
  async publicBallots(voteId: string, limit: number, offset: number): Promise<{ items: PublicBallotRow[]; total: number }> {
    const [items, count] = await Promise.all([
      this.ds.query(
        `SELECT b.voter_id AS "userId", u.display_name AS "displayName", r.organization_id AS "organizationId", r.college, b.content
           FROM ballot b JOIN "user" u ON u.id = b.voter_id
           LEFT JOIN vote_roll_entry r ON r.vote_id = b.vote_id AND r.user_id = b.voter_id
          WHERE b.vote_id = $1
          ORDER BY u.display_name, b.voter_id
          LIMIT $2 OFFSET $3`,
        [voteId, limit, offset],
      ),
      this.ds.query(`SELECT count(*) AS n FROM ballot WHERE vote_id = $1`, [voteId]),
    ]);
    return { items, total: Number(count[0].n) };
  }

  /** The user's own ballot of a public vote (its content), or null. Never called for a secret vote. */
  async ownPublicBallot(voteId: string, userId: string): Promise<Record<string, unknown> | null> {
    const rows: { content: Record<string, unknown> }[] = await this.ds.query(
      `SELECT b.content FROM ballot b JOIN vote v ON v.id = b.vote_id AND NOT v.secret WHERE b.vote_id = $1 AND b.voter_id = $2 LIMIT 1`,
      [voteId, userId],
    );
    return rows[0]?.content ?? null;
  }

  findReceipt(voteId: string, receiptHash: string): Promise<VoteReceipt | null> {
    return this.ds.getRepository(VoteReceipt).findOne({ where: { voteId, receiptHash } });
  }

  async participationOf(vote: Vote, userId: string): Promise<{ onRoll: boolean; voted: boolean; cast: number }> {
    const [roll, voted, cast] = await Promise.all([
      this.ds.getRepository(VoteRollEntry).findOne({ where: { voteId: vote.id, userId } }),
      this.ds.query(
        `SELECT 1 FROM vote_participation p
          WHERE p.vote_id = $1 AND (p.user_id = $2 OR p.voter_key = (SELECT ${voterKeyOf(vote.scope)} FROM vote_roll_entry r WHERE r.vote_id = $1 AND r.user_id = $2))
          LIMIT 1`,
        [vote.id, userId],
      ),
      this.ds.getRepository(VoteParticipation).count({ where: { voteId: vote.id } }),
    ]);
    return { onRoll: !!roll, voted: voted.length > 0, cast };
  }

  /**
   * Rewrites a secret vote's ballots in a random order (crypto-random shuffle given by the
   * caller) with fresh ids, inside the closing transaction: afterwards neither their physical
   * order nor their xmin (now the closing transaction's) says which participation row went
   * with which ballot.
   */
  async rewriteBallots(m: EntityManager, voteId: string, shuffle: <T>(xs: T[]) => T[], newId: () => string): Promise<number> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected]
    const [list]: [{ content: unknown; college: string }[], number] = await m.query(
      `DELETE FROM ballot WHERE vote_id = $1 RETURNING content, college`,
      [voteId],
    );
    const shuffled = shuffle(list);
    const batch = 1000;
    for (let i = 0; i < shuffled.length; i += batch) {
      const part = shuffled.slice(i, i + batch);
      await m.query(
        `INSERT INTO ballot (id, vote_id, content, college, voter_id)
         SELECT id, $1, content, college, NULL
           FROM unnest($2::uuid[], $3::jsonb[], $4::text[]) AS t(id, content, college)`,
        [voteId, part.map(() => newId()), part.map((r) => JSON.stringify(r.content)), part.map((r) => r.college)],
      );
    }
    return list.length;
  }
}
