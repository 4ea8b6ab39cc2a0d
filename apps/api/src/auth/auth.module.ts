import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '@app/database';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UserCache } from './user-cache';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [AuthController, OidcController],
  providers: [AuthService, UserCache, OidcService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, UserCache],
})
export class AuthModule {}
