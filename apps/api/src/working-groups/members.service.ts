import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { Transactions } from '@app/database';
import { conflict, GroupRole, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { AddMemberDto } from './dto/add-member.dto';
import { ListMembersQuery } from './dto/list-members.query';
import { GroupAccess } from '../access/group-access.service';
import { groupAllows } from '@app/domain';
import { MemberView } from './working-group.response';
import { WorkingGroupsRepository } from './working-groups.repository';

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
    private readonly tx: Transactions,
    private readonly repo: WorkingGroupsRepository,
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
    return this.repo.members(workingGroupId, q.role, withEmail, q.limit, q.offset);
  }

  private async view(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole): Promise<MemberView> {
    const u = await this.repo.memberIdentity(m, userId);
    return { userId, role, displayName: u?.displayName ?? '', organizationId: u?.organizationId ?? null };
  }

  /** The ids of the group's members but `exceptUserId`, in the transaction of `m` (recipients of a group notification). */
  memberIdsExcept(m: EntityManager, workingGroupId: string, exceptUserId: string): Promise<string[]> {
    return this.repo.memberIds(m, workingGroupId, exceptUserId);
  }

  /**
   * Adds the user to the group with `role` unless already a member (an accepted invitation), in
   * the transaction of `m`, audited; whether it was added. The caller publishes `membership.changed`.
   */
  async addFromInvitation(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole, invitationId: string): Promise<boolean> {
    const added = await this.repo.addMemberIfAbsent(m, workingGroupId, userId, role);
    if (added) await this.audit.record(m, { actorId: userId, action: 'member.added', entityType: 'working_group', entityId: workingGroupId, data: { userId, role, invitationId } });
    return added;
  }

  /** Whether the user facilitates at least one group. */
  facilitatesAny(userId: string): Promise<boolean> {
    return this.repo.facilitatesAny(userId);
  }

  /** The user's memberships with their groups' titles (GET /api/me). */
  membershipsOf(userId: string) {
    return this.repo.membershipsOf(userId);
  }

  /** Refuses to leave the group without a facilitator, unless the actor is an admin. */
  private async keepOneFacilitator(m: EntityManager, actor: AuthUser, workingGroupId: string): Promise<void> {
    if (actor.role === 'admin') return;
    const facilitators = await this.repo.countFacilitators(m, workingGroupId);
    if (facilitators <= 1) throw conflict('Le groupe de travail doit garder au moins un animateur');
  }

  async upsert(actor: AuthUser, workingGroupId: string, dto: AddMemberDto): Promise<UpsertResult> {
    const result = await this.tx.run(async (m) => {
      // Locking the group row serialises membership changes of the group (last-facilitator rule).
      await this.access.group(actor, workingGroupId, 'manageMembers', { manager: m, lock: true });
      if (!(await this.repo.userExists(m, dto.userId))) throw invalid('userId: utilisateur inconnu');
      const existing = await this.repo.findMember(m, workingGroupId, dto.userId);
      if (existing && existing.role === dto.role) return { member: await this.view(m, workingGroupId, dto.userId, dto.role), created: false, changed: false };
      if (existing) {
        if (existing.role === 'facilitator') await this.keepOneFacilitator(m, actor, workingGroupId);
        await this.repo.setMemberRole(m, workingGroupId, dto.userId, dto.role);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'member.role_changed',
          entityType: 'working_group',
          entityId: workingGroupId,
          data: { userId: dto.userId, from: existing.role, to: dto.role },
        });
      } else {
        await this.repo.insertMember(m, workingGroupId, dto.userId, dto.role);
        await this.audit.record(m, { actorId: actor.id, action: 'member.added', entityType: 'working_group', entityId: workingGroupId, data: { userId: dto.userId, role: dto.role } });
      }
      return { member: await this.view(m, workingGroupId, dto.userId, dto.role), created: !existing, changed: true };
    });
    if (result.changed) await this.bus.publish('membership.changed', { workingGroupId, userId: dto.userId, role: dto.role });
    return { member: result.member, created: result.created };
  }

  async remove(actor: AuthUser, workingGroupId: string, userId: string): Promise<void> {
    await this.tx.run(async (m) => {
      await this.access.group(actor, workingGroupId, 'manageMembers', { manager: m, lock: true });
      const existing = await this.repo.findMember(m, workingGroupId, userId);
      if (!existing) throw notFound('Membre du groupe de travail');
      if (existing.role === 'facilitator') await this.keepOneFacilitator(m, actor, workingGroupId);
      await this.repo.deleteMember(m, workingGroupId, userId);
      await this.audit.record(m, { actorId: actor.id, action: 'member.removed', entityType: 'working_group', entityId: workingGroupId, data: { userId, role: existing.role } });
    });
    await this.bus.publish('membership.changed', { workingGroupId, userId, role: null });
  }
}
