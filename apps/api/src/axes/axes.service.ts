import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Axis, Transactions } from '@app/database';
import { conflict, ErrorCode, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { ListQuery, Page } from '../common/list.query';
import { ProgrammeCache } from '../working-groups/programme-cache.service';
import { CreateAxisDto } from './dto/create-axis.dto';
import { UpdateAxisDto } from './dto/update-axis.dto';
import { AxesRepository } from './axes.repository';

@Injectable()
export class AxesService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: AxesRepository,
    private readonly audit: AuditService,
    private readonly cache: ProgrammeCache,
  ) {}

  private async assertCodeFree(m: EntityManager, code: string, exceptId?: string): Promise<void> {
    if (await this.repo.codeTaken(m, code, exceptId)) throw conflict(`Un axe porte déjà le code ${code}`, ErrorCode.AlreadyExists);
  }

  async create(actor: AuthUser, dto: CreateAxisDto): Promise<Axis> {
    const created = await this.tx.run(async (m) => {
      await this.assertCodeFree(m, dto.code);
      const axis = await this.repo.insert(m, { code: dto.code, title: dto.title, description: dto.description ?? '', position: dto.position ?? 0 });
      await this.audit.record(m, { actorId: actor.id, action: 'axis.created', entityType: 'axis', entityId: axis.id, data: { code: axis.code, title: axis.title, position: axis.position } });
      return axis;
    });
    await this.cache.changed(null);
    return created;
  }

  list(q: ListQuery): Promise<Page<Axis>> {
    return this.repo.page(q.limit, q.offset);
  }

  async get(id: string, manager?: EntityManager): Promise<Axis> {
    const axis = await this.repo.find(id, manager);
    if (!axis) throw notFound('Axe');
    return axis;
  }

  async update(actor: AuthUser, id: string, dto: UpdateAxisDto): Promise<Axis> {
    const updated = await this.tx.run(async (m) => {
      const axis = await this.repo.lockForUpdate(m, id);
      if (!axis) throw notFound('Axe');
      if (dto.code !== undefined && dto.code !== axis.code) {
        await this.assertCodeFree(m, dto.code, id);
        axis.code = dto.code;
      }
      if (dto.title !== undefined) axis.title = dto.title;
      if (dto.description !== undefined) axis.description = dto.description;
      if (dto.position !== undefined) axis.position = dto.position;
      const saved = await this.repo.save(m, axis);
      await this.audit.record(m, { actorId: actor.id, action: 'axis.updated', entityType: 'axis', entityId: id, data: { ...dto } });
      return saved;
    });
    await this.cache.changed(null);
    return updated;
  }
}
