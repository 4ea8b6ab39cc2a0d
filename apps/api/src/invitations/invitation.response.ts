import { ApiProperty } from '@nestjs/swagger';
import type { GroupRole } from '@app/domain';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { Invitation } from '@app/database';

export type InvitationStatus = 'pending' | 'accepted' | 'expired';

export function invitationStatus(i: Invitation, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  return i.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() displayName: string;
  @ApiNullableString({ format: 'uuid' }) organizationId: string | null;
  @ApiNullableString({ format: 'uuid' }) workingGroupId: string | null;
  @ApiProperty({ enum: ['facilitator', 'participant', 'observer'], enumName: 'GroupRole', nullable: true }) role: GroupRole | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiEnum('InvitationStatus') status: InvitationStatus;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toInvitationResponse(i: Invitation): InvitationResponse {
  return {
    id: i.id,
    email: i.email,
    displayName: i.displayName,
    organizationId: i.organizationId,
    workingGroupId: i.workingGroupId,
    role: i.role,
    expiresAt: i.expiresAt.toISOString(),
    status: invitationStatus(i),
    createdAt: i.createdAt.toISOString(),
  };
}
