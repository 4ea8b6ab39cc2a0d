import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { AccessQuery, AccessUser, Session, SessionTimer } from '@app/database';

/** The SQL boundary of sessions. */
@Injectable()
export class SessionsRepository {
  /** The timer's write, shared with the live gateway's `timer:set` (libs/database). */
  private readonly timer: SessionTimer;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    access: AccessQuery,
  ) {
    this.timer = new SessionTimer(ds, access);
  }

  insert(m: EntityManager, fields: Partial<Session>): Promise<Session> {
    return m.getRepository(Session).save(fields);
  }

  /** A page of the group's sessions (of one phase when given), by start. */
  async page(workingGroupId: string, phase: Session['phase'] | undefined, limit: number, offset: number): Promise<{ items: Session[]; total: number }> {
    const where: FindOptionsWhere<Session> = { workingGroupId };
    if (phase !== undefined) where.phase = phase;
    const [items, total] = await this.ds.getRepository(Session).findAndCount({ where, order: { startsAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** The group's sessions whose agenda holds the recommendation, by start. */
  withOnAgenda(recommendationId: string, workingGroupId: string, manager?: EntityManager): Promise<Session[]> {
    return (manager ?? this.ds.manager)
      .getRepository(Session)
      .createQueryBuilder('s')
      .where('s.working_group_id = :g', { g: workingGroupId })
      .andWhere(`s.agenda @> :item::jsonb`, { item: JSON.stringify([{ recommendationId }]) })
      .orderBy('s.starts_at', 'ASC')
      .getMany();
  }

  /** Writes the changed fields and reads the session back. */
  async update(m: EntityManager, id: string, values: Partial<Session>): Promise<Session> {
    await m.getRepository(Session).update({ id }, values);
    return m.getRepository(Session).findOneOrFail({ where: { id } });
  }

  /** Starts (seconds) or stops (null) the countdown, with its own access check (SessionTimer). */
  setTimer(actor: AccessUser, id: string, seconds: number | null): Promise<Session> {
    return this.timer.set(actor, id, seconds);
  }
}
