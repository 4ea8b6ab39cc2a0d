import type { GroupRole, PlatformRole } from './roles';

/**
 * Who may do what to a working group's things, in one table: the platform role (`admin`), the
 * user's role in the group, and for live drafts whether the recommendation is locked. Pure: the
 * API's services, the `/collab` server and the `/live` gateway all ask this, after one query
 * (libs/database `AccessQuery`) has read the row and the user's role.
 */
export const GROUP_ACTIONS = [
  'read', // recommendations, sessions, votes, versions, milestones of the group
  'watch', // follow a live session (socket.io room)
  'contribute', // create a recommendation, rename a draft
  'edit', // write to a live draft (refused on a locked recommendation)
  'vote', // cast a ballot (the vote's roll then decides)
  'facilitate', // sessions, the timer, recommendation status/lock/deadline/horizon, milestones, versions
  'runVote', // create, open, close a vote: the group's facilitators only, admins not
  'manageMembers', // list, add, change, remove members
] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

interface Rule {
  /** Group roles that may. */
  roles: readonly GroupRole[];
  /** Whether a platform admin may, member of the group or not. */
  admin: boolean;
  /** Refused by everyone while the recommendation is locked. */
  stopsWhenLocked?: true;
}

const MEMBERS: readonly GroupRole[] = ['facilitator', 'participant', 'observer'];
const CONTRIBUTORS: readonly GroupRole[] = ['facilitator', 'participant'];
const FACILITATORS: readonly GroupRole[] = ['facilitator'];

const RULES: Record<GroupAction, Rule> = {
  read: { roles: MEMBERS, admin: true },
  watch: { roles: MEMBERS, admin: true },
  contribute: { roles: CONTRIBUTORS, admin: true },
  // an admin who is not a member reads a draft but does not write it
  edit: { roles: CONTRIBUTORS, admin: false, stopsWhenLocked: true },
  vote: { roles: MEMBERS, admin: true },
  facilitate: { roles: FACILITATORS, admin: true },
  runVote: { roles: FACILITATORS, admin: false },
  manageMembers: { roles: FACILITATORS, admin: true },
};

export interface AccessSubject {
  platformRole: PlatformRole;
  /** The user's role in the group; null when not a member. */
  groupRole: GroupRole | null;
}

export interface AccessTarget {
  /** The recommendation is locked (live drafts). */
  locked?: boolean;
}

/** Whether `subject` may do `action` to the group's thing `target`. */
export function accessAllows(action: GroupAction, subject: AccessSubject, target: AccessTarget = {}): boolean {
  const rule = RULES[action];
  if (rule.stopsWhenLocked && target.locked) return false;
  if (subject.groupRole !== null && rule.roles.includes(subject.groupRole)) return true;
  return rule.admin && subject.platformRole === 'admin';
}

/** The same, for callers that hold the two roles apart. */
export function groupAllows(action: GroupAction, platformRole: PlatformRole, groupRole: GroupRole | null): boolean {
  return accessAllows(action, { platformRole, groupRole });
}

/** The refusal's message, per action (the 403's text). */
export const DENIED_MESSAGE: Record<GroupAction, string> = {
  read: 'Réservé aux membres du groupe de travail',
  watch: 'Réservé aux membres du groupe de travail de la séance',
  contribute: 'Réservé aux participants et animateurs du groupe de travail',
  edit: 'Réservé aux participants et animateurs du groupe, hors verrouillage',
  vote: 'Réservé aux membres du groupe de travail',
  facilitate: 'Réservé aux animateurs du groupe de travail',
  runVote: 'Réservé aux animateurs du groupe de travail',
  manageMembers: 'Réservé aux administrateurs et aux animateurs du groupe de travail',
};

/**
 * Formal positions (API.md "Positions"): the representative of an association of elected
 * officials submits one; such a representative also reads the positions of any group.
 */
export function representsAssociation(user: { isRepresentative: boolean; organizationId: string | null }, organizationKind: string | null | undefined): boolean {
  return user.isRepresentative && !!user.organizationId && organizationKind === 'association';
}
