import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { EventBus } from '@app/bus';
import { inTransaction, Recommendation } from '@app/database';
import { canMoveStatus, conflict, ErrorCode, forbidden, GroupRole, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { GroupAccess } from '../working-groups/group-access.service';
import { DENIED_MESSAGE, GroupAction, groupAllows } from '../working-groups/group-policy';
import { CreateRecommendationDto } from './dto/create-recommendation.dto';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { ListRecommendationsQuery } from './dto/list-recommendations.query';

export interface RecommendationAccess {
  recommendation: Recommendation;
  /** The user's role in the recommendation's group; null for an admin who is not a member. */
  role: GroupRole | null;
  groupStatus: 'active' | 'archived';
}

const COLUMNS = `r.id, r.working_group_id AS "workingGroupId", r.title, r.horizon, r.status, r.locked,
  r.positions_deadline AS "positionsDeadline", r.created_by AS "createdBy", r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** A date-time from the API, or null; 400 when it does not denote an instant. */
export function parseInstant(value: string | null, field: string): Date | null {
  if (value === null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid(`${field}: date invalide`);
  return d;
}

/** Fields only facilitators (and admins) may change. */
const FACILITATOR_FIELDS = ['horizon', 'status', 'locked', 'positionsDeadline'] as const;

/**
 * Recommendations of the working groups. Exported for the other features (versions, votes,
 * positions, live drafts): `get`, `requireAccess`, `idsInGroup`.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly groups: GroupAccess,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /** The recommendation, or a 404. */
  async get(id: string, manager?: EntityManager): Promise<Recommendation> {
    const r = await (manager ?? this.ds.manager).getRepository(Recommendation).findOne({ where: { id } });
    if (!r) throw notFound('Recommandation');
    return r;
  }

  /**
   * The recommendation with the user's role in its group, in one query: 404 when unknown, 403
   * when `action` is not allowed. `lock` takes a row lock on the recommendation (inside a transaction).
   */
  async requireAccess(user: AuthUser, id: string, action: GroupAction, opts: { manager?: EntityManager; lock?: boolean } = {}): Promise<RecommendationAccess> {
    const rows: (Recommendation & { role: GroupRole | null; groupStatus: 'active' | 'archived' })[] = await (opts.manager ?? this.ds.manager).query(
      `SELECT ${COLUMNS}, g.status AS "groupStatus", m.role
         FROM recommendation r
         JOIN working_group g ON g.id = r.working_group_id
         LEFT JOIN group_member m ON m.working_group_id = r.working_group_id AND m.user_id = $2
        WHERE r.id = $1${opts.lock ? ' FOR UPDATE OF r' : ''}`,
      [id, user.id],
    );
    const row = rows[0];
    if (!row) throw notFound('Recommandation');
    if (!groupAllows(action, user.role, row.role)) throw forbidden(DENIED_MESSAGE[action]);
    const { role, groupStatus, ...fields } = row;
    return { recommendation: Object.assign(new Recommendation(), fields), role, groupStatus };
  }

  /** Which of `ids` are recommendations of the group. */
  async idsInGroup(ids: string[], workingGroupId: string, manager?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await (manager ?? this.ds.manager).getRepository(Recommendation).find({ select: { id: true }, where: { id: In(ids), workingGroupId } });
    return new Set(rows.map((r) => r.id));
  }

  async create(actor: AuthUser, workingGroupId: string, dto: CreateRecommendationDto): Promise<Recommendation> {
    return inTransaction(this.ds, async (m) => {
      const { group, role } = await this.groups.require(actor, workingGroupId, 'contribute', { manager: m });
      if (dto.positionsDeadline != null && !groupAllows('facilitate', actor.role, role)) throw forbidden('Seuls les animateurs fixent la date limite des positions');
      if (group.status === 'archived') throw conflict('Le groupe de travail est archivé');
      const rec = await m.getRepository(Recommendation).save({
        workingGroupId,
        title: dto.title,
        horizon: dto.horizon,
        status: 'draft',
        locked: false,
        positionsDeadline: parseInstant(dto.positionsDeadline ?? null, 'positionsDeadline'),
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
  }

  /**
   * One round trip: the user's role in the group and the page (with the total), the access
   * decided on the result before anything is returned; a second query only for a page past the end.
   */
  async list(user: AuthUser, workingGroupId: string, q: ListRecommendationsQuery): Promise<Page<Recommendation>> {
    const params: unknown[] = [workingGroupId, user.id];
    let where = 'r.working_group_id = acc.id';
    if (q.status !== undefined) where += ` AND r.status = $${params.push(q.status)}`;
    if (q.horizon !== undefined) where += ` AND r.horizon = $${params.push(q.horizon)}`;
    const filters = params.length;
    const rows: (Recommendation & { total: string | null; role: GroupRole | null })[] = await this.ds.query(
      `SELECT acc.role, page.*
         FROM (SELECT g.id, m.role FROM working_group g
                 LEFT JOIN group_member m ON m.working_group_id = g.id AND m.user_id = $2
                WHERE g.id = $1) acc
         LEFT JOIN LATERAL (
           SELECT ${COLUMNS}, count(*) OVER () AS total FROM recommendation r WHERE ${where}
            ORDER BY r.created_at, r.id LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}) page ON true`,
      params,
    );
    if (!rows.length) throw notFound('Groupe de travail');
    if (!groupAllows('read', user.role, rows[0].role)) throw forbidden(DENIED_MESSAGE.read);
    const found = rows.filter((r) => r.id !== null);
    let total = found.length ? Number(found[0].total) : 0;
    if (!found.length && q.offset > 0) {
      const [{ n }] = await this.ds.query(
        `SELECT count(*)::int AS n FROM recommendation r, (SELECT $1::uuid AS id, $2::uuid AS u) acc WHERE ${where}`,
        params.slice(0, filters),
      );
      total = n;
    }
    return { items: found.map(({ total: _t, role: _r, ...r }) => Object.assign(new Recommendation(), r)), total };
  }

  async getForUser(user: AuthUser, id: string): Promise<Recommendation> {
    return (await this.requireAccess(user, id, 'read')).recommendation;
  }

  async update(actor: AuthUser, id: string, dto: UpdateRecommendationDto): Promise<Recommendation> {
    const { saved, lockChanged } = await inTransaction(this.ds, async (m) => {
      const { recommendation: rec, role } = await this.requireAccess(actor, id, 'contribute', { manager: m, lock: true });
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
      if (dto.positionsDeadline !== undefined) set('positionsDeadline', parseInstant(dto.positionsDeadline, 'positionsDeadline'));
      if (Object.keys(changes).length === 0) return { saved: rec, lockChanged: false };
      const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
      await m.getRepository(Recommendation).update({ id }, values);
      const saved = await this.get(id, m);
      await this.audit.record(m, { actorId: actor.id, action: 'recommendation.updated', entityType: 'recommendation', entityId: id, data: { changes } });
      return { saved, lockChanged: 'locked' in changes };
    });
    if (lockChanged) await this.bus.publish('recommendation.locked', { recommendationId: id, workingGroupId: saved.workingGroupId, locked: saved.locked });
    return saved;
  }
}
