import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from '@app/database';

/** The SQL boundary of user accounts (the sign-in's own reads are in auth/auth.repository.ts). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  /** Display names by id. */
  async displayNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const users = await this.m(manager).getRepository(User).find({ select: { id: true, displayName: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return m.getRepository(User).exists({ where: { email } });
  }

  insert(m: EntityManager, fields: Partial<User>): Promise<User> {
    return m.getRepository(User).save(fields);
  }

  async page(organizationId: string | undefined, limit: number, offset: number): Promise<{ items: User[]; total: number }> {
    const where = organizationId ? { organizationId } : {};
    const [items, total] = await this.ds.getRepository(User).findAndCount({ where, order: { displayName: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  find(id: string, manager?: EntityManager): Promise<User | null> {
    return this.m(manager).getRepository(User).findOne({ where: { id } });
  }

  byEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.m(manager).getRepository(User).findOne({ where: { email } });
  }

  lockForUpdate(m: EntityManager, id: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(m: EntityManager, user: User): Promise<User> {
    return m.getRepository(User).save(user);
  }

  async update(m: EntityManager, id: string, values: Partial<User>): Promise<void> {
    await m.getRepository(User).update({ id }, values);
  }
}
