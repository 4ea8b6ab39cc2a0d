import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DomainError, ErrorCode, notFound } from '@app/domain';
import { Public } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { LoginResponse, toUserResponse } from '../users/user.response';
import { AuthService } from './auth.service';
import { ExchangeDto, LoginDto } from './login.dto';
import { OidcService } from './oidc/oidc.service';
import { AuthProvidersResponse, LogoutResponse } from './auth.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOkResponse({ type: LoginResponse })
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request) {
    if (!this.config.passwordLogin) throw new DomainError(ErrorCode.Forbidden, 'La connexion par mot de passe est désactivée sur cette plateforme');
    const { accessToken, expiresIn, user } = await this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
    return { accessToken, expiresIn, user: toUserResponse(user) };
  }

  /** The ways to sign in that the web app offers. */
  @ApiOkResponse({ type: AuthProvidersResponse })
  @Public()
  @Get('providers')
  providers() {
    const oidc = this.config.oidc;
    return { password: this.config.passwordLogin, oidc: oidc ? { label: oidc.label, loginUrl: '/api/auth/oidc/login' } : null };
  }

  /** The one-time code of an OIDC sign-in (`#login=` in the URL) → a session. Single use, 60 s. */
  @ApiOkResponse({ type: LoginResponse })
  @Public()
  @Post('exchange')
  @HttpCode(200)
  async exchange(@Body() dto: ExchangeDto) {
    const { user, sessionId } = await this.oidc.exchange(dto.code);
    return { accessToken: this.auth.issue(user, sessionId), expiresIn: this.auth.ttlSeconds, user: toUserResponse(user) };
  }

  /** `{logoutUrl}`: the provider's end-session URL for an OIDC session, else null. */
  @ApiOkResponse({ type: LogoutResponse })
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(200)
  async logout(@CurrentUser() current: AuthUser, @Req() req: Request) {
    const claims = this.auth.claimsOf(req.headers.authorization);
    return { logoutUrl: await this.oidc.logoutUrl(current.id, claims?.sid) };
  }

  /** A fresh token for a still-valid one (the web app calls it before expiry). */
  @ApiOkResponse({ type: LoginResponse })
  @ApiBearerAuth()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@CurrentUser() current: AuthUser, @Req() req: Request) {
    const user = await this.auth.account(current.id);
    if (!user) throw notFound('Utilisateur');
    return { accessToken: this.auth.issue(user, this.auth.claimsOf(req.headers.authorization)?.sid), user: toUserResponse(user) };
  }
}
