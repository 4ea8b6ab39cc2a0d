import { ApiProperty } from '@nestjs/swagger';
import { ApiNullableString } from '../common/openapi';

export class OidcProviderResponse {
  @ApiProperty({ example: 'ProConnect' }) label: string;
  @ApiProperty({ example: '/api/auth/oidc/login' }) loginUrl: string;
}

/** GET /api/auth/providers */
export class AuthProvidersResponse {
  @ApiProperty({ description: 'e-mail + password sign-in is enabled' }) password: boolean;
  @ApiProperty({ type: OidcProviderResponse, nullable: true }) oidc: OidcProviderResponse | null;
}

/** POST /api/auth/logout */
export class LogoutResponse {
  @ApiNullableString({ description: 'the provider\'s end-session URL for an OIDC session' }) logoutUrl: string | null;
}
