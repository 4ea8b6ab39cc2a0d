import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Transactions, WorkingGroup } from '@app/database';
import { invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { CreateWorkingGroupDto } from './dto/create-working-group.dto';
import { UpdateWorkingGroupDto } from './dto/update-working-group.dto';
import { ListWorkingGroupsQuery } from './dto/list-working-groups.query';
import { ProgrammeCache } from './programme-cache.service';
import { WorkingGroupsRepository } from './working-groups.repository';

@Injectable()
export class WorkingGroupsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: WorkingGroupsRepository,
    private readonly audit: AuditService,
    private readonly cache: ProgrammeCache,
  ) {}

  private async checkAxis(m: EntityManager, axisId: string): Promise<void> {
    if (!(await this.repo.axisExists(m, axisId))) throw invalid('axisId: axe inconnu');
  }

  async create(actor: AuthUser, dto: CreateWorkingGroupDto): Promise<WorkingGroup> {
    const created = await this.tx.run(async (m) => {
      await this.checkAxis(m, dto.axisId);
      const group = await this.repo.insertGroup(m, { axisId: dto.axisId, title: dto.title, mandate: dto.mandate ?? '', status: 'active' });
      await this.audit.record(m, { actorId: actor.id, action: 'working_group.created', entityType: 'working_group', entityId: group.id, data: { axisId: group.axisId, title: group.title } });
      return group;
    });
    await this.cache.changed(created.id);
    return created;
  }

  async list(q: ListWorkingGroupsQuery): Promise<Page<WorkingGroup>> {
    return this.repo.page({ axisId: q.axisId, status: q.status }, q.limit, q.offset);
  }

  async get(id: string): Promise<WorkingGroup> {
    const group = await this.repo.findGroup(id);
    if (!group) throw notFound('Groupe de travail');
    return group;
  }

  /** The group, or null (in the transaction of `manager` when given). */
  find(id: string, manager?: EntityManager): Promise<WorkingGroup | null> {
    return this.repo.findGroup(id, manager);
  }

  async update(actor: AuthUser, id: string, dto: UpdateWorkingGroupDto): Promise<WorkingGroup> {
    const updated = await this.tx.run(async (m) => {
      const group = await this.repo.lockGroup(m, id);
      if (!group) throw notFound('Groupe de travail');
      const previousStatus = group.status;
      if (dto.axisId !== undefined && dto.axisId !== group.axisId) {
        await this.checkAxis(m, dto.axisId);
        group.axisId = dto.axisId;
      }
      if (dto.title !== undefined) group.title = dto.title;
      if (dto.mandate !== undefined) group.mandate = dto.mandate;
      if (dto.status !== undefined) group.status = dto.status;
      const saved = await this.repo.saveGroup(m, group);
      const action =
        previousStatus !== saved.status ? (saved.status === 'archived' ? 'working_group.archived' : 'working_group.reactivated') : 'working_group.updated';
      await this.audit.record(m, { actorId: actor.id, action, entityType: 'working_group', entityId: id, data: { ...dto } });
      return saved;
    });
    await this.cache.changed(id);
    return updated;
  }
}
