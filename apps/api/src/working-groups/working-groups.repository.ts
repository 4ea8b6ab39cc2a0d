import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { Axis, GroupMember, User, WorkingGroup } from '@app/database';
import { GroupRole } from '@app/domain';
import { MemberView } from './working-group.response';

/** The SQL boundary of working groups and their members. */
@Injectable()
export class WorkingGroupsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  // ------------------------------------------------------------------ groups

  /** Whether the axis exists (the group's reference; the axes feature depends on this one, not the reverse). */
  axisExists(m: EntityManager, axisId: string): Promise<boolean> {
    return m.getRepository(Axis).exists({ where: { id: axisId } });
  }

  insertGroup(m: EntityManager, fields: Partial<WorkingGroup>): Promise<WorkingGroup> {
    return m.getRepository(WorkingGroup).save(fields);
  }

  async page(filter: { axisId?: string; status?: WorkingGroup['status'] }, limit: number, offset: number): Promise<{ items: WorkingGroup[]; total: number }> {
    const where: FindOptionsWhere<WorkingGroup> = {};
    if (filter.axisId !== undefined) where.axisId = filter.axisId;
    if (filter.status !== undefined) where.status = filter.status;
    const [items, total] = await this.ds.getRepository(WorkingGroup).findAndCount({ where, order: { title: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  findGroup(id: string, manager?: EntityManager): Promise<WorkingGroup | null> {
    return this.m(manager).getRepository(WorkingGroup).findOne({ where: { id } });
  }

  lockGroup(m: EntityManager, id: string): Promise<WorkingGroup | null> {
    return m.getRepository(WorkingGroup).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  saveGroup(m: EntityManager, group: WorkingGroup): Promise<WorkingGroup> {
    return m.getRepository(WorkingGroup).save(group);
  }

  // ------------------------------------------------------------------ members

  /** A page of the group's members by name (with their e-mail when `withEmail`), and the total. */
  async members(workingGroupId: string, role: GroupRole | undefined, withEmail: boolean, limit: number, offset: number): Promise<{ items: MemberView[]; total: number }> {
    const qb = this.ds
      .getRepository(GroupMember)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select(['m.user_id AS "userId"', 'm.role AS role', 'u.display_name AS "displayName"', 'u.organization_id AS "organizationId"'])
      .where('m.working_group_id = :workingGroupId', { workingGroupId });
    if (withEmail) qb.addSelect('u.email', 'email');
    if (role !== undefined) qb.andWhere('m.role = :role', { role });
    const [items, total] = await Promise.all([
      qb.clone().orderBy('u.display_name', 'ASC').addOrderBy('m.user_id', 'ASC').limit(limit).offset(offset).getRawMany<MemberView>(),
      qb.clone().getCount(),
    ]);
    return { items, total };
  }

  /** The ids of the group's members, but `exceptUserId` (the recipients of a group notification). */
  async memberIds(m: EntityManager, workingGroupId: string, exceptUserId: string): Promise<string[]> {
    const rows: { userId: string }[] = await m.query(`SELECT user_id AS "userId" FROM group_member WHERE working_group_id = $1 AND user_id <> $2`, [workingGroupId, exceptUserId]);
    return rows.map((r) => r.userId);
  }

  /** A member's name and organisation, for the member view. */
  memberIdentity(m: EntityManager, userId: string): Promise<Pick<User, 'id' | 'displayName' | 'organizationId'> | null> {
    return m.getRepository(User).findOne({ where: { id: userId }, select: { id: true, displayName: true, organizationId: true } });
  }

  userExists(m: EntityManager, userId: string): Promise<boolean> {
    return m.getRepository(User).exists({ where: { id: userId } });
  }

  countFacilitators(m: EntityManager, workingGroupId: string): Promise<number> {
    return m.getRepository(GroupMember).count({ where: { workingGroupId, role: 'facilitator' } });
  }

  findMember(m: EntityManager, workingGroupId: string, userId: string): Promise<GroupMember | null> {
    return m.getRepository(GroupMember).findOne({ where: { workingGroupId, userId } });
  }

  async setMemberRole(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole): Promise<void> {
    await m.getRepository(GroupMember).update({ workingGroupId, userId }, { role });
  }

  async insertMember(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole): Promise<void> {
    await m.getRepository(GroupMember).insert({ workingGroupId, userId, role });
  }

  /** Adds the member unless they already are one (any role); whether it was added. */
  async addMemberIfAbsent(m: EntityManager, workingGroupId: string, userId: string, role: GroupRole): Promise<boolean> {
    const added: unknown[] = await m.query(`INSERT INTO group_member (working_group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`, [
      workingGroupId,
      userId,
      role,
    ]);
    return added.length > 0;
  }

  async deleteMember(m: EntityManager, workingGroupId: string, userId: string): Promise<void> {
    await m.getRepository(GroupMember).delete({ workingGroupId, userId });
  }

  /** Whether the user facilitates at least one group. */
  facilitatesAny(userId: string): Promise<boolean> {
    return this.ds.getRepository(GroupMember).exists({ where: { userId, role: 'facilitator' } });
  }

  /** The user's memberships with their groups' titles (GET /api/me). */
  membershipsOf(userId: string) {
    return this.ds
      .getRepository(GroupMember)
      .createQueryBuilder('m')
      .innerJoin(WorkingGroup, 'g', 'g.id = m.working_group_id')
      .select(['m.working_group_id AS "workingGroupId"', 'm.role AS role', 'g.title AS title', 'g.axis_id AS "axisId"', 'g.status AS status'])
      .where('m.user_id = :id', { id: userId })
      .orderBy('g.title', 'ASC')
      .getRawMany<{ workingGroupId: string; role: string; title: string; axisId: string; status: string }>();
  }
}
