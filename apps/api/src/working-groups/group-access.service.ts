import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { WorkingGroup } from '@app/database';
import { forbidden, GroupRole, notFound } from '@app/domain';
import type { AuthUser } from '../common/current-user';
import { DENIED_MESSAGE, GroupAction, groupAllows } from './group-policy';
import { ProgrammeCache } from './programme-cache.service';

export interface GroupAccessResult {
  group: WorkingGroup;
  /** The user's role in the group; null for an admin who is not a member. */
  role: GroupRole | null;
}

interface Row {
  id: string;
  axisId: string;
  title: string;
  mandate: string;
  status: 'active' | 'archived';
  createdAt: Date;
  updatedAt: Date;
  role: GroupRole | null;
}

/**
 * Access to a working group's resources: the group and the user's role in it, in one query,
 * checked against the policy table. 404 for an unknown group, then 403.
 */
@Injectable()
export class GroupAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cache: ProgrammeCache,
  ) {}

  /** For reads: the user's role in the group (cached until a membership change); 404 then 403. */
  async requireRole(user: AuthUser, workingGroupId: string, action: GroupAction): Promise<GroupRole | null> {
    const entry = await this.cache.role(workingGroupId, user.id, async () => {
      const rows: { role: GroupRole | null }[] = await this.ds.query(
        `SELECT m.role FROM working_group g LEFT JOIN group_member m ON m.working_group_id = g.id AND m.user_id = $2 WHERE g.id = $1`,
        [workingGroupId, user.id],
      );
      return rows.length ? { role: rows[0].role } : undefined;
    });
    if (!entry) throw notFound('Groupe de travail');
    if (!groupAllows(action, user.role, entry.role)) throw forbidden(DENIED_MESSAGE[action]);
    return entry.role;
  }

  async require(user: AuthUser, workingGroupId: string, action: GroupAction, opts: { manager?: EntityManager; lock?: boolean } = {}): Promise<GroupAccessResult> {
    const rows: Row[] = await (opts.manager ?? this.ds.manager).query(
      `SELECT g.id, g.axis_id AS "axisId", g.title, g.mandate, g.status, g.created_at AS "createdAt", g.updated_at AS "updatedAt", m.role
         FROM working_group g
         LEFT JOIN group_member m ON m.working_group_id = g.id AND m.user_id = $2
        WHERE g.id = $1${opts.lock ? ' FOR UPDATE OF g' : ''}`,
      [workingGroupId, user.id],
    );
    const row = rows[0];
    if (!row) throw notFound('Groupe de travail');
    if (!groupAllows(action, user.role, row.role)) throw forbidden(DENIED_MESSAGE[action]);
    const { role, ...group } = row;
    return { group: Object.assign(new WorkingGroup(), group), role };
  }
}
