import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Milestone } from '@app/database';

/** The SQL boundary of milestones (the roadmap reads them in its own read model). */
@Injectable()
export class MilestonesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  insert(m: EntityManager, fields: Partial<Milestone>): Promise<Milestone> {
    return m.getRepository(Milestone).save(fields);
  }

  /** The recommendation's milestones by due date. */
  async page(recommendationId: string, limit: number, offset: number): Promise<{ items: Milestone[]; total: number }> {
    const [items, total] = await this.ds.getRepository(Milestone).findAndCount({ where: { recommendationId }, order: { dueDate: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  lockForUpdate(m: EntityManager, id: string): Promise<Milestone | null> {
    return m.getRepository(Milestone).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(m: EntityManager, milestone: Milestone): Promise<Milestone> {
    return m.getRepository(Milestone).save(milestone);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(Milestone).delete({ id });
  }
}
