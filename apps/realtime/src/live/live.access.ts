import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupMember, Session, User, Vote } from '@app/database';
import type { GroupRole, PlatformRole, SessionPhase } from '@app/domain';

/** The connection's user as the API's services expect it (AuthUser of the API). */
export interface LiveUser {
  id: string;
  email: string;
  displayName: string;
  role: PlatformRole;
  organizationId: string | null;
  isRepresentative: boolean;
}

export interface LiveSessionInfo {
  id: string;
  workingGroupId: string;
  phase: SessionPhase;
  timerEndsAt: Date | null;
}

export interface LiveVoteInfo {
  id: string;
  status: string;
  secret: boolean;
  resultsVisibility: string;
}

/**
 * What the live gateway reads (it writes nothing): who the token's user is now, which
 * session and group a room is about, and the user's role in that group.
 */
@Injectable()
export class LiveAccess {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async user(id: string): Promise<LiveUser | null> {
    const u = await this.ds.getRepository(User).findOne({
      where: { id },
      select: { id: true, email: true, displayName: true, role: true, organizationId: true, isRepresentative: true },
    });
    return u ? { id: u.id, email: u.email, displayName: u.displayName, role: u.role, organizationId: u.organizationId, isRepresentative: u.isRepresentative } : null;
  }

  async session(id: string): Promise<LiveSessionInfo | null> {
    const s = await this.ds.getRepository(Session).findOne({ where: { id }, select: { id: true, workingGroupId: true, phase: true, timerEndsAt: true } });
    return s ? { id: s.id, workingGroupId: s.workingGroupId, phase: s.phase, timerEndsAt: s.timerEndsAt } : null;
  }

  async roleIn(workingGroupId: string, userId: string): Promise<GroupRole | null> {
    const m = await this.ds.getRepository(GroupMember).findOne({ where: { workingGroupId, userId }, select: { role: true } });
    return m?.role ?? null;
  }

  /** Members of the group and admins watch its sessions. */
  async mayWatch(user: LiveUser, workingGroupId: string): Promise<boolean> {
    return user.role === 'admin' || (await this.roleIn(workingGroupId, user.id)) !== null;
  }

  async vote(id: string): Promise<LiveVoteInfo | null> {
    const v = await this.ds.getRepository(Vote).findOne({ where: { id }, select: { id: true, status: true, secret: true, resultsVisibility: true } });
    return v ? { id: v.id, status: v.status, secret: v.secret, resultsVisibility: v.resultsVisibility } : null;
  }
}
