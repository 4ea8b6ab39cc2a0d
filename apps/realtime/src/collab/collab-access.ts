import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { GroupRole, PlatformRole } from '@app/domain';

export type AccessDecision =
  | { ok: true; workingGroupId: string; locked: boolean; role: GroupRole | null; isAdmin: boolean }
  | { ok: false; reason: 'unknown-user' | 'unknown-document' | 'not-member' };

const DECISION_TTL_MS = 2000;

export interface AccessSnapshot {
  locked: boolean;
  workingGroupId: string;
  /** Per user id: platform role (null = the account no longer exists) and group role. */
  users: Map<string, { platformRole: PlatformRole | null; groupRole: GroupRole | null }>;
}

/**
 * Who may read or edit a live draft, asked of the database once per connection (one query) and
 * then kept in memory: the per-message path never queries. Admins read every draft; members of
 * the recommendation's working group read, facilitators and participants edit.
 */
@Injectable()
export class CollabAccess {
  /** Decisions of the last moments: a room filling up (everyone joins at 9:00) asks once per user. */
  private readonly recent = new Map<string, { at: number; decision: Promise<AccessDecision> }>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Forgets every recent decision (a lock or a membership change was published). */
  invalidate(): void {
    this.recent.clear();
  }

  decide(recommendationId: string, userId: string): Promise<AccessDecision> {
    const key = `${recommendationId}|${userId}`;
    const now = Date.now();
    const hit = this.recent.get(key);
    if (hit && now - hit.at < DECISION_TTL_MS) return hit.decision;
    if (this.recent.size > 10_000) this.recent.clear();
    const decision = this.query(recommendationId, userId);
    this.recent.set(key, { at: now, decision });
    decision.catch(() => this.recent.delete(key));
    return decision;
  }

  private async query(recommendationId: string, userId: string): Promise<AccessDecision> {
    const rows: { user_role: PlatformRole; rec_id: string | null; group_id: string | null; locked: boolean | null; group_role: GroupRole | null }[] =
      await this.ds.query(
        `SELECT u.role AS user_role, r.id AS rec_id, r.working_group_id AS group_id, r.locked, gm.role AS group_role
           FROM "user" u
           LEFT JOIN recommendation r ON r.id = $1
           LEFT JOIN group_member gm ON gm.working_group_id = r.working_group_id AND gm.user_id = u.id
          WHERE u.id = $2`,
        [recommendationId, userId],
      );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown-user' };
    if (!row.rec_id || !row.group_id) return { ok: false, reason: 'unknown-document' };
    const isAdmin = row.user_role === 'admin';
    if (!row.group_role && !isAdmin) return { ok: false, reason: 'not-member' };
    return { ok: true, workingGroupId: row.group_id, locked: !!row.locked, role: row.group_role, isAdmin };
  }

  /** The current rights of the connected users of one draft (the periodic safety net); null when the recommendation is gone. */
  async snapshot(recommendationId: string, userIds: string[]): Promise<AccessSnapshot | null> {
    const rows: { locked: boolean; group_id: string; uid: string | null; user_role: PlatformRole | null; group_role: GroupRole | null }[] = await this.ds.query(
      `SELECT r.locked, r.working_group_id AS group_id, x.uid, u.role AS user_role, gm.role AS group_role
         FROM recommendation r
         LEFT JOIN unnest($2::uuid[]) AS x(uid) ON true
         LEFT JOIN "user" u ON u.id = x.uid
         LEFT JOIN group_member gm ON gm.working_group_id = r.working_group_id AND gm.user_id = x.uid
        WHERE r.id = $1`,
      [recommendationId, userIds],
    );
    if (rows.length === 0) return null;
    const users = new Map<string, { platformRole: PlatformRole | null; groupRole: GroupRole | null }>();
    for (const r of rows) if (r.uid) users.set(r.uid, { platformRole: r.user_role, groupRole: r.group_role });
    return { locked: !!rows[0].locked, workingGroupId: rows[0].group_id, users };
  }
}
