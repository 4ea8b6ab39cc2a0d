import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Organization, Transactions } from '@app/database';
import { collegeOf, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { ListOrganizationsQuery } from './dto/list-organizations.query';
import { OrganizationsRepository } from './organizations.repository';

/** Organisations. Exported for the other features: `find`, `exists`, `bySiret`. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: OrganizationsRepository,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, dto: CreateOrganizationDto): Promise<Organization> {
    return this.tx.run(async (m) => {
      const org = await this.repo.insert(m, { name: dto.name.trim(), kind: dto.kind, college: collegeOf(dto.kind), siret: dto.siret ?? null });
      await this.audit.record(m, { actorId: actor.id, action: 'organization.created', entityType: 'organization', entityId: org.id, data: { name: org.name, kind: org.kind } });
      return org;
    });
  }

  list(q: ListOrganizationsQuery): Promise<{ items: Organization[]; total: number }> {
    return this.repo.page(q.kind, q.limit, q.offset);
  }

  async get(id: string): Promise<Organization> {
    const org = await this.repo.find(id);
    if (!org) throw notFound('Organisation');
    return org;
  }

  /** The organisation, or null. */
  find(id: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo.find(id, manager);
  }

  exists(id: string, manager?: EntityManager): Promise<boolean> {
    return this.repo.exists(id, manager);
  }

  /** The organisation of this SIRET (14 digits), or null. */
  bySiret(siret: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo.bySiret(siret, manager);
  }

  update(actor: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    return this.tx.run(async (m) => {
      const org = await this.repo.lockForUpdate(m, id);
      if (!org) throw notFound('Organisation');
      if (dto.name !== undefined) org.name = dto.name.trim();
      if (dto.kind !== undefined) {
        org.kind = dto.kind;
        org.college = collegeOf(dto.kind);
      }
      if (dto.siret !== undefined) org.siret = dto.siret;
      const saved = await this.repo.save(m, org);
      await this.audit.record(m, { actorId: actor.id, action: 'organization.updated', entityType: 'organization', entityId: id, data: { ...dto } });
      return saved;
    });
  }
}
