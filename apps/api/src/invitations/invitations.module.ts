import { Module } from '@nestjs/common';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { IdentityRateLimit } from './identity-rate-limit';
import { InvitationsController, PasswordResetController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';

@Module({
  imports: [WorkingGroupsModule],
  controllers: [InvitationsController, PasswordResetController],
  providers: [InvitationsService, PasswordResetService, IdentityRateLimit],
  exports: [IdentityRateLimit],
})
export class InvitationsModule {}
