import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';
import { DueDate, SETTABLE_MILESTONE_STATUSES, SettableMilestoneStatus } from './create-milestone.dto';

export class UpdateMilestoneDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'YYYY-MM-DD; an ISO-8601 date-time is accepted and its UTC date kept' })
  @OptionalNotNull() @DueDate()
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true })
  @IsOptional() @IsUUID()
  ownerOrganizationId?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_MILESTONE_STATUSES })
  @OptionalNotNull() @IsIn(SETTABLE_MILESTONE_STATUSES)
  status?: SettableMilestoneStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @OptionalNotNull() @IsInt() @Min(0) @Max(100)
  progress?: number;
}
