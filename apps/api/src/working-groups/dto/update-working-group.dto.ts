import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from './validation';

export const WORKING_GROUP_STATUSES = ['active', 'archived'] as const;
export type WorkingGroupStatus = (typeof WORKING_GROUP_STATUSES)[number];

export class UpdateWorkingGroupDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull() @IsUUID()
  axisId?: string;

  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MaxLength(10_000)
  mandate?: string;

  @ApiPropertyOptional({ enum: WORKING_GROUP_STATUSES, description: '`archived` closes the group to new sessions and recommendations' })
  @OptionalNotNull() @IsIn(WORKING_GROUP_STATUSES)
  status?: WorkingGroupStatus;
}
