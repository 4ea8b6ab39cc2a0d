import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { WorkingGroup } from '@app/database';
import type { GroupRole } from '@app/domain';

export class WorkingGroupResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) axisId: string;
  @ApiProperty() title: string;
  @ApiProperty() mandate: string;
  @ApiEnum('WorkingGroupStatus') status: 'active' | 'archived';
}

export class GroupMemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiEnum('GroupRole') role: GroupRole;
  @ApiProperty() displayName: string;
  @ApiNullableString({ format: 'uuid' }) organizationId: string | null;
  @ApiPropertyOptional({ format: 'email', description: 'only for admins and the group\'s facilitators' }) email?: string;
}

export function toWorkingGroupResponse(g: WorkingGroup): WorkingGroupResponse {
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

export function toMemberResponse(m: MemberView): GroupMemberResponse {
  const base = { userId: m.userId, role: m.role, displayName: m.displayName, organizationId: m.organizationId };
  return m.email === undefined ? base : { ...base, email: m.email };
}
