import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AuthRepository } from './auth.repository';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UserCache } from './user-cache';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';

@Global()
@Module({
  imports: [OrganizationsModule],
  controllers: [AuthController, OidcController],
  providers: [AuthRepository, AuthService, UserCache, OidcService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, UserCache],
})
export class AuthModule {}
