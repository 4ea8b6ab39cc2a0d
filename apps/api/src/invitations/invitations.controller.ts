import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService } from '../auth/auth.service';
import { AuthUser, CurrentUser } from '../common/current-user';
import { Public } from '../common/public.decorator';
import { LoginResponse, toUserResponse } from '../users/user.response';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { ListInvitationsQuery } from './dto/list-invitations.query';
import { ConfirmPasswordResetDto, RequestPasswordResetDto } from './dto/password-reset.dto';
import { IdentityRateLimit } from './identity-rate-limit';
import { InvitationResponse, toInvitationResponse } from './invitation.response';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';
import { PageOf } from '../common/openapi';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly auth: AuthService,
    private readonly limits: IdentityRateLimit,
  ) {}

  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiBearerAuth()
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateInvitationDto) {
    return toInvitationResponse(await this.invitations.create(user, dto));
  }

  @ApiOkResponse({ type: PageOf(InvitationResponse) })
  @ApiBearerAuth()
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() q: ListInvitationsQuery) {
    const page = await this.invitations.list(user, q);
    return { items: page.items.map(toInvitationResponse), total: page.total };
  }

  /** Accepting signs the person in: `{accessToken, expiresIn, user}`. */
  @ApiOkResponse({ type: LoginResponse })
  @Public()
  @Post('accept')
  @HttpCode(200)
  async accept(@Body() dto: AcceptInvitationDto, @Req() req: Request) {
    await this.limits.requireIp(req.ip ?? 'unknown');
    const user = await this.invitations.accept(dto.token, dto.password);
    return { accessToken: this.auth.issue(user), expiresIn: this.auth.ttlSeconds, user: toUserResponse(user) };
  }
}

@ApiTags('auth')
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly limits: IdentityRateLimit,
  ) {}

  /** 202 whatever the e-mail: whether an account exists is never told. */
  @Public()
  @Post()
  @HttpCode(202)
  async request(@Body() dto: RequestPasswordResetDto, @Req() req: Request): Promise<void> {
    await this.limits.requireIp(req.ip ?? 'unknown');
    await this.resets.request(dto.email);
  }

  @Public()
  @Post('confirm')
  @HttpCode(204)
  async confirm(@Body() dto: ConfirmPasswordResetDto, @Req() req: Request): Promise<void> {
    await this.limits.requireIp(req.ip ?? 'unknown');
    await this.resets.confirm(dto.token, dto.password);
  }
}
