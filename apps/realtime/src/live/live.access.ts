import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessQuery, Session, SessionTimer, User, Vote } from '@app/database';
import { accessAllows, PlatformRole, SessionPhase } from '@app/domain';

/** The connection's user, read at the handshake. */
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
 * What the live gateway reads: who the token's user is now, which session and group a room is
 * about and whether the user may watch it; and its one write, the session's timer.
 */
@Injectable()
export class LiveAccess {
  private readonly timer: SessionTimer;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly query: AccessQuery,
  ) {
    this.timer = new SessionTimer(ds, query);
  }

  async user(id: string): Promise<LiveUser | null> {
    const u = await this.ds.getRepository(User).findOne({
      where: { id },
      select: { id: true, email: true, displayName: true, role: true, organizationId: true, isRepresentative: true },
    });
    return u ? { id: u.id, email: u.email, displayName: u.displayName, role: u.role, organizationId: u.organizationId, isRepresentative: u.isRepresentative } : null;
  }

  /**
   * The session, if the user may `watch` it: the access query of the whole platform (libs/database
   * AccessQuery) and its rule (libs/domain). 'not-found' then 'forbidden', as the API's 404 then 403.
   */
  async watch(user: LiveUser, sessionId: string): Promise<LiveSessionInfo | 'not-found' | 'forbidden'> {
    const found = await this.query.find('session', sessionId, user.id);
    if (!found) return 'not-found';
    if (!accessAllows('watch', { platformRole: user.role, groupRole: found.groupRole })) return 'forbidden';
    const s = found.row;
    return { id: s.id, workingGroupId: s.workingGroupId, phase: s.phase, timerEndsAt: s.timerEndsAt };
  }

  /** Starts or stops the session's timer: the same write as the API's (libs/database SessionTimer). */
  setTimer(user: LiveUser, sessionId: string, seconds: number | null): Promise<Session> {
    return this.timer.set(user, sessionId, seconds);
  }

  async vote(id: string): Promise<LiveVoteInfo | null> {
    const v = await this.ds.getRepository(Vote).findOne({ where: { id }, select: { id: true, status: true, secret: true, resultsVisibility: true } });
    return v ? { id: v.id, status: v.status, secret: v.secret, resultsVisibility: v.resultsVisibility } : null;
  }
}
