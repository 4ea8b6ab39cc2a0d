import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GroupRole, PlatformRole } from '@app/domain';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { OrganizationResponse } from '../organizations/organization.response';
import { User } from '@app/database';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ format: 'email', description: 'only for admins, facilitators of a group of the user, and the user themself' }) email?: string;
  @ApiProperty() displayName: string;
  @ApiNullableString({ format: 'uuid' }) organizationId: string | null;
  @ApiEnum('PlatformRole') role: PlatformRole;
  @ApiProperty() isRepresentative: boolean;
}

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' }) workingGroupId: string;
  @ApiEnum('GroupRole') role: GroupRole;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) axisId: string;
  @ApiEnum('WorkingGroupStatus') status: 'active' | 'archived';
}

/** GET /api/me */
export class MeResponse extends UserResponse {
  @ApiProperty({ type: OrganizationResponse, nullable: true }) organization: OrganizationResponse | null;
  @ApiProperty({ type: [MembershipResponse] }) memberships: MembershipResponse[];
}

/** POST /api/auth/login, /auth/exchange, /auth/refresh, /invitations/accept */
export class LoginResponse {
  @ApiProperty({ description: 'JWT, to send as `Authorization: Bearer`' }) accessToken: string;
  @ApiPropertyOptional({ description: 'seconds' }) expiresIn?: number;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

/**
 * `email` is left out for readers who may not see other people's addresses (API.md v2: only
 * admins and facilitators of a group see them; everyone sees their own).
 */
export function toUserResponse(u: User, opts: { email: boolean } = { email: true }): UserResponse {
  return {
    id: u.id,
    ...(opts.email ? { email: u.email } : {}),
    displayName: u.displayName,
    organizationId: u.organizationId,
    role: u.role,
    isRepresentative: u.isRepresentative,
  };
}
