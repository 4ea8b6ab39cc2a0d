import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { GroupMember, inTransaction, User } from '@app/database';
import { conflict, GroupRole, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { AddMemberDto } from './dto/add-member.dto';
import { ListMembersQuery } from './dto/list-members.query';
import { GroupAccess } from '../access/group-access.service';
import { groupAllows } from '@app/domain';
import { MemberView } from './working-group.response';

export interface UpsertResult {
  member: MemberView;
  /** true when the user was not a member before (201), false for a role change or no change (200). */
  created: boolean;
}

/**
 * Members of a working group, managed by admins and the group's facilitators. A facilitator
 * cannot leave a group without any facilitator (demote or remove the last one): only an admin can.
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /**
   * Every member of the group reads the member list (names, organisations, roles: people need
   * to see who is in their group); e-mail addresses only for admins and the group's facilitators.
   */
  async list(user: AuthUser, workingGroupId: string, q: ListMembersQuery): Promise<Page<MemberView>> {
    const role = await this.access.role(user, workingGroupId, 'read');
    const withEmail = groupAllows('manageMembers', user.role, role);
    const qb = this.ds
      .getRepository(GroupMember)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select(['m.user_id AS "userId"', 'm.role AS role', 'u.display_name AS "displayName"', 'u.organization_id AS "organizationId"'])
      .where('m.working_group_id = :workingGroupId', { workingGroupId });
    if (withEmail) qb.addSelect('u.email', 'email');
    if (q.role !== undefined) qb.andWhere('m.role = :role', { role: q.role });
    const [items, total] = await Promise.all([
      qb.clone().orderBy('u.display_name', 'ASC').addOrderBy('m.user_id', 'ASC').limit(q.limit).offset(q.offset).getRawMany<MemberView>(),
      qb.clone().getCount(),
    ]);
    return { items, total };
  }

  private async view(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole): Promise<MemberView> {
    const u = await m.getRepository(User).findOne({ where: { id: userId }, select: { id: true, displayName: true, organizationId: true } });
    return { userId, role, displayName: u?.displayName ?? '', organizationId: u?.organizationId ?? null };
  }

  /** Refuses to leave the group without a facilitator, unless the actor is an admin. */
  private async keepOneFacilitator(m: EntityManager, actor: AuthUser, workingGroupId: string): Promise<void> {
    if (actor.role === 'admin') return;
    const facilitators = await m.getRepository(GroupMember).count({ where: { workingGroupId, role: 'facilitator' } });
    if (facilitators <= 1) throw conflict('Le groupe de travail doit garder au moins un animateur');
  }

  async upsert(actor: AuthUser, workingGroupId: string, dto: AddMemberDto): Promise<UpsertResult> {
    const result = await inTransaction(this.ds, async (m) => {
      // Locking the group row serialises membership changes of the group (last-facilitator rule).
      await this.access.group(actor, workingGroupId, 'manageMembers', { manager: m, lock: true });
      if (!(await m.getRepository(User).exists({ where: { id: dto.userId } }))) throw invalid('userId: utilisateur inconnu');
      const repo = m.getRepository(GroupMember);
      const existing = await repo.findOne({ where: { workingGroupId, userId: dto.userId } });
      if (existing && existing.role === dto.role) return { member: await this.view(m, workingGroupId, dto.userId, dto.role), created: false, changed: false };
      if (existing) {
        if (existing.role === 'facilitator') await this.keepOneFacilitator(m, actor, workingGroupId);
        await repo.update({ workingGroupId, userId: dto.userId }, { role: dto.role });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'member.role_changed',
          entityType: 'working_group',
          entityId: workingGroupId,
          data: { userId: dto.userId, from: existing.role, to: dto.role },
        });
      } else {
        await repo.insert({ workingGroupId, userId: dto.userId, role: dto.role });
        await this.audit.record(m, { actorId: actor.id, action: 'member.added', entityType: 'working_group', entityId: workingGroupId, data: { userId: dto.userId, role: dto.role } });
      }
      return { member: await this.view(m, workingGroupId, dto.userId, dto.role), created: !existing, changed: true };
    });
    if (result.changed) await this.bus.publish('membership.changed', { workingGroupId, userId: dto.userId, role: dto.role });
    return { member: result.member, created: result.created };
  }

  async remove(actor: AuthUser, workingGroupId: string, userId: string): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      await this.access.group(actor, workingGroupId, 'manageMembers', { manager: m, lock: true });
      const repo = m.getRepository(GroupMember);
      const existing = await repo.findOne({ where: { workingGroupId, userId } });
      if (!existing) throw notFound('Membre du groupe de travail');
      if (existing.role === 'facilitator') await this.keepOneFacilitator(m, actor, workingGroupId);
      await repo.delete({ workingGroupId, userId });
      await this.audit.record(m, { actorId: actor.id, action: 'member.removed', entityType: 'working_group', entityId: workingGroupId, data: { userId, role: existing.role } });
    });
    await this.bus.publish('membership.changed', { workingGroupId, userId, role: null });
  }
}
