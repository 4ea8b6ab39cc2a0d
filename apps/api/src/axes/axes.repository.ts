import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { Axis } from '@app/database';

/** The SQL boundary of axes. */
@Injectable()
export class AxesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether another axis (not `exceptId`) has this code. */
  codeTaken(m: EntityManager, code: string, exceptId?: string): Promise<boolean> {
    return m.getRepository(Axis).exists({ where: exceptId ? { code, id: Not(exceptId) } : { code } });
  }

  insert(m: EntityManager, fields: Partial<Axis>): Promise<Axis> {
    return m.getRepository(Axis).save(fields);
  }

  /** Axes by position, then code. */
  async page(limit: number, offset: number): Promise<{ items: Axis[]; total: number }> {
    const [items, total] = await this.ds.getRepository(Axis).findAndCount({ order: { position: 'ASC', code: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  find(id: string, manager?: EntityManager): Promise<Axis | null> {
    return (manager ?? this.ds.manager).getRepository(Axis).findOne({ where: { id } });
  }

  lockForUpdate(m: EntityManager, id: string): Promise<Axis | null> {
    return m.getRepository(Axis).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(m: EntityManager, axis: Axis): Promise<Axis> {
    return m.getRepository(Axis).save(axis);
  }
}
