import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Milestone, Transactions } from '@app/database';
import { conflict, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { ListQuery, Page } from '../common/list.query';
import { GroupAccess } from '../access/group-access.service';
import { CreateMilestoneDto } from './dto/create-milestone.dto';
import { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { ProgrammeCache } from '../working-groups/programme-cache.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { MilestonesRepository } from './milestones.repository';

/** Roadmap milestones of a recommendation: facilitators (and admins) write, members read. */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: MilestonesRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly cache: ProgrammeCache,
    private readonly organizations: OrganizationsService,
  ) {}

  private async checkOrganization(m: EntityManager, id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await this.organizations.exists(id, m))) throw invalid('ownerOrganizationId: organisation inconnue');
  }

  async create(actor: AuthUser, recommendationId: string, dto: CreateMilestoneDto): Promise<Milestone> {
    const created = await this.tx.run(async (m) => {
      const { recommendation } = await this.access.recommendation(actor, recommendationId, 'facilitate', { manager: m });
      if (recommendation.status === 'rejected' || recommendation.status === 'withdrawn') {
        throw conflict('Une recommandation rejetée ou retirée ne reçoit pas de jalon');
      }
      await this.checkOrganization(m, dto.ownerOrganizationId);
      const milestone = await this.repo.insert(m, {
        recommendationId,
        title: dto.title,
        dueDate: dto.dueDate,
        ownerOrganizationId: dto.ownerOrganizationId ?? null,
        status: dto.status ?? 'planned',
        progress: dto.progress ?? 0,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'milestone.created',
        entityType: 'milestone',
        entityId: milestone.id,
        data: { recommendationId, title: milestone.title, dueDate: milestone.dueDate, ownerOrganizationId: milestone.ownerOrganizationId, status: milestone.status, progress: milestone.progress },
      });
      return milestone;
    });
    await this.cache.changed(null);
    return created;
  }

  async list(user: AuthUser, recommendationId: string, q: ListQuery): Promise<Page<Milestone>> {
    await this.access.recommendation(user, recommendationId, 'read');
    return this.repo.page(recommendationId, q.limit, q.offset);
  }

  /** The milestone, locked, after checking the actor facilitates its recommendation's group. */
  private async lockForWrite(m: EntityManager, actor: AuthUser, id: string): Promise<Milestone> {
    const milestone = await this.repo.lockForUpdate(m, id);
    if (!milestone) throw notFound('Jalon');
    await this.access.recommendation(actor, milestone.recommendationId, 'facilitate', { manager: m });
    return milestone;
  }

  async update(actor: AuthUser, id: string, dto: UpdateMilestoneDto): Promise<Milestone> {
    let changed = false;
    const updated = await this.tx.run(async (m) => {
      const milestone = await this.lockForWrite(m, actor, id);
      if (dto.ownerOrganizationId !== undefined) await this.checkOrganization(m, dto.ownerOrganizationId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const fields = ['title', 'dueDate', 'ownerOrganizationId', 'status', 'progress'] as const;
      for (const key of fields) {
        const value = key === 'ownerOrganizationId' ? (dto.ownerOrganizationId === undefined ? undefined : (dto.ownerOrganizationId ?? null)) : dto[key];
        if (value !== undefined && value !== milestone[key]) {
          changes[key] = { from: milestone[key], to: value };
          (milestone as unknown as Record<string, unknown>)[key] = value;
        }
      }
      if (Object.keys(changes).length === 0) return milestone;
      const saved = await this.repo.save(m, milestone);
      await this.audit.record(m, { actorId: actor.id, action: 'milestone.updated', entityType: 'milestone', entityId: id, data: { recommendationId: milestone.recommendationId, changes } });
      changed = true;
      return saved;
    });
    if (changed) await this.cache.changed(null);
    return updated;
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const milestone = await this.lockForWrite(m, actor, id);
      await this.repo.delete(m, id);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'milestone.deleted',
        entityType: 'milestone',
        entityId: id,
        data: { recommendationId: milestone.recommendationId, title: milestone.title, dueDate: milestone.dueDate },
      });
    });
    await this.cache.changed(null);
  }
}
