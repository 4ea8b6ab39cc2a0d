import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { Axis, inTransaction, WorkingGroup } from '@app/database';
import { invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { CreateWorkingGroupDto } from './dto/create-working-group.dto';
import { UpdateWorkingGroupDto } from './dto/update-working-group.dto';
import { ListWorkingGroupsQuery } from './dto/list-working-groups.query';
import { ProgrammeCache } from './programme-cache.service';

@Injectable()
export class WorkingGroupsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly cache: ProgrammeCache,
  ) {}

  private async checkAxis(m: EntityManager, axisId: string): Promise<void> {
    if (!(await m.getRepository(Axis).exists({ where: { id: axisId } }))) throw invalid('axisId: axe inconnu');
  }

  async create(actor: AuthUser, dto: CreateWorkingGroupDto): Promise<WorkingGroup> {
    const created = await inTransaction(this.ds, async (m) => {
      await this.checkAxis(m, dto.axisId);
      const group = await m.getRepository(WorkingGroup).save({ axisId: dto.axisId, title: dto.title, mandate: dto.mandate ?? '', status: 'active' });
      await this.audit.record(m, { actorId: actor.id, action: 'working_group.created', entityType: 'working_group', entityId: group.id, data: { axisId: group.axisId, title: group.title } });
      return group;
    });
    await this.cache.changed(created.id);
    return created;
  }

  async list(q: ListWorkingGroupsQuery): Promise<Page<WorkingGroup>> {
    const where: FindOptionsWhere<WorkingGroup> = {};
    if (q.axisId !== undefined) where.axisId = q.axisId;
    if (q.status !== undefined) where.status = q.status;
    const [items, total] = await this.ds.getRepository(WorkingGroup).findAndCount({ where, order: { title: 'ASC', id: 'ASC' }, take: q.limit, skip: q.offset });
    return { items, total };
  }

  async get(id: string): Promise<WorkingGroup> {
    const group = await this.ds.getRepository(WorkingGroup).findOne({ where: { id } });
    if (!group) throw notFound('Groupe de travail');
    return group;
  }

  async update(actor: AuthUser, id: string, dto: UpdateWorkingGroupDto): Promise<WorkingGroup> {
    const updated = await inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(WorkingGroup);
      const group = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!group) throw notFound('Groupe de travail');
      const previousStatus = group.status;
      if (dto.axisId !== undefined && dto.axisId !== group.axisId) {
        await this.checkAxis(m, dto.axisId);
        group.axisId = dto.axisId;
      }
      if (dto.title !== undefined) group.title = dto.title;
      if (dto.mandate !== undefined) group.mandate = dto.mandate;
      if (dto.status !== undefined) group.status = dto.status;
      const saved = await repo.save(group);
      const action =
        previousStatus !== saved.status ? (saved.status === 'archived' ? 'working_group.archived' : 'working_group.reactivated') : 'working_group.updated';
      await this.audit.record(m, { actorId: actor.id, action, entityType: 'working_group', entityId: id, data: { ...dto } });
      return saved;
    });
    await this.cache.changed(id);
    return updated;
  }
}
