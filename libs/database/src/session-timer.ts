import { DataSource } from 'typeorm';
import { checkTimerSeconds, timerEndsAt } from '@app/domain';
import { AccessQuery, AccessUser } from './access.query';
import { appendAuditEvents } from './audit-log';
import { Session } from './entities';
import { inTransaction } from './transaction';

/**
 * The live session's timer, one write for both doors: `PUT /api/sessions/:id/timer` (the API)
 * and `timer:set` on `/live` (the realtime service, which runs without the API's modules).
 * Facilitators and admins; the session row locked, the change audited, in one transaction.
 * The caller publishes `timer.set` on the bus after the commit.
 */
export class SessionTimer {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessQuery,
  ) {}

  set(actor: AccessUser, sessionId: string, seconds: number | null): Promise<Session> {
    checkTimerSeconds(seconds); // 400 before 404/403, as every other bad input
    return inTransaction(this.ds, async (m) => {
      const { row: session } = await this.access.require('session', sessionId, actor, 'facilitate', { manager: m, lock: true });
      const endsAt = timerEndsAt(session.phase, seconds, Date.now());
      await m.getRepository(Session).update({ id: sessionId }, { timerEndsAt: endsAt });
      await appendAuditEvents(m, [{ actorId: actor.id, action: 'session.timer_set', entityType: 'session', entityId: sessionId, data: { seconds, timerEndsAt: endsAt } }]);
      return Object.assign(session, { timerEndsAt: endsAt });
    });
  }
}
