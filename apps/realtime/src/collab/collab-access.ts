import { Injectable } from '@nestjs/common';
import { AccessQuery } from '@app/database';
import { accessAllows, GroupRole, PlatformRole } from '@app/domain';

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
 * Who may read or edit a live draft, asked of the database once per connection (the platform's
 * access query, libs/database AccessQuery) and then kept in memory: the per-message path never
 * queries. The rule is libs/domain's: `read` to connect, `edit` to write (see editsDrafts).
 */
@Injectable()
export class CollabAccess {
  /** Decisions of the last moments: a room filling up (everyone joins at 9:00) asks once per user. */
  private readonly recent = new Map<string, { at: number; decision: Promise<AccessDecision> }>();

  constructor(private readonly access: AccessQuery) {}

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
    const found = await this.access.find('recommendation', recommendationId, userId);
    if (!found) return { ok: false, reason: 'unknown-document' };
    if (!found.platformRole) return { ok: false, reason: 'unknown-user' };
    const subject = { platformRole: found.platformRole, groupRole: found.groupRole };
    if (!accessAllows('read', subject)) return { ok: false, reason: 'not-member' };
    return { ok: true, workingGroupId: found.workingGroupId, locked: found.row.locked, role: found.groupRole, isAdmin: found.platformRole === 'admin' };
  }

  /** The current rights of the connected users of one draft (the periodic safety net); null when the recommendation is gone. */
  async snapshot(recommendationId: string, userIds: string[]): Promise<AccessSnapshot | null> {
    const found = await this.access.findMany('recommendation', recommendationId, userIds);
    if (!found) return null;
    return { locked: found.row.locked, workingGroupId: found.workingGroupId, users: found.users };
  }
}
