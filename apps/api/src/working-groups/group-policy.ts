import type { GroupRole, PlatformRole } from '@app/domain';

/**
 * Who may do what on a working group's resources, in one table. The platform role `admin`
 * may do everything; otherwise the user's role in the group decides.
 */
export type GroupAction =
  | 'read' // recommendations, sessions, milestones, members of the group
  | 'contribute' // create a recommendation, rename a draft
  | 'facilitate' // sessions, recommendation status/lock/deadline/horizon, milestones
  | 'manageMembers'; // add, change, remove members; see their e-mail addresses in the list

const BY_ROLE: Record<GroupAction, readonly GroupRole[]> = {
  read: ['facilitator', 'participant', 'observer'],
  contribute: ['facilitator', 'participant'],
  facilitate: ['facilitator'],
  manageMembers: ['facilitator'],
};

export function groupAllows(action: GroupAction, platformRole: PlatformRole, groupRole: GroupRole | null): boolean {
  if (platformRole === 'admin') return true;
  return groupRole !== null && BY_ROLE[action].includes(groupRole);
}

export const DENIED_MESSAGE: Record<GroupAction, string> = {
  read: 'Réservé aux membres du groupe de travail',
  contribute: 'Réservé aux participants et animateurs du groupe de travail',
  facilitate: 'Réservé aux animateurs du groupe de travail',
  manageMembers: 'Réservé aux administrateurs et aux animateurs du groupe de travail',
};
