import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Organization } from '@app/database';

/** The SQL boundary of organisations. */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  insert(m: EntityManager, fields: Partial<Organization>): Promise<Organization> {
    return m.getRepository(Organization).save(fields);
  }

  async page(kind: Organization['kind'] | undefined, limit: number, offset: number): Promise<{ items: Organization[]; total: number }> {
    const where = kind ? { kind } : {};
    const [items, total] = await this.ds.getRepository(Organization).findAndCount({ where, order: { name: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  find(id: string, manager?: EntityManager): Promise<Organization | null> {
    return this.m(manager).getRepository(Organization).findOne({ where: { id } });
  }

  exists(id: string, manager?: EntityManager): Promise<boolean> {
    return this.m(manager).getRepository(Organization).exists({ where: { id } });
  }

  bySiret(siret: string, manager?: EntityManager): Promise<Organization | null> {
    return this.m(manager).getRepository(Organization).findOne({ where: { siret } });
  }

  lockForUpdate(m: EntityManager, id: string): Promise<Organization | null> {
    return m.getRepository(Organization).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(m: EntityManager, org: Organization): Promise<Organization> {
    return m.getRepository(Organization).save(org);
  }
}
