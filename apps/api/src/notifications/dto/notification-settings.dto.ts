import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { NOTIFICATION_KINDS } from '@app/domain';

/** `{email: {kind: bool}}`: the kinds given change, the others stay. */
export class UpdateNotificationSettingsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, description: `keys among ${NOTIFICATION_KINDS.join(', ')}` })
  @IsObject()
  email: Record<string, unknown>;
}
