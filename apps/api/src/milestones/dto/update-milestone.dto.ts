import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';
import { DATE_ONLY, SETTABLE_MILESTONE_STATUSES, SettableMilestoneStatus } from './create-milestone.dto';

export class UpdateMilestoneDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '2027-06-30' })
  @OptionalNotNull() @IsString() @Matches(DATE_ONLY, { message: 'dueDate: date au format AAAA-MM-JJ attendue' }) @IsISO8601({ strict: true })
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional() @IsUUID()
  ownerOrganizationId?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_MILESTONE_STATUSES })
  @OptionalNotNull() @IsIn(SETTABLE_MILESTONE_STATUSES)
  status?: SettableMilestoneStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @OptionalNotNull() @IsInt() @Min(0) @Max(100)
  progress?: number;
}
