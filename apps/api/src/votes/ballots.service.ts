import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Vote } from '@app/database';
import { admitBallot, AdmittedBallot, alreadyVoted, ballotAuditData, ballotVoterId, checkBallotsListable, checkReceipt, isReceiptFormat, RECEIPT_BYTES, sha256Hex } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { GroupCommit } from './group-commit';
import { TallyService } from './tally.service';
import { OptionRow, VotesRepository } from './votes.repository';
import { cryptoShuffle, VotesService } from './votes.service';

interface BallotRequest {
  user: AuthUser;
  voteId: string;
  dto: CastBallotDto;
  receiptHash: string;
}

@Injectable()
export class BallotsService {
  constructor(
    private readonly repo: VotesRepository,
    private readonly votes: VotesService,
    private readonly audit: AuditService,
    private readonly tally: TallyService,
  ) {}

  /**
   * One ballot, exactly once. The ballot joins a group commit: ONE transaction per batch holds
   * the batch's votes FOR KEY SHARE (closing takes FOR UPDATE, so it waits for ballots in
   * flight and later ones see it closed), checks each request (libs/domain `admitBallot`: vote,
   * membership, status, roll, content), inserts the participation rows — the primary key (vote,
   * voter key) refuses a second one: 409 — then the ballots of the accepted voters and their
   * audit events. Nothing is checked-then-inserted: the database decides who voted.
   */
  async cast(user: AuthUser, voteId: string, dto: CastBallotDto): Promise<{ receipt: string }> {
    const receipt = randomBytes(RECEIPT_BYTES).toString('base64url');
    const vote = await this.writer.submit({ user, voteId, dto, receiptHash: sha256Hex(receipt) });
    this.tally.ballotCast(vote);
    return { receipt };
  }

  private readonly writer = new GroupCommit<BallotRequest, Vote>((items) => this.writeBatch(items), 200, 2);

  private async writeBatch(items: BallotRequest[]): Promise<(Vote | Error)[]> {
    const out: (Vote | Error)[] = new Array(items.length);
    await this.repo.transaction(async (m) => {
      const votes = await this.repo.lockVotesForBallots(m, [...new Set(items.map((i) => i.voteId))]);
      const roles = await this.repo.rolesOf(m, items.map((i) => ({ workingGroupId: votes.get(i.voteId)?.workingGroupId ?? i.voteId, userId: i.user.id })));
      const roll = await this.repo.rollEntries(m, items.map((i) => ({ voteId: i.voteId, userId: i.user.id })));
      const ready: (AdmittedBallot & { i: number; vote: Vote })[] = [];
      const seen = new Set<string>();
      for (const [i, it] of items.entries()) {
        try {
          const vote = votes.get(it.voteId) ?? null;
          const admitted = admitBallot({
            vote,
            options: vote ? await this.options(vote.id, m) : [],
            platformRole: it.user.role,
            groupRole: vote ? (roles.get(`${vote.workingGroupId}:${it.user.id}`) ?? null) : null,
            roll: vote ? (roll.get(`${vote.id}:${it.user.id}`) ?? null) : null,
            input: it.dto,
          });
          // a ballot is final: the second of a voter key in this batch is refused as the database refuses one of another batch
          if (seen.has(`${vote!.id}:${admitted.voterKey}`)) throw alreadyVoted(admitted.byOrganization);
          seen.add(`${vote!.id}:${admitted.voterKey}`);
          ready.push({ i, vote: vote!, ...admitted });
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
          voterId: ballotVoterId(r.vote, items[r.i].user.id),
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
          data: ballotAuditData(r.vote, r.voterKey, r.content),
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
    checkBallotsListable(vote);
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
    const found = isReceiptFormat(receipt) ? await this.repo.findReceipt(voteId, sha256Hex(receipt)) : null;
    return checkReceipt(found, user.id);
  }
}
