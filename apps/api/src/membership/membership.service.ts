import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GroupMember, Recommendation, WorkingGroup } from '@app/database';
import { forbidden, GroupRole, notFound } from '@app/domain';
import type { AuthUser } from '../common/current-user';

/**
 * The one place that answers "what is this user in this working group". Features check access
 * through it at the top of each service method.
 */
@Injectable()
export class MembershipService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async roleIn(workingGroupId: string, userId: string, manager?: EntityManager): Promise<GroupRole | null> {
    const m = await (manager ?? this.ds.manager).getRepository(GroupMember).findOne({ where: { workingGroupId, userId } });
    return m?.role ?? null;
  }

  /** 404 when the group does not exist. */
  async requireGroup(workingGroupId: string, manager?: EntityManager): Promise<WorkingGroup> {
    const g = await (manager ?? this.ds.manager).getRepository(WorkingGroup).findOne({ where: { id: workingGroupId } });
    if (!g) throw notFound('Groupe de travail');
    return g;
  }

  /** 404 when the recommendation does not exist. */
  async requireRecommendation(recommendationId: string, manager?: EntityManager): Promise<Recommendation> {
    const r = await (manager ?? this.ds.manager).getRepository(Recommendation).findOne({ where: { id: recommendationId } });
    if (!r) throw notFound('Recommandation');
    return r;
  }

  /** Admins and any member of the group read; others get 403. Returns the role (null for admins not in the group). */
  async assertCanRead(user: AuthUser, workingGroupId: string, manager?: EntityManager): Promise<GroupRole | null> {
    const role = await this.roleIn(workingGroupId, user.id, manager);
    if (!role && user.role !== 'admin') throw forbidden('Réservé aux membres du groupe de travail');
    return role;
  }

  /** Participants and facilitators (the ones who write drafts and vote). */
  async assertContributor(user: AuthUser, workingGroupId: string, manager?: EntityManager): Promise<GroupRole> {
    const role = await this.roleIn(workingGroupId, user.id, manager);
    if (role !== 'facilitator' && role !== 'participant') throw forbidden('Réservé aux participants et animateurs du groupe');
    return role;
  }

  /** Facilitators of the group; admins too when `allowAdmin`. */
  async assertFacilitator(user: AuthUser, workingGroupId: string, opts: { allowAdmin?: boolean; manager?: EntityManager } = {}): Promise<void> {
    if (opts.allowAdmin && user.role === 'admin') return;
    const role = await this.roleIn(workingGroupId, user.id, opts.manager);
    if (role !== 'facilitator') throw forbidden('Réservé aux animateurs du groupe de travail');
  }
}
