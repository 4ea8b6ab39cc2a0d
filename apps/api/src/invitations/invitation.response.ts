import { Invitation } from '@app/database';

export type InvitationStatus = 'pending' | 'accepted' | 'expired';

export function invitationStatus(i: Invitation, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  return i.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

export function toInvitationResponse(i: Invitation) {
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
