import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { MarkReadDto } from './dto/mark-read.dto';
import { UpdateNotificationSettingsDto } from './dto/notification-settings.dto';
import { NotificationsService } from './notifications.service';
import { NotificationResponse, NotificationSettingsResponse } from './notification.response';
import { PageOf } from '../common/openapi';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOkResponse({ type: PageOf(NotificationResponse) })
  @Get('notifications')
  list(@CurrentUser() user: AuthUser, @Query() q: ListNotificationsQuery) {
    return this.notifications.list(user, q);
  }

  @Post('notifications/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Body() dto: MarkReadDto): Promise<void> {
    await this.notifications.markRead(user, dto);
  }

  @ApiOkResponse({ type: NotificationSettingsResponse })
  @Get('me/notification-settings')
  settings(@CurrentUser() user: AuthUser) {
    return this.notifications.settings(user);
  }

  @ApiOkResponse({ type: NotificationSettingsResponse })
  @Patch('me/notification-settings')
  updateSettings(@CurrentUser() user: AuthUser, @Body() dto: UpdateNotificationSettingsDto) {
    return this.notifications.updateSettings(user, dto.email);
  }
}
