import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { PlatformRole } from '@app/domain';

/** The authenticated user, as the auth guard found it in the database. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: PlatformRole;
  organizationId: string | null;
  isRepresentative: boolean;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user as AuthUser;
});
