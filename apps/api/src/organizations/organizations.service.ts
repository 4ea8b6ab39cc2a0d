import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction, Organization } from '@app/database';
import { collegeOf, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { ListOrganizationsQuery } from './dto/list-organizations.query';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, dto: CreateOrganizationDto): Promise<Organization> {
    return inTransaction(this.ds, async (m) => {
      const org = await m.getRepository(Organization).save({ name: dto.name.trim(), kind: dto.kind, college: collegeOf(dto.kind), siret: dto.siret ?? null });
      await this.audit.record(m, { actorId: actor.id, action: 'organization.created', entityType: 'organization', entityId: org.id, data: { name: org.name, kind: org.kind } });
      return org;
    });
  }

  async list(q: ListOrganizationsQuery): Promise<{ items: Organization[]; total: number }> {
    const where = q.kind ? { kind: q.kind } : {};
    const [items, total] = await this.ds.getRepository(Organization).findAndCount({ where, order: { name: 'ASC', id: 'ASC' }, take: q.limit, skip: q.offset });
    return { items, total };
  }

  async get(id: string): Promise<Organization> {
    const org = await this.ds.getRepository(Organization).findOne({ where: { id } });
    if (!org) throw notFound('Organisation');
    return org;
  }

  update(actor: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    return inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(Organization);
      const org = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw notFound('Organisation');
      if (dto.name !== undefined) org.name = dto.name.trim();
      if (dto.kind !== undefined) {
        org.kind = dto.kind;
        org.college = collegeOf(dto.kind);
      }
      if (dto.siret !== undefined) org.siret = dto.siret;
      const saved = await repo.save(org);
      await this.audit.record(m, { actorId: actor.id, action: 'organization.updated', entityType: 'organization', entityId: id, data: { ...dto } });
      return saved;
    });
  }
}
