import { WorkingGroup } from '@app/database';
import type { GroupRole } from '@app/domain';

export function toWorkingGroupResponse(g: WorkingGroup) {
  return { id: g.id, axisId: g.axisId, title: g.title, mandate: g.mandate, status: g.status };
}

export interface MemberView {
  userId: string;
  role: GroupRole;
  displayName: string;
  organizationId: string | null;
  /** Only in lists read by an admin or a facilitator of the group. */
  email?: string;
}

export function toMemberResponse(m: MemberView) {
  const base = { userId: m.userId, role: m.role, displayName: m.displayName, organizationId: m.organizationId };
  return m.email === undefined ? base : { ...base, email: m.email };
}
