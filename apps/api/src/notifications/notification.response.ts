import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import { NOTIFICATION_KINDS, type NotificationKind } from '@app/domain';

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiEnum('NotificationKind') kind: NotificationKind;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'a path of the web app' }) link: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiNullableString({ format: 'date-time' }) readAt: string | null;
}

export class EmailNotificationSettingsResponse {}
for (const kind of NOTIFICATION_KINDS) ApiProperty({ type: Boolean })(EmailNotificationSettingsResponse.prototype, kind);

/** GET/PATCH /api/me/notification-settings */
export class NotificationSettingsResponse {
  @ApiProperty({ type: EmailNotificationSettingsResponse, description: 'kind → whether it is also sent by e-mail' })
  email: Record<NotificationKind, boolean>;
}
