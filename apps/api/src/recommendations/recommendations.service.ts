import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { Recommendation, Transactions } from '@app/database';
import { canMoveStatus, conflict, ErrorCode, forbidden, groupAllows, invalid, notFound, Outcome, RecommendationStatus, recommendationStatusAfterVote } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { GroupAccess } from '../access/group-access.service';
import { CreateRecommendationDto } from './dto/create-recommendation.dto';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { ListRecommendationsQuery } from './dto/list-recommendations.query';
import { RecommendationResponse, toRecommendationResponse } from './recommendation.response';
import { ProgrammeCache, SerializedJson } from '../working-groups/programme-cache.service';
import { RecommendationsRepository } from './recommendations.repository';

/** A date-time from the API, or null; 400 when it does not denote an instant. */
export function parseInstant(value: string | null, field: string): Date | null {
  if (value === null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${field}: date invalide`);
  return d;
}

/**
 * A positions deadline from the API: a deadline already gone would close the positions at once
 * (API.md v2: 400). A few seconds of clock difference between client and server are tolerated.
 */
export function parsePositionsDeadline(value: string | null): Date | null {
  const d = parseInstant(value, 'positionsDeadline');
  if (d && d.getTime() < Date.now() - DEADLINE_SKEW_MS) throw invalid('positionsDeadline: cette date est déjà passée ; choisissez une date à venir');
  return d;
}
const DEADLINE_SKEW_MS = 5_000;

/** Fields only facilitators (and admins) may change. */
const FACILITATOR_FIELDS = ['horizon', 'status', 'locked', 'positionsDeadline'] as const;

/**
 * Recommendations of the working groups. Exported for the other features (versions, votes,
 * positions, live drafts): `get`, `idsInGroup` (access: GroupAccess).
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: RecommendationsRepository,
    private readonly groups: GroupAccess,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly cache: ProgrammeCache,
  ) {}

  /** The recommendation, or a 404. */
  async get(id: string, manager?: EntityManager): Promise<Recommendation> {
    const r = await this.repo.find(id, manager);
    if (!r) throw notFound('Recommandation');
    return r;
  }

  /** The recommendation, or null. */
  find(id: string, manager?: EntityManager): Promise<Recommendation | null> {
    return this.repo.find(id, manager);
  }

  /**
   * The recommendation locked against concurrent new versions, positions and amendments (FOR NO
   * KEY UPDATE, for the transaction of `m`), or null.
   */
  lockAgainstChanges(m: EntityManager, id: string): Promise<Recommendation | null> {
    return this.repo.lockAgainstChanges(m, id);
  }

  /** Which of `ids` are recommendations of the group. */
  async idsInGroup(ids: string[], workingGroupId: string, manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.repo.idsInGroup(ids, workingGroupId, manager);
  }

  async create(actor: AuthUser, workingGroupId: string, dto: CreateRecommendationDto): Promise<Recommendation> {
    const rec = await this.tx.run(async (m) => {
      const { group, role } = await this.groups.group(actor, workingGroupId, 'contribute', { manager: m });
      if (dto.positionsDeadline != null && !groupAllows('facilitate', actor.role, role)) throw forbidden('Seuls les animateurs fixent la date limite des positions');
      if (group.status === 'archived') throw conflict('Le groupe de travail est archivé');
      const rec = await this.repo.insert(m, {
        workingGroupId,
        title: dto.title,
        horizon: dto.horizon,
        status: 'draft',
        locked: false,
        positionsDeadline: parsePositionsDeadline(dto.positionsDeadline ?? null),
        createdBy: actor.id,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'recommendation.created',
        entityType: 'recommendation',
        entityId: rec.id,
        data: { workingGroupId, title: rec.title, horizon: rec.horizon, positionsDeadline: rec.positionsDeadline },
      });
      return rec;
    });
    await this.cache.changed(workingGroupId);
    return rec;
  }

  /**
   * A page of the group's recommendations, as responses: served from the read cache until the
   * programme changes (the mapped page is what is cached).
   */
  async list(user: AuthUser, workingGroupId: string, q: ListRecommendationsQuery): Promise<SerializedJson> {
    await this.groups.role(user, workingGroupId, 'read');
    const key = `recommendations:${workingGroupId}:${q.status ?? ''}:${q.horizon ?? ''}:${q.limit}:${q.offset}`;
    return this.cache.json(key, () => this.loadPage(workingGroupId, q));
  }

  private async loadPage(workingGroupId: string, q: ListRecommendationsQuery): Promise<Page<RecommendationResponse>> {
    const { rows, total } = await this.repo.pageOfGroup(workingGroupId, { status: q.status, horizon: q.horizon }, q.limit, q.offset);
    return { items: rows.map(toRecommendationResponse), total };
  }

  async getForUser(user: AuthUser, id: string): Promise<Recommendation> {
    return (await this.groups.recommendation(user, id, 'read')).recommendation;
  }

  /**
   * The outcome of a closed approval vote on one of the recommendation's versions, inside the
   * vote's closing transaction: `adopted` adopts it; a rejection or a missing quorum leaves it
   * (or puts it) `under_review`, where another version can be put to the vote. A recommendation
   * already decided or withdrawn is not touched. Audited as any status change; the caller
   * publishes the event after the commit (`publishStatusChange`).
   */
  async applyVoteOutcome(
    m: EntityManager,
    actorId: string,
    recommendationId: string,
    outcome: string,
    voteId: string,
  ): Promise<{ recommendationId: string; workingGroupId: string; status: RecommendationStatus } | null> {
    const rec = await this.repo.lockForUpdate(m, recommendationId);
    if (!rec) return null;
    const wanted = recommendationStatusAfterVote(rec.status, outcome as Outcome);
    if (wanted === null) return null;
    await this.repo.update(m, rec.id, { status: wanted });
    await this.audit.record(m, {
      actorId,
      action: 'recommendation.updated',
      entityType: 'recommendation',
      entityId: rec.id,
      data: { changes: { status: { from: rec.status, to: wanted } }, voteId, outcome },
    });
    return { recommendationId: rec.id, workingGroupId: rec.workingGroupId, status: wanted };
  }

  /** After the commit of a status change made by another feature (a vote's outcome). */
  async publishStatusChange(change: { recommendationId: string; workingGroupId: string; status: RecommendationStatus }): Promise<void> {
    await this.cache.changed(change.workingGroupId);
    await this.bus.publish('recommendation.status', change);
  }

  async update(actor: AuthUser, id: string, dto: UpdateRecommendationDto): Promise<Recommendation> {
    const { saved, changed, lockChanged } = await this.tx.run(async (m) => {
      const { recommendation: rec, role } = await this.groups.recommendation(actor, id, 'contribute', { manager: m, lock: true });
      const facilitates = groupAllows('facilitate', actor.role, role);
      if (!facilitates) {
        if (FACILITATOR_FIELDS.some((f) => dto[f] !== undefined)) throw forbidden('Seuls les animateurs changent le statut, l’horizon, le verrouillage et la date limite');
        if (rec.locked) throw conflict('La recommandation est verrouillée', ErrorCode.Locked);
        if (rec.status !== 'draft') throw conflict('Le titre ne peut plus être modifié par un participant après le passage en revue');
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const set = <K extends keyof Recommendation>(key: K, value: Recommendation[K]) => {
        const before = rec[key];
        const same = before instanceof Date || value instanceof Date ? before?.valueOf() === value?.valueOf() : before === value;
        if (!same) {
          changes[key] = { from: before, to: value };
          rec[key] = value;
        }
      };
      if (dto.status !== undefined) {
        if (!canMoveStatus(rec.status, dto.status)) throw conflict(`Passage du statut « ${rec.status} » à « ${dto.status} » impossible`, ErrorCode.InvalidTransition);
        set('status', dto.status);
      }
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.horizon !== undefined) set('horizon', dto.horizon);
      if (dto.locked !== undefined) set('locked', dto.locked);
      if (dto.positionsDeadline !== undefined) set('positionsDeadline', parsePositionsDeadline(dto.positionsDeadline));
      if (Object.keys(changes).length === 0) return { saved: rec, changed: false, lockChanged: false };
      const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
      await this.repo.update(m, id, values);
      const saved = await this.get(id, m);
      await this.audit.record(m, { actorId: actor.id, action: 'recommendation.updated', entityType: 'recommendation', entityId: id, data: { changes } });
      return { saved, changed: true, lockChanged: 'locked' in changes };
    });
    if (changed) await this.cache.changed(saved.workingGroupId);
    if (lockChanged) await this.bus.publish('recommendation.locked', { recommendationId: id, workingGroupId: saved.workingGroupId, locked: saved.locked });
    return saved;
  }
}
