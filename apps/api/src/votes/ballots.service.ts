import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inTransaction, Vote } from '@app/database';
import { APPROVAL_CHOICES, conflict, CONSENT_CHOICES, DomainError, ErrorCode, forbidden, invalid, isGrade, notFound, sha256Hex } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { MembershipService } from '../membership/membership.service';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { GroupCommit } from './group-commit';
import { TallyService } from './tally.service';
import { OptionRow, VotesRepository } from './votes.repository';
import { cryptoShuffle, VotesService } from './votes.service';

/** A receipt is 32 random bytes in base64url: 43 characters. */
const RECEIPT = /^[A-Za-z0-9_-]{43}$/;

const has = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

const notOpen = (status: string) => conflict(status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Le vote est clos', ErrorCode.VoteNotOpen);

interface PendingBallot {
  vote: Vote;
  userId: string;
  voterKey: string;
  byOrganization: boolean;
  college: string;
  content: Record<string, unknown>;
  receiptHash: string;
}

const alreadyVoted = (it: PendingBallot) => new DomainError(ErrorCode.AlreadyVoted, it.byOrganization ? 'Votre organisation a déjà voté' : 'Vous avez déjà voté');

@Injectable()
export class BallotsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: VotesRepository,
    private readonly votes: VotesService,
    private readonly membership: MembershipService,
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
   * One ballot, exactly once. The checks that only read immutable facts (the vote's method and
   * options, the roll frozen at opening) run first; then the ballot joins a group commit: in ONE
   * transaction per batch, the votes are held FOR KEY SHARE (closing waits for them) and their
   * status re-checked, the participation rows are inserted — the primary key (vote, voter key)
   * refuses a second one, 409 — then the ballots of the accepted voters and their audit events.
   * Nothing is checked-then-inserted: the database decides who voted.
   */
  async cast(user: AuthUser, voteId: string, dto: CastBallotDto): Promise<{ receipt: string }> {
    const vote = await this.repo.findVote(voteId);
    if (!vote) throw notFound('Vote');
    await this.membership.assertCanRead(user, vote.workingGroupId);
    if (vote.status !== 'open') throw notOpen(vote.status);
    const entry = await this.repo.rollEntry(this.ds.manager, vote.id, user.id);
    if (!entry) throw forbidden('Vous ne figurez pas sur la liste des votants de ce vote');
    const content = this.contentOf(vote, await this.options(vote.id), dto);
    const receipt = randomBytes(32).toString('base64url');
    await this.writer.submit({
      vote,
      userId: user.id,
      voterKey: vote.scope === 'organization' ? (entry.organizationId ?? entry.userId) : entry.userId,
      byOrganization: vote.scope === 'organization' && !!entry.organizationId,
      // only approval tallies by college; elsewhere the college would only narrow down who cast it
      college: vote.method === 'approval' ? entry.college : '',
      content,
      receiptHash: sha256Hex(receipt),
    });
    this.tally.ballotCast(vote);
    return { receipt };
  }

  private readonly writer = new GroupCommit<PendingBallot, true>((items) => this.writeBatch(items), 200, 2);

  private async writeBatch(items: PendingBallot[]): Promise<(true | Error)[]> {
    const out: (true | Error)[] = new Array(items.length);
    await inTransaction(this.ds, async (m) => {
      const status = await this.repo.lockVotesForBallots(m, [...new Set(items.map((i) => i.vote.id))]);
      const candidates: number[] = [];
      const seen = new Set<string>();
      items.forEach((it, i) => {
        const st = status.get(it.vote.id);
        if (st !== 'open') out[i] = notOpen(st ?? 'closed');
        else if (seen.has(`${it.vote.id}:${it.voterKey}`)) out[i] = alreadyVoted(it);
        else {
          seen.add(`${it.vote.id}:${it.voterKey}`);
          candidates.push(i);
        }
      });
      const inserted = await this.repo.addParticipations(
        m,
        candidates.map((i) => ({ voteId: items[i].vote.id, voterKey: items[i].voterKey, userId: items[i].userId })),
      );
      const accepted = candidates.filter((i) => inserted.has(`${items[i].vote.id}:${items[i].voterKey}`));
      for (const i of candidates) out[i] = inserted.has(`${items[i].vote.id}:${items[i].voterKey}`) ? true : alreadyVoted(items[i]);
      // the ballot box in random order: nothing in it follows the order of the participations
      await this.repo.addBallots(
        m,
        cryptoShuffle(accepted).map((i) => ({
          id: randomUUID(),
          voteId: items[i].vote.id,
          content: items[i].content,
          college: items[i].college,
          receiptHash: items[i].receiptHash,
          voterId: items[i].vote.secret ? null : items[i].userId,
        })),
      );
      for (const i of accepted) {
        const it = items[i];
        // secret: who voted, never what; public: the choice may be audited
        await this.audit.record(m, {
          actorId: it.userId,
          action: 'ballot.cast',
          entityType: 'vote',
          entityId: it.vote.id,
          data: it.vote.secret ? { voteId: it.vote.id, scope: it.vote.scope } : { voteId: it.vote.id, scope: it.vote.scope, voterKey: it.voterKey, ...it.content },
        });
      }
    });
    return out;
  }

  /** A vote's options never change after creation: kept in memory. */
  private readonly optionsCache = new Map<string, OptionRow[]>();

  private async options(voteId: string): Promise<OptionRow[]> {
    let options = this.optionsCache.get(voteId);
    if (!options) {
      options = (await this.repo.optionsOf([voteId])).get(voteId) ?? [];
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

  /** `{counted: true}` when a ballot of this vote has this receipt; 404 otherwise (the receipt is the secret). */
  async checkReceipt(voteId: string, receipt: string): Promise<{ counted: true }> {
    if (!RECEIPT.test(receipt) || !(await this.repo.hasReceipt(voteId, sha256Hex(receipt)))) throw notFound('Reçu');
    return { counted: true };
  }
}
