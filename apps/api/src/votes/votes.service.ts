import { Injectable, Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { EventBus } from '@app/bus';
import { Vote } from '@app/database';
import {
  checkGroupTakesVotes,
  checkResultsVisible,
  checkRollSize,
  checkSessionOfGroup,
  checkVersionsOfGroup,
  checkVoteDraft,
  closeDecisions,
  hasLiveTally,
  hasRoll,
  nextVoteStatus,
  notFound,
  showsOwnBallot,
  usesStoredResults,
} from '@app/domain';
import { AmendmentsService } from '../amendments/amendments.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { GroupAccess } from '../access/group-access.service';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { CreateVoteDto } from './dto/create-vote.dto';
import { ListVotesQuery } from './dto/list-votes.query';
import { TallyService } from './tally.service';
import { toResultsResponse, toVoteResponse } from './vote.response';
import { OptionRow, VotesRepository } from './votes.repository';

/** Fisher–Yates with a cryptographic generator. */
export function cryptoShuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

@Injectable()
export class VotesService {
  private readonly logger = new Logger('Votes');

  constructor(
    private readonly repo: VotesRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly tally: TallyService,
    private readonly bus: EventBus,
    private readonly recommendations: RecommendationsService,
    private readonly amendments: AmendmentsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** 404 for an unknown vote, 403 for a user who is neither a member of its group nor an admin. */
  async readable(user: AuthUser, id: string): Promise<Vote> {
    const vote = await this.repo.findVote(id);
    if (!vote) throw notFound('Vote');
    await this.access.role(user, vote.workingGroupId, 'read');
    return vote;
  }

  async withOptions(votes: Vote[]) {
    const options = await this.repo.optionsOf(votes.map((v) => v.id));
    return votes.map((v) => toVoteResponse(v, options.get(v.id) ?? []));
  }

  async get(user: AuthUser, id: string) {
    const [res] = await this.withOptions([await this.readable(user, id)]);
    return res;
  }

  async listOfGroup(user: AuthUser, workingGroupId: string, q: ListVotesQuery) {
    await this.access.role(user, workingGroupId, 'read');
    const page = await this.repo.list({ workingGroupId, status: q.status }, q.limit, q.offset);
    return { items: await this.withOptions(page.items), total: page.total };
  }

  async listOfSession(user: AuthUser, sessionId: string, q: ListVotesQuery) {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw notFound('Séance');
    await this.access.role(user, session.workingGroupId, 'read');
    const page = await this.repo.list({ sessionId, status: q.status }, q.limit, q.offset);
    return { items: await this.withOptions(page.items), total: page.total };
  }

  /** Rules of the method (libs/domain `checkVoteDraft`: 400), then the group (409 archived), session, versions, amendments. */
  async create(user: AuthUser, dto: CreateVoteDto) {
    const { group } = await this.access.group(user, dto.workingGroupId, 'runVote');
    const draft = checkVoteDraft(dto);
    checkGroupTakesVotes(group.status);
    const created = await this.repo.transaction(async (m) => {
      if (dto.sessionId) checkSessionOfGroup(await this.repo.findSession(dto.sessionId, m), group.id);
      const versionIds = draft.options.filter((o) => o.versionId).map((o) => o.versionId!);
      checkVersionsOfGroup(versionIds, await this.repo.versionsOfGroup(versionIds, group.id, m));
      for (const o of draft.options) if (o.amendmentId) await this.amendments.assertVotable(m, o.amendmentId, group.id);
      const vote = await this.repo.insertVote(m, draft, { workingGroupId: group.id, sessionId: dto.sessionId ?? null, createdBy: user.id });
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      await this.audit.record(m, {
        actorId: user.id,
        action: 'vote.created',
        entityType: 'vote',
        entityId: vote.id,
        data: {
          workingGroupId: vote.workingGroupId,
          sessionId: vote.sessionId,
          title: vote.title,
          method: vote.method,
          rules: draft.rules,
          scope: vote.scope,
          secret: vote.secret,
          resultsVisibility: vote.resultsVisibility,
          options: options.map((o) => ({ id: o.id, versionId: o.versionId, label: o.label, ...(o.amendmentId ? { amendmentId: o.amendmentId } : {}) })),
        },
      });
      return { vote, options };
    });
    return toVoteResponse(created.vote, created.options);
  }

  /** draft → open: freezes the electoral roll. */
  async open(user: AuthUser, id: string) {
    const { vote, options, eligible } = await this.repo.transaction(async (m) => {
      const vote = await this.repo.findVote(id, m, 'pessimistic_write');
      if (!vote) throw notFound('Vote');
      await this.access.role(user, vote.workingGroupId, 'runVote', m);
      const status = nextVoteStatus(vote.status, 'open');
      const eligible = await this.repo.freezeRoll(m, vote);
      checkRollSize(eligible);
      vote.status = status;
      vote.openedAt = new Date();
      await this.repo.saveVote(m, vote);
      await this.audit.record(m, { actorId: user.id, action: 'vote.opened', entityType: 'vote', entityId: vote.id, data: { rollSize: eligible } });
      const voters = await this.repo.rollUserIds(m, vote.id, user.id);
      await this.notifications.notify(m, { kind: 'vote_opened', userIds: voters, title: `Vote ouvert : « ${vote.title} »`, link: `/votes/${vote.id}` });
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      return { vote, options, eligible };
    });
    await this.bus.publish('vote.opened', { voteId: vote.id, workingGroupId: vote.workingGroupId, sessionId: vote.sessionId });
    if (hasLiveTally(vote)) this.tally.ballotCast(vote); // watchers get the empty tally at once
    return { ...toVoteResponse(vote, options), rollSize: eligible };
  }

  /**
   * open → closed: computes and stores the results. The vote row is locked FOR UPDATE, which
   * waits for the ballots in flight (they hold FOR KEY SHARE on it) and makes later ones see
   * `closed`. The ballots of a secret vote are rewritten in a random order in this transaction.
   */
  async close(user: AuthUser, id: string) {
    const { vote, options, results, statusChange, afterCommit } = await this.repo.transaction(async (m) => {
      const vote = await this.repo.findVote(id, m, 'pessimistic_write');
      if (!vote) throw notFound('Vote');
      await this.access.role(user, vote.workingGroupId, 'runVote', m);
      const status = nextVoteStatus(vote.status, 'close');
      if (vote.secret) await this.repo.rewriteBallots(m, vote.id, cryptoShuffle, randomUUID);
      const results = await this.tally.compute(vote, m);
      vote.status = status;
      vote.closedAt = new Date();
      vote.results = results;
      await this.repo.saveVote(m, vote);
      await this.audit.record(m, { actorId: user.id, action: 'vote.closed', entityType: 'vote', entityId: vote.id, data: { results } });
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      // an approval vote on a version decides the recommendation's status, on an amendment decides it, in the same transaction (API.md v2)
      const decides = closeDecisions(vote.method, options, results);
      const statusChange = decides.recommendationId ? await this.recommendations.applyVoteOutcome(m, user.id, decides.recommendationId, decides.outcome, vote.id) : null;
      const afterCommit = decides.amendmentId ? await this.amendments.decideFromVote(m, decides.amendmentId, decides.outcome, { id: vote.id, closedBy: user.id, sessionId: vote.sessionId }) : null;
      return { vote, options, results, statusChange, afterCommit };
    });
    await afterCommit?.();
    this.tally.forget(vote.id);
    if (vote.secret) await this.vacuumBallots();
    const response = toResultsResponse(vote, results);
    await this.bus.publish('vote.closed', { voteId: vote.id, workingGroupId: vote.workingGroupId, sessionId: vote.sessionId, results: response });
    if (statusChange) await this.recommendations.publishStatusChange(statusChange);
    return { ...toVoteResponse(vote, options), results: response };
  }

  /** Best effort: drops the dead tuples the shuffle left (they still held the insertion order). */
  private async vacuumBallots(): Promise<void> {
    try {
      await this.repo.vacuumBallots();
    } catch (err) {
      this.logger.warn(`VACUUM ballot failed: ${(err as Error).message}`);
    }
  }

  /** Stored results once closed; live ones while open only for `resultsVisibility: 'live'`; 403 otherwise. */
  async results(user: AuthUser, id: string) {
    const vote = await this.readable(user, id);
    checkResultsVisible(vote);
    const results = usesStoredResults(vote) ? vote.results! : await this.tally.compute(vote);
    return toResultsResponse(vote, results);
  }

  /** For the voter's screen: am I on the roll, have I (or my organisation) voted, how many ballots so far. */
  async participation(user: AuthUser, id: string) {
    const vote = await this.readable(user, id);
    const p = await this.repo.participationOf(vote, user.id);
    const electorate = hasRoll(vote) ? await this.repo.electorate(vote) : { eligible: 0 };
    // a voter of a public vote sees what they chose (a secret ballot is linked to no one: nothing to show)
    const ballot = showsOwnBallot(vote, p.voted) ? await this.repo.ownPublicBallot(vote.id, user.id) : null;
    return { voteId: vote.id, status: vote.status, eligible: electorate.eligible, cast: p.cast, me: { eligible: p.onRoll, voted: p.voted, ...(ballot ? { ballot } : {}) } };
  }

  optionsOf(voteId: string): Promise<OptionRow[]> {
    return this.repo.optionsOf([voteId]).then((m) => m.get(voteId) ?? []);
  }
}
