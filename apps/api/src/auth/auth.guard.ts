import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { verifyAccessToken } from '@app/contracts';
import { DomainError, ErrorCode } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/core';
import { ADMIN_ONLY, IS_PUBLIC } from '../common/public.decorator';
import { UserCache } from './user-cache';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The user is
 * re-read (through a cache of a few seconds) so that a role change or a deleted account takes
 * effect without waiting for the token to expire.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers?.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new DomainError(ErrorCode.Unauthenticated, 'Authentification requise');
    const claims = verifyAccessToken(this.config.jwtSecret, token);
    if (!claims) throw new DomainError(ErrorCode.Unauthenticated, 'Jeton invalide ou expiré');
    const user = await this.users.get(claims.sub);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Jeton invalide ou expiré');
    req.user = user;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && user.role !== 'admin') {
      throw new DomainError(ErrorCode.Forbidden, 'Réservé aux administrateurs');
    }
    return true;
  }
}
