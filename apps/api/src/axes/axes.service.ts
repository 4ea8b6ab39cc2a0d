import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { Axis, inTransaction } from '@app/database';
import { conflict, ErrorCode, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { ListQuery, Page } from '../common/list.query';
import { ProgrammeCache } from '../working-groups/programme-cache.service';
import { CreateAxisDto } from './dto/create-axis.dto';
import { UpdateAxisDto } from './dto/update-axis.dto';

@Injectable()
export class AxesService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly cache: ProgrammeCache,
  ) {}

  private async assertCodeFree(m: EntityManager, code: string, exceptId?: string): Promise<void> {
    const where = exceptId ? { code, id: Not(exceptId) } : { code };
    if (await m.getRepository(Axis).exists({ where })) throw conflict(`Un axe porte déjà le code ${code}`, ErrorCode.AlreadyExists);
  }

  async create(actor: AuthUser, dto: CreateAxisDto): Promise<Axis> {
    const created = await this.tx.run(async (m) => {
      await this.assertCodeFree(m, dto.code);
      const axis = await m.getRepository(Axis).save({ code: dto.code, title: dto.title, description: dto.description ?? '', position: dto.position ?? 0 });
      await this.audit.record(m, { actorId: actor.id, action: 'axis.created', entityType: 'axis', entityId: axis.id, data: { code: axis.code, title: axis.title, position: axis.position } });
      return axis;
    });
    await this.cache.changed(null);
    return created;
  }

  async list(q: ListQuery): Promise<Page<Axis>> {
    const [items, total] = await this.ds.getRepository(Axis).findAndCount({ order: { position: 'ASC', code: 'ASC', id: 'ASC' }, take: q.limit, skip: q.offset });
    return { items, total };
  }

  async get(id: string, manager?: EntityManager): Promise<Axis> {
    const axis = await (manager ?? this.ds.manager).getRepository(Axis).findOne({ where: { id } });
    if (!axis) throw notFound('Axe');
    return axis;
  }

  async update(actor: AuthUser, id: string, dto: UpdateAxisDto): Promise<Axis> {
    const updated = await this.tx.run(async (m) => {
      const repo = m.getRepository(Axis);
      const axis = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!axis) throw notFound('Axe');
      if (dto.code !== undefined && dto.code !== axis.code) {
        await this.assertCodeFree(m, dto.code, id);
        axis.code = dto.code;
      }
      if (dto.title !== undefined) axis.title = dto.title;
      if (dto.description !== undefined) axis.description = dto.description;
      if (dto.position !== undefined) axis.position = dto.position;
      const saved = await repo.save(axis);
      await this.audit.record(m, { actorId: actor.id, action: 'axis.updated', entityType: 'axis', entityId: id, data: { ...dto } });
      return saved;
    });
    await this.cache.changed(null);
    return updated;
  }
}
