import { User } from '@app/database';

/**
 * `email` is left out for readers who may not see other people's addresses (API.md v2: only
 * admins and facilitators of a group see them; everyone sees their own).
 */
export function toUserResponse(u: User, opts: { email: boolean } = { email: true }) {
  return {
    id: u.id,
    ...(opts.email ? { email: u.email } : {}),
    displayName: u.displayName,
    organizationId: u.organizationId,
    role: u.role,
    isRepresentative: u.isRepresentative,
  };
}
