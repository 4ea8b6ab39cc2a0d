import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { AgendaItem, Session, Transactions } from '@app/database';
import { canMovePhase, conflict, ErrorCode, invalid } from '@app/domain';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { GroupAccess } from '../access/group-access.service';
import { CreateSessionDto } from './dto/create-session.dto';
import { UpdateSessionDto } from './dto/update-session.dto';
import { ListSessionsQuery } from './dto/list-sessions.query';
import { AgendaItemDto } from './dto/agenda-item.dto';
import { MembersService } from '../working-groups/members.service';
import { SessionsRepository } from './sessions.repository';

/**
 * Open-lab sessions of a working group. Facilitators (and admins) prepare and run them; members
 * read them. A closed session is final.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: SessionsRepository,
    private readonly groups: GroupAccess,
    private readonly recommendations: RecommendationsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly members: MembersService,
  ) {}

  private parseTimes(startsAt: string | Date, endsAt: string | Date): { startsAt: Date; endsAt: Date } {
    const s = new Date(startsAt);
    const e = new Date(endsAt);
    if (Number.isNaN(s.getTime())) throw invalid('startsAt: date invalide');
    if (Number.isNaN(e.getTime())) throw invalid('endsAt: date invalide');
    if (e.getTime() <= s.getTime()) throw invalid('endsAt: la fin de la séance doit être postérieure à son début');
    return { startsAt: s, endsAt: e };
  }

  /** Each recommendation at most once, and all of them in the session's group. */
  private async checkAgenda(m: EntityManager, workingGroupId: string, agenda: AgendaItemDto[]): Promise<AgendaItem[]> {
    const ids = agenda.map((a) => a.recommendationId.toLowerCase());
    if (new Set(ids).size !== ids.length) throw invalid('agenda: une recommandation figure deux fois à l’ordre du jour');
    const found = await this.recommendations.idsInGroup(ids, workingGroupId, m);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalid(`agenda: recommandation inconnue dans ce groupe de travail (${missing.join(', ')})`);
    return agenda.map((a, i) => ({ recommendationId: ids[i], minutes: a.minutes }));
  }

  create(actor: AuthUser, workingGroupId: string, dto: CreateSessionDto): Promise<Session> {
    return this.tx.run(async (m) => {
      const { group } = await this.groups.group(actor, workingGroupId, 'facilitate', { manager: m });
      const times = this.parseTimes(dto.startsAt, dto.endsAt);
      if (group.status === 'archived') throw conflict('Le groupe de travail est archivé');
      const agenda = await this.checkAgenda(m, workingGroupId, dto.agenda ?? []);
      const session = await this.repo.insert(m, { workingGroupId, title: dto.title, ...times, phase: 'scheduled', agenda, timerEndsAt: null });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'session.created',
        entityType: 'session',
        entityId: session.id,
        data: { workingGroupId, title: session.title, startsAt: times.startsAt, endsAt: times.endsAt, agenda },
      });
      return session;
    });
  }

  async list(user: AuthUser, workingGroupId: string, q: ListSessionsQuery): Promise<Page<Session>> {
    await this.groups.role(user, workingGroupId, 'read');
    return this.repo.page(workingGroupId, q.phase, q.limit, q.offset);
  }

  async getForUser(user: AuthUser, id: string): Promise<Session> {
    return (await this.groups.session(user, id, 'read')).session;
  }

  async update(actor: AuthUser, id: string, dto: UpdateSessionDto): Promise<Session> {
    const { saved, phaseChanged } = await this.tx.run(async (m) => {
      const { session } = await this.groups.session(actor, id, 'facilitate', { manager: m, lock: true });
      if (session.phase === 'closed') throw conflict('La séance est close', ErrorCode.InvalidTransition);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const values: Partial<Session> = {};
      if (dto.phase !== undefined) {
        if (!canMovePhase(session.phase, dto.phase)) {
          throw conflict(`Passage de la phase « ${session.phase} » à « ${dto.phase} » impossible (les phases ne font qu’avancer)`, ErrorCode.InvalidTransition);
        }
        changes.phase = { from: session.phase, to: dto.phase };
        values.phase = dto.phase;
      }
      if (dto.title !== undefined && dto.title !== session.title) {
        changes.title = { from: session.title, to: dto.title };
        values.title = dto.title;
      }
      if (dto.startsAt !== undefined || dto.endsAt !== undefined) {
        const times = this.parseTimes(dto.startsAt ?? session.startsAt, dto.endsAt ?? session.endsAt);
        for (const key of ['startsAt', 'endsAt'] as const) {
          if (times[key].getTime() !== new Date(session[key]).getTime()) {
            changes[key] = { from: session[key], to: times[key] };
            values[key] = times[key];
          }
        }
      }
      if (dto.agenda !== undefined) {
        const agenda = await this.checkAgenda(m, session.workingGroupId, dto.agenda);
        if (JSON.stringify(agenda) !== JSON.stringify(session.agenda)) {
          changes.agenda = { from: session.agenda, to: agenda };
          values.agenda = agenda;
        }
      }
      if (Object.keys(changes).length === 0) return { saved: session, phaseChanged: false };
      const saved = await this.repo.update(m, id, values);
      await this.audit.record(m, {
        actorId: actor.id,
        action: changes.phase ? 'session.phase_changed' : 'session.updated',
        entityType: 'session',
        entityId: id,
        data: { changes },
      });
      if (saved.phase === 'closed' && changes.phase) {
        // A closed session is final: its minutes (GET /api/sessions/:id/minutes) are published.
        await this.notifications.notify(m, {
          kind: 'minutes_published',
          userIds: await this.members.memberIdsExcept(m, saved.workingGroupId, actor.id),
          title: `Compte rendu de la séance « ${saved.title} » publié`,
          link: `/seances/${saved.id}`,
        });
      }
      return { saved, phaseChanged: !!changes.phase };
    });
    if (phaseChanged) await this.bus.publish('session.phase', { sessionId: saved.id, workingGroupId: saved.workingGroupId, phase: saved.phase });
    return saved;
  }

  /** The group's sessions whose agenda holds the recommendation, by start (they get its live events). */
  withOnAgenda(recommendationId: string, workingGroupId: string, manager?: EntityManager): Promise<Session[]> {
    return this.repo.withOnAgenda(recommendationId, workingGroupId, manager);
  }

  /**
   * Starts (seconds) or stops (null) the session's countdown (`PUT /api/sessions/:id/timer`; the
   * live gateway's `timer:set` does the same write, libs/database SessionTimer). Facilitators and
   * admins only; 409 on a closed session.
   */
  async setTimer(actor: AuthUser, id: string, seconds: number | null): Promise<Session> {
    const saved = await this.repo.setTimer(actor, id, seconds);
    await this.bus.publish('timer.set', { sessionId: id, endsAt: saved.timerEndsAt ? saved.timerEndsAt.toISOString() : null });
    return saved;
  }
}
