import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventBus } from '@app/bus';
import { inTransaction, Vote, VoteRules } from '@app/database';
import { conflict, ErrorCode, forbidden, invalid, notFound } from '@app/domain';
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
    @InjectDataSource() private readonly ds: DataSource,
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

  /** The rules of the method: option shapes and counts, which rules apply, secrecy and live results. */
  private checkShape(dto: CreateVoteDto): VoteRules {
    const errors: string[] = [];
    const options = dto.options;
    options.forEach((o, i) => {
      const given = [o.versionId, o.label, o.amendmentId].filter((x) => x !== undefined).length;
      if (given !== 1) errors.push(`options.${i} : indiquer soit versionId, soit label, soit amendmentId`);
      if (o.amendmentId !== undefined && dto.method !== 'approval') errors.push(`options.${i}.amendmentId : seul un vote par approbation porte sur un amendement`);
      if (o.label !== undefined && o.label.trim() === '') errors.push(`options.${i}.label : libellé vide`);
    });
    const versionIds = options.filter((o) => o.versionId).map((o) => o.versionId!.toLowerCase());
    const labels = options.filter((o) => o.label).map((o) => o.label!.trim().toLowerCase());
    if (new Set(versionIds).size !== versionIds.length || new Set(labels).size !== labels.length) errors.push('options : une même option figure deux fois');
    const rules = dto.rules ?? {};
    switch (dto.method) {
      case 'approval':
        if (options.length !== 1 || !(options[0].versionId || options[0].amendmentId)) {
          errors.push('options : un vote par approbation porte sur exactement une version de recommandation ([{versionId}]) ou un amendement ([{amendmentId}])');
        }
        break;
      case 'majority_judgment':
        if (options.length < 2) errors.push('options : le jugement majoritaire demande au moins deux options');
        if (rules.quorum !== undefined || rules.threshold !== undefined || rules.doubleMajority !== undefined) errors.push('rules : aucune règle ne s’applique au jugement majoritaire');
        break;
      case 'consent':
        if (options.length !== 1) errors.push('options : un vote par consentement porte sur exactement une option');
        if (rules.threshold !== undefined || rules.doubleMajority !== undefined) errors.push('rules : seul quorum s’applique au consentement');
        break;
    }
    if (dto.secret && dto.resultsVisibility === 'live') errors.push('resultsVisibility : un vote secret ne peut pas afficher de résultats en direct');
    if (dto.title.trim() === '') errors.push('title : titre vide');
    if (errors.length) throw invalid(errors.join(' ; '));
    const out: VoteRules = {};
    if (rules.quorum !== undefined) out.quorum = rules.quorum;
    if (rules.threshold !== undefined) out.threshold = rules.threshold;
    if (rules.doubleMajority !== undefined) out.doubleMajority = rules.doubleMajority;
    return out;
  }

  async create(user: AuthUser, dto: CreateVoteDto) {
    const { group } = await this.access.group(user, dto.workingGroupId, 'runVote');
    const rules = this.checkShape(dto);
    if (group.status === 'archived') throw conflict('Ce groupe de travail est archivé');
    const created = await inTransaction(this.ds, async (m) => {
      if (dto.sessionId) {
        const session = await this.repo.findSession(dto.sessionId, m);
        if (!session || session.workingGroupId !== group.id) throw invalid('sessionId : séance inconnue dans ce groupe de travail');
      }
      const versionIds = dto.options.filter((o) => o.versionId).map((o) => o.versionId!);
      const known = await this.repo.versionsOfGroup(versionIds, group.id, m);
      const unknown = versionIds.filter((id) => !known.has(id));
      if (unknown.length) throw invalid(`versionId : ${unknown.join(', ')} n’est pas une version d’une recommandation de ce groupe de travail`);
      for (const o of dto.options) if (o.amendmentId) await this.amendments.assertVotable(m, o.amendmentId, group.id);
      const vote = await this.repo.votesRepo(m).save(
        this.repo.votesRepo(m).create({
          workingGroupId: group.id,
          sessionId: dto.sessionId ?? null,
          title: dto.title.trim(),
          method: dto.method,
          rules,
          scope: dto.scope ?? 'member',
          secret: dto.secret ?? false,
          resultsVisibility: dto.resultsVisibility ?? 'after_close',
          status: 'draft',
          createdBy: user.id,
        }),
      );
      await this.repo.optionsRepo(m).save(
        dto.options.map((o, position) => ({ voteId: vote.id, versionId: o.versionId ?? null, label: o.label?.trim() ?? null, amendmentId: o.amendmentId ?? null, position })),
      );
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
          rules,
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
    const { vote, options, eligible } = await inTransaction(this.ds, async (m) => {
      const vote = await this.repo.findVote(id, m, 'pessimistic_write');
      if (!vote) throw notFound('Vote');
      await this.access.role(user, vote.workingGroupId, 'runVote', m);
      if (vote.status !== 'draft') throw conflict(vote.status === 'open' ? 'Le vote est déjà ouvert' : 'Le vote est clos', ErrorCode.InvalidTransition);
      const eligible = await this.repo.freezeRoll(m, vote);
      if (eligible === 0) throw conflict('Aucun votant éligible : le groupe n’a ni animateur ni participant');
      vote.status = 'open';
      vote.openedAt = new Date();
      await this.repo.votesRepo(m).save(vote);
      await this.audit.record(m, { actorId: user.id, action: 'vote.opened', entityType: 'vote', entityId: vote.id, data: { rollSize: eligible } });
      const voters: { userId: string }[] = await m.query(`SELECT user_id AS "userId" FROM vote_roll_entry WHERE vote_id = $1 AND user_id <> $2`, [vote.id, user.id]);
      await this.notifications.notify(m, { kind: 'vote_opened', userIds: voters.map((v) => v.userId), title: `Vote ouvert : « ${vote.title} »`, link: `/votes/${vote.id}` });
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      return { vote, options, eligible };
    });
    await this.bus.publish('vote.opened', { voteId: vote.id, workingGroupId: vote.workingGroupId, sessionId: vote.sessionId });
    if (vote.resultsVisibility === 'live' && !vote.secret) this.tally.ballotCast(vote); // watchers get the empty tally at once
    return { ...toVoteResponse(vote, options), rollSize: eligible };
  }

  /**
   * open → closed: computes and stores the results. The vote row is locked FOR UPDATE, which
   * waits for the ballots in flight (they hold FOR KEY SHARE on it) and makes later ones see
   * `closed`. The ballots of a secret vote are rewritten in a random order in this transaction.
   */
  async close(user: AuthUser, id: string) {
    const { vote, options, results, statusChange, afterCommit } = await inTransaction(this.ds, async (m) => {
      const vote = await this.repo.findVote(id, m, 'pessimistic_write');
      if (!vote) throw notFound('Vote');
      await this.access.role(user, vote.workingGroupId, 'runVote', m);
      if (vote.status !== 'open') throw conflict(vote.status === 'draft' ? 'Le vote n’est pas ouvert' : 'Le vote est déjà clos', ErrorCode.VoteNotOpen);
      if (vote.secret) await this.repo.rewriteBallots(m, vote.id, cryptoShuffle, randomUUID);
      const results = await this.tally.compute(vote, m);
      vote.status = 'closed';
      vote.closedAt = new Date();
      vote.results = results;
      await this.repo.votesRepo(m).save(vote);
      await this.audit.record(m, { actorId: user.id, action: 'vote.closed', entityType: 'vote', entityId: vote.id, data: { results } });
      const options = (await this.repo.optionsOf([vote.id], m)).get(vote.id)!;
      // an approval vote on a version decides the recommendation's status (API.md v2)
      const onVersion = vote.method === 'approval' && options.length === 1 && options[0].versionId ? options[0].recommendationId : null;
      const statusChange = onVersion ? await this.recommendations.applyVoteOutcome(m, user.id, onVersion, String(results.outcome), vote.id) : null;
      // an approval vote on an amendment decides it, in the same transaction (v2)
      const amendmentId = vote.method === 'approval' ? options[0]?.amendmentId : null;
      const outcome = (results as { outcome?: string } | null)?.outcome ?? 'rejected';
      const afterCommit = amendmentId ? await this.amendments.decideFromVote(m, amendmentId, outcome, { id: vote.id, closedBy: user.id, sessionId: vote.sessionId }) : null;
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
      await this.ds.query('VACUUM ballot');
    } catch (err) {
      this.logger.warn(`VACUUM ballot failed: ${(err as Error).message}`);
    }
  }

  /** Stored results once closed; live ones while open only for `resultsVisibility: 'live'`; 403 otherwise. */
  async results(user: AuthUser, id: string) {
    const vote = await this.readable(user, id);
    this.assertResultsVisible(vote);
    const results = vote.status === 'closed' && vote.results ? vote.results : await this.tally.compute(vote);
    return toResultsResponse(vote, results);
  }

  assertResultsVisible(vote: Vote): void {
    if (vote.status === 'closed') return;
    if (vote.status === 'open' && vote.resultsVisibility === 'live' && !vote.secret) return;
    throw forbidden(vote.status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Les résultats seront publiés à la clôture du vote');
  }

  /** For the voter's screen: am I on the roll, have I (or my organisation) voted, how many ballots so far. */
  async participation(user: AuthUser, id: string) {
    const vote = await this.readable(user, id);
    const p = await this.repo.participationOf(vote, user.id);
    const electorate = vote.status === 'draft' ? { eligible: 0 } : await this.repo.electorate(vote);
    // a voter of a public vote sees what they chose (a secret ballot is linked to no one: nothing to show)
    const ballot = p.voted && !vote.secret ? await this.repo.ownPublicBallot(vote.id, user.id) : null;
    return { voteId: vote.id, status: vote.status, eligible: electorate.eligible, cast: p.cast, me: { eligible: p.onRoll, voted: p.voted, ...(ballot ? { ballot } : {}) } };
  }

  optionsOf(voteId: string): Promise<OptionRow[]> {
    return this.repo.optionsOf([voteId]).then((m) => m.get(voteId) ?? []);
  }
}
