import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from '@app/database';
import { notFound } from '@app/domain';
import { Public } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { toUserResponse } from '../users/user.response';
import { AuthService } from './auth.service';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request) {
    const { accessToken, expiresIn, user } = await this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
    return { accessToken, expiresIn, user: toUserResponse(user) };
  }

  /** A fresh token for a still-valid one (the web app calls it before expiry). */
  @ApiBearerAuth()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@CurrentUser() current: AuthUser) {
    const user = await this.users.findOne({ where: { id: current.id } });
    if (!user) throw notFound('Utilisateur');
    return { accessToken: this.auth.issue(user), user: toUserResponse(user) };
  }
}
