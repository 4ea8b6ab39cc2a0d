import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { MembershipModule } from './membership/membership.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { SeedModule } from './seed/seed.module';
import { UsersModule } from './users/users.module';

/** The REST API: every business rule and every business write of the platform. */
@Module({
  imports: [
    AuditModule,
    AuthModule,
    MembershipModule,
    SeedModule,
    HealthModule,
    OrganizationsModule,
    UsersModule,
  ],
})
export class ApiModule {}
