import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inTransaction, Vote } from '@app/database';
import { APPROVAL_CHOICES, College, conflict, CONSENT_CHOICES, DomainError, ErrorCode, forbidden, invalid, isGrade, notFound, sha256Hex } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { MembershipService } from '../membership/membership.service';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { TallyService } from './tally.service';
import { OptionRow, VotesRepository } from './votes.repository';
import { VotesService } from './votes.service';

/** A receipt is 32 random bytes in base64url: 43 characters. */
const RECEIPT = /^[A-Za-z0-9_-]{43}$/;

const has = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

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
   * One ballot, exactly once: the participation row (primary key vote × voter key) and the
   * ballot are inserted in one transaction; a second insert for the same key does nothing and
   * the transaction stops with 409 before any ballot is written. The vote row is held FOR KEY
   * SHARE, so closing waits for ballots in flight.
   */
  async cast(user: AuthUser, voteId: string, dto: CastBallotDto): Promise<{ receipt: string }> {
    const receipt = randomBytes(32).toString('base64url');
    const vote = await inTransaction(this.ds, async (m) => {
      const vote = await this.repo.findVote(voteId, m, 'for_key_share');
      if (!vote) throw notFound('Vote');
      await this.membership.assertCanRead(user, vote.workingGroupId, m);
      if (vote.status !== 'open') throw conflict(vote.status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Le vote est clos', ErrorCode.VoteNotOpen);
      const entry = await this.repo.rollEntry(m, vote.id, user.id);
      if (!entry) throw forbidden('Vous ne figurez pas sur la liste des votants de ce vote');
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      const content = this.contentOf(vote, options, dto);
      const voterKey = vote.scope === 'organization' ? (entry.organizationId ?? entry.userId) : entry.userId;
      if (!(await this.repo.addParticipation(m, { voteId: vote.id, voterKey, userId: user.id }))) {
        throw new DomainError(ErrorCode.AlreadyVoted, vote.scope === 'organization' && entry.organizationId ? 'Votre organisation a déjà voté' : 'Vous avez déjà voté');
      }
      await this.repo.addBallot(m, {
        id: randomUUID(),
        voteId: vote.id,
        content,
        // only approval tallies by college; elsewhere the college would only narrow down who cast it
        college: vote.method === 'approval' ? (entry.college as College) : '',
        receiptHash: sha256Hex(receipt),
        voterId: vote.secret ? null : user.id,
      });
      // secret: who voted, never what; public: the choice may be audited
      await this.audit.record(m, {
        actorId: user.id,
        action: 'ballot.cast',
        entityType: 'vote',
        entityId: vote.id,
        data: vote.secret ? { voteId: vote.id, scope: vote.scope } : { voteId: vote.id, scope: vote.scope, voterKey, ...content },
      });
      return vote;
    });
    this.tally.ballotCast(vote);
    return { receipt };
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
