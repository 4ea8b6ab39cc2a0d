import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { AccessOptions, AccessQuery, check, RecommendationRow, Recommendation, Session, WorkingGroup } from '@app/database';
import { accessAllows, GroupAction, GroupRole } from '@app/domain';
import type { AuthUser } from '../common/current-user';
import { CacheStore } from '../working-groups/programme-cache.service';

export interface GroupAccessResult {
  group: WorkingGroup;
  /** The user's role in the group; null for an admin who is not a member. */
  role: GroupRole | null;
}

export interface SessionAccess {
  session: Session;
  role: GroupRole | null;
}

export interface RecommendationAccess {
  recommendation: Recommendation;
  /** The user's role in the recommendation's group; null for an admin who is not a member. */
  role: GroupRole | null;
  groupStatus: 'active' | 'archived';
}

/**
 * "May this user do this to this group's thing?", for every feature of the API: one query
 * (libs/database `AccessQuery`: the row + the member's role), one rule (libs/domain
 * `accessAllows`); 404 for an unknown id, then 403. Services call it once at the top of each method.
 */
@Injectable()
export class GroupAccess implements OnModuleInit, OnModuleDestroy {
  /** Roles in existing groups, for reads; dropped on every membership change (bus, every node). */
  private readonly roles = new CacheStore<{ role: GroupRole | null }>();
  private off?: () => void;

  constructor(
    private readonly query: AccessQuery,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.off = this.bus.subscribe('membership.changed', () => this.roles.clear());
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  /** The group and the user's role in it. */
  async group(user: AuthUser, workingGroupId: string, action: GroupAction, opts: AccessOptions = {}): Promise<GroupAccessResult> {
    const { row, groupRole } = await this.query.require('group', workingGroupId, user, action, opts);
    return { group: row, role: groupRole };
  }

  /**
   * Only the user's role in the group (when the caller already holds the thing, e.g. a vote):
   * cached until a membership change for reads; read afresh inside a transaction (`manager`).
   */
  async role(user: AuthUser, workingGroupId: string, action: GroupAction, manager?: EntityManager): Promise<GroupRole | null> {
    const entry = await this.roleEntry(user, workingGroupId, manager);
    return check('Groupe de travail', entry ? { row: null, workingGroupId, platformRole: user.role, groupRole: entry.role } : null, user, action).groupRole;
  }

  /** Whether the rule allows `action` (false, not 404, for an unknown group). */
  async may(user: AuthUser, workingGroupId: string, action: GroupAction, manager?: EntityManager): Promise<boolean> {
    const entry = await this.roleEntry(user, workingGroupId, manager);
    return !!entry && accessAllows(action, { platformRole: user.role, groupRole: entry.role });
  }

  /** The user's role in an existing group (null: not a member); undefined for an unknown group. */
  private roleEntry(user: AuthUser, workingGroupId: string, manager?: EntityManager): Promise<{ role: GroupRole | null } | undefined> {
    const load = async () => {
      const found = await this.query.find('group', workingGroupId, user.id, { manager });
      return found ? { role: found.groupRole } : undefined;
    };
    return manager ? load() : this.roles.get(`${workingGroupId}:${user.id}`, load);
  }

  /** The session and the user's role in its group. */
  async session(user: AuthUser, id: string, action: GroupAction, opts: AccessOptions = {}): Promise<SessionAccess> {
    const { row, groupRole } = await this.query.require('session', id, user, action, opts);
    return { session: row, role: groupRole };
  }

  /** The recommendation, the user's role in its group and the group's status. */
  async recommendation(user: AuthUser, id: string, action: GroupAction, opts: AccessOptions = {}): Promise<RecommendationAccess> {
    const { row, groupRole } = await this.query.require('recommendation', id, user, action, opts);
    const { groupStatus, ...fields } = row as RecommendationRow;
    return { recommendation: Object.assign(new Recommendation(), fields), role: groupRole, groupStatus };
  }
}
