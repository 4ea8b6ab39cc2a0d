import { Global, Module } from '@nestjs/common';
import { MailQueue } from './mail-queue.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Global: the features that cause notifications (votes, versions, sessions, invitations…) inject its service. */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, MailQueue, NotificationsService],
  exports: [MailQueue, NotificationsService],
})
export class NotificationsModule {}
