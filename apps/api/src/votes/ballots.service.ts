import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, Vote } from '@app/database';
import { APPROVAL_CHOICES, conflict, CONSENT_CHOICES, DENIED_MESSAGE, DomainError, ErrorCode, forbidden, groupAllows, invalid, isGrade, notFound, sha256Hex } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { GroupCommit } from './group-commit';
import { TallyService } from './tally.service';
import { OptionRow, VotesRepository } from './votes.repository';
import { cryptoShuffle, VotesService } from './votes.service';

/** A receipt is 32 random bytes in base64url: 43 characters. */
const RECEIPT = /^[A-Za-z0-9_-]{43}$/;

const has = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

const notOpen = (status: string) => conflict(status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Le vote est clos', ErrorCode.VoteNotOpen);

interface BallotRequest {
  user: AuthUser;
  voteId: string;
  dto: CastBallotDto;
  receiptHash: string;
}

const alreadyVoted = (byOrganization: boolean) => new DomainError(ErrorCode.AlreadyVoted, byOrganization ? 'Votre organisation a déjà voté' : 'Vous avez déjà voté');

@Injectable()
export class BallotsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: VotesRepository,
    private readonly votes: VotesService,
    private readonly audit: AuditService,
    private readonly tally: TallyService,
  ) {}

  /** The ballot's content for the vote's method, or 400 with what is wrong. */
  contentOf(vote: Vote, options: OptionRow[], dto: CastBallotDto): Record<string, unknown> {
    const fail = (msg: string): never => {
      throw invalid(msg);
    };
    if (vote.method === 'majority_judgment') {
      if (dto.choice !== undefined || dto.reason !== undefined || dto.versionId !== undefined || dto.optionId !== undefined) fail('Jugement majoritaire : envoyer seulement {grades: {optionId: mention}}');
      if (!dto.grades) fail('grades : une mention est attendue pour chaque option');
      const grades = dto.grades!;
      const ids = new Set(options.map((o) => o.id));
      const unknown = Object.keys(grades).filter((k) => !ids.has(k.toLowerCase()));
      if (unknown.length) fail(`grades : option(s) inconnue(s) ${unknown.slice(0, 5).join(', ')}`);
      const byId = new Map(Object.entries(grades).map(([k, v]) => [k.toLowerCase(), v]));
      const missing = options.filter((o) => !byId.has(o.id));
      if (missing.length) fail(`grades : chaque option doit recevoir une mention (manque ${missing.map((o) => o.id).join(', ')})`);
      const bad = [...byId.entries()].filter(([, g]) => !isGrade(g));
      if (bad.length) fail('grades : mention inconnue (excellent, very_good, good, fair, passable, insufficient, reject)');
      return { grades: Object.fromEntries(options.map((o) => [o.id, byId.get(o.id)])) };
    }
    const option = options[0];
    if (dto.grades !== undefined) fail('grades : réservé au jugement majoritaire');
    if (dto.optionId !== undefined && dto.optionId.toLowerCase() !== option.id) fail('optionId : ce n’est pas l’option de ce vote');
    if (dto.versionId !== undefined && dto.versionId.toLowerCase() !== option.versionId) fail('versionId : ce n’est pas la version soumise à ce vote');
    if (vote.method === 'approval') {
      if (!has(APPROVAL_CHOICES, dto.choice)) fail('choice : for, against ou abstain');
      if (dto.reason !== undefined) fail('reason : réservé aux objections d’un vote par consentement');
      return { optionId: option.id, choice: dto.choice };
    }
    if (!has(CONSENT_CHOICES, dto.choice)) fail('choice : consent ou objection');
    if (dto.choice === 'objection') {
      const reason = dto.reason?.trim();
      if (!reason) fail('reason : une objection doit être motivée');
      return { optionId: option.id, choice: 'objection', reason };
    }
    if (dto.reason !== undefined) fail('reason : seule une objection est motivée');
    return { optionId: option.id, choice: 'consent' };
  }

  /**
   * One ballot, exactly once. The ballot joins a group commit: ONE transaction per batch holds
   * the batch's votes FOR KEY SHARE (closing takes FOR UPDATE, so it waits for ballots in
   * flight and later ones see it closed), checks each request (vote, membership, status, roll,
   * content), inserts the participation rows — the primary key (vote, voter key) refuses a second
   * one: 409 — then the ballots of the accepted voters and their audit events. Nothing is
   * checked-then-inserted: the database decides who voted.
   */
  async cast(user: AuthUser, voteId: string, dto: CastBallotDto): Promise<{ receipt: string }> {
    const receipt = randomBytes(32).toString('base64url');
    const vote = await this.writer.submit({ user, voteId, dto, receiptHash: sha256Hex(receipt) });
    this.tally.ballotCast(vote);
    return { receipt };
  }

  private readonly writer = new GroupCommit<BallotRequest, Vote>((items) => this.writeBatch(items), 200, 2);

  private async writeBatch(items: BallotRequest[]): Promise<(Vote | Error)[]> {
    const out: (Vote | Error)[] = new Array(items.length);
    await inTransaction(this.ds, async (m) => {
      const votes = await this.repo.lockVotesForBallots(m, [...new Set(items.map((i) => i.voteId))]);
      const roles = await this.repo.rolesOf(m, items.map((i) => ({ workingGroupId: votes.get(i.voteId)?.workingGroupId ?? i.voteId, userId: i.user.id })));
      const roll = await this.repo.rollEntries(m, items.map((i) => ({ voteId: i.voteId, userId: i.user.id })));
      const ready: { i: number; vote: Vote; voterKey: string; byOrganization: boolean; college: string; content: Record<string, unknown> }[] = [];
      const seen = new Set<string>();
      for (const [i, it] of items.entries()) {
        try {
          const vote = votes.get(it.voteId);
          if (!vote) throw notFound('Vote');
          if (!groupAllows('vote', it.user.role, roles.get(`${vote.workingGroupId}:${it.user.id}`) ?? null)) throw forbidden(DENIED_MESSAGE.vote);
          if (vote.status !== 'open') throw notOpen(vote.status);
          const entry = roll.get(`${vote.id}:${it.user.id}`);
          if (!entry) throw forbidden('Vous ne figurez pas sur la liste des votants de ce vote');
          const content = this.contentOf(vote, await this.options(vote.id, m), it.dto);
          const byOrganization = vote.scope === 'organization' && !!entry.organizationId;
          const voterKey = byOrganization ? entry.organizationId! : entry.userId;
          if (seen.has(`${vote.id}:${voterKey}`)) throw alreadyVoted(byOrganization);
          seen.add(`${vote.id}:${voterKey}`);
          // only approval tallies by college; elsewhere the college would only narrow down who cast it
          ready.push({ i, vote, voterKey, byOrganization, college: vote.method === 'approval' ? entry.college : '', content });
        } catch (err) {
          out[i] = err as Error;
        }
      }
      const inserted = await this.repo.addParticipations(
        m,
        ready.map((r) => ({ voteId: r.vote.id, voterKey: r.voterKey, userId: items[r.i].user.id })),
      );
      const accepted = ready.filter((r) => inserted.has(`${r.vote.id}:${r.voterKey}`));
      for (const r of ready) out[r.i] = inserted.has(`${r.vote.id}:${r.voterKey}`) ? r.vote : alreadyVoted(r.byOrganization);
      // the ballot box in random order: nothing in it follows the order of the participations
      await this.repo.addBallots(
        m,
        cryptoShuffle(accepted).map((r) => ({
          id: randomUUID(),
          voteId: r.vote.id,
          content: r.content,
          college: r.college,
          voterId: r.vote.secret ? null : items[r.i].user.id,
        })),
      );
      // counted, per receipt, apart from the box and in another random order: a receipt finds
      // its voter (who alone may check it), never a ballot
      await this.repo.addReceipts(
        m,
        cryptoShuffle(accepted).map((r) => ({ receiptHash: items[r.i].receiptHash, voteId: r.vote.id, userId: items[r.i].user.id })),
      );
      // secret: who voted, never what; public: the choice may be audited
      await this.audit.recordMany(
        m,
        accepted.map((r) => ({
          actorId: items[r.i].user.id,
          action: 'ballot.cast',
          entityType: 'vote',
          entityId: r.vote.id,
          data: r.vote.secret ? { voteId: r.vote.id, scope: r.vote.scope } : { voteId: r.vote.id, scope: r.vote.scope, voterKey: r.voterKey, ...r.content },
        })),
      );
    });
    return out;
  }

  /** A vote's options never change after creation: kept in memory. */
  private readonly optionsCache = new Map<string, OptionRow[]>();

  private async options(voteId: string, manager: EntityManager): Promise<OptionRow[]> {
    let options = this.optionsCache.get(voteId);
    if (!options) {
      options = (await this.repo.optionsOf([voteId], manager)).get(voteId) ?? [];
      if (this.optionsCache.size > 10_000) this.optionsCache.clear();
      this.optionsCache.set(voteId, options);
    }
    return options;
  }

  /** Who voted what: public votes only, and for `after_close` ones only once closed. */
  async list(user: AuthUser, voteId: string, q: ListQuery) {
    const vote = await this.votes.readable(user, voteId);
    if (vote.secret) throw forbidden('Vote secret : les bulletins ne sont pas nominatifs');
    this.votes.assertResultsVisible(vote);
    const page = await this.repo.publicBallots(vote.id, q.limit, q.offset);
    return {
      items: page.items.map((b) => ({ userId: b.userId, displayName: b.displayName, organizationId: b.organizationId, college: b.college, ...b.content })),
      total: page.total,
    };
  }

  /**
   * `{counted: true}` for the voter who was given this receipt for this vote (API.md: the voter);
   * 404 for anyone else and for an unknown receipt, so that a receipt's existence is not told to
   * others. A receipt of a ballot cast before receipts were kept apart has no recorded voter: its
   * holder may check it, as then.
   */
  async checkReceipt(user: AuthUser, voteId: string, receipt: string): Promise<{ counted: true }> {
    const found = RECEIPT.test(receipt) ? await this.repo.findReceipt(voteId, sha256Hex(receipt)) : null;
    if (!found || (found.userId !== null && found.userId !== user.id)) throw notFound('Reçu');
    return { counted: true };
  }
}
