import { DataSource, EntityManager } from 'typeorm';
import { accessAllows, AccessTarget, DENIED_MESSAGE, forbidden, GroupAction, GroupRole, notFound, PlatformRole } from '@app/domain';
import { Recommendation, Session, WorkingGroup } from './entities';

/** What the access query reads for one user: the thing, its group, and the user's two roles. */
export interface Access<T> {
  row: T;
  workingGroupId: string;
  /** The user's platform role as stored now; null when the account does not exist. */
  platformRole: PlatformRole | null;
  /** The user's role in the thing's group; null when not a member. */
  groupRole: GroupRole | null;
}

export interface RecommendationRow extends Recommendation {
  groupStatus: 'active' | 'archived';
}

interface Kind<T> {
  what: string;
  from: string;
  groupId: string;
  columns: string;
  build(fields: Record<string, unknown>): T;
}

const KINDS = {
  group: {
    what: 'Groupe de travail',
    from: 'working_group t',
    groupId: 't.id',
    columns: `t.id, t.axis_id AS "axisId", t.title, t.mandate, t.status, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`,
    build: (f) => Object.assign(new WorkingGroup(), f),
  } as Kind<WorkingGroup>,
  session: {
    what: 'Séance',
    from: 'session t',
    groupId: 't.working_group_id',
    columns: `t.id, t.working_group_id AS "workingGroupId", t.title, t.starts_at AS "startsAt", t.ends_at AS "endsAt", t.phase, t.agenda,
              t.timer_ends_at AS "timerEndsAt", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`,
    build: (f) => Object.assign(new Session(), f),
  } as Kind<Session>,
  recommendation: {
    what: 'Recommandation',
    from: 'recommendation t JOIN working_group g ON g.id = t.working_group_id',
    groupId: 't.working_group_id',
    columns: `t.id, t.working_group_id AS "workingGroupId", t.title, t.horizon, t.status, t.locked, t.positions_deadline AS "positionsDeadline",
              t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.created_by AS "createdBy", g.status AS "groupStatus"`,
    build: (f) => Object.assign(new Recommendation(), f) as unknown as RecommendationRow,
  } as Kind<RecommendationRow>,
};

export type AccessKind = keyof typeof KINDS;
type RowOf<K extends AccessKind> = (typeof KINDS)[K] extends Kind<infer T> ? T : never;

export interface AccessOptions {
  /** Run inside this transaction. */
  manager?: EntityManager;
  /** Lock the thing's row (FOR UPDATE), inside a transaction. */
  lock?: boolean;
}

/** The user a check is made for: the platform role is the caller's (the API's authenticated user). */
export interface AccessUser {
  id: string;
  role: PlatformRole;
}

/**
 * The one access query of the platform: "the row + the member's role", for a working group, a
 * session or a recommendation, in one round trip. The API's services, the `/collab` server and
 * the `/live` gateway all read rights through it, and decide with `accessAllows` (libs/domain).
 */
export class AccessQuery {
  constructor(private readonly ds: DataSource) {}

  /** The thing and the user's roles; null for an unknown id. */
  async find<K extends AccessKind>(kind: K, id: string, userId: string, opts: AccessOptions = {}): Promise<Access<RowOf<K>> | null> {
    const found = await this.findMany(kind, id, [userId], opts);
    if (!found) return null;
    return { row: found.row, workingGroupId: found.workingGroupId, ...(found.users.get(userId) ?? { platformRole: null, groupRole: null }) };
  }

  /** The same for several users at once (the periodic re-check of a live draft's connections). */
  async findMany<K extends AccessKind>(
    kind: K,
    id: string,
    userIds: string[],
    opts: AccessOptions = {},
  ): Promise<{ row: RowOf<K>; workingGroupId: string; users: Map<string, { platformRole: PlatformRole | null; groupRole: GroupRole | null }> } | null> {
    const k = KINDS[kind] as Kind<RowOf<K>>;
    // one user: plain joins (the hot path); several: one row per user through unnest
    const one = userIds.length === 1;
    const rows: Record<string, unknown>[] = await (opts.manager ?? this.ds.manager).query(
      `SELECT ${k.columns}, ${k.groupId} AS "accessGroupId", ${one ? '$2::uuid' : 'x.uid'} AS "accessUserId",
              u.role AS "accessPlatformRole", m.role AS "accessGroupRole"
         FROM ${k.from}
         ${one ? '' : 'LEFT JOIN unnest($2::uuid[]) AS x(uid) ON true'}
         LEFT JOIN "user" u ON u.id = ${one ? '$2' : 'x.uid'}
         LEFT JOIN group_member m ON m.working_group_id = ${k.groupId} AND m.user_id = ${one ? '$2' : 'x.uid'}
        WHERE t.id = $1${opts.lock ? ' FOR UPDATE OF t' : ''}`,
      [id, one ? userIds[0] : userIds],
    );
    if (rows.length === 0) return null;
    const users = new Map<string, { platformRole: PlatformRole | null; groupRole: GroupRole | null }>();
    let workingGroupId = '';
    let fields: Record<string, unknown> = {};
    for (const r of rows) {
      const { accessGroupId, accessUserId, accessPlatformRole, accessGroupRole, ...rest } = r;
      workingGroupId = accessGroupId as string;
      fields = rest;
      if (accessUserId) users.set(accessUserId as string, { platformRole: accessPlatformRole as PlatformRole | null, groupRole: accessGroupRole as GroupRole | null });
    }
    return { row: k.build(fields), workingGroupId, users };
  }

  /**
   * The thing and the user's role in its group, or the refusal: 404 for an unknown id, then 403
   * when the rule does not allow `action` (decided on the caller's platform role).
   */
  async require<K extends AccessKind>(kind: K, id: string, user: AccessUser, action: GroupAction, opts: AccessOptions = {}): Promise<Access<RowOf<K>>> {
    return check(KINDS[kind].what, await this.find(kind, id, user.id, opts), user, action);
  }
}

/** 404 when `found` is null, 403 when the rule refuses; else `found`. */
export function check<T>(what: string, found: Access<T> | null, user: AccessUser, action: GroupAction, target?: AccessTarget): Access<T> {
  if (!found) throw notFound(what);
  if (!accessAllows(action, { platformRole: user.role, groupRole: found.groupRole }, target)) throw forbidden(DENIED_MESSAGE[action]);
  return found;
}
