import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { IdentityRateLimit } from './identity-rate-limit';
import { InvitationsController, PasswordResetController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';

@Module({
  imports: [WorkingGroupsModule, OrganizationsModule, UsersModule],
  controllers: [InvitationsController, PasswordResetController],
  providers: [InvitationsRepository, InvitationsService, PasswordResetService, IdentityRateLimit],
  exports: [IdentityRateLimit],
})
export class InvitationsModule {}
