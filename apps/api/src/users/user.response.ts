import { User } from '@app/database';

export function toUserResponse(u: User) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    organizationId: u.organizationId,
    role: u.role,
    isRepresentative: u.isRepresentative,
  };
}
