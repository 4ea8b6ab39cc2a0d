import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';

/** Statuses a client sets; `late` is computed on read (due date passed and not done). */
export const SETTABLE_MILESTONE_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type SettableMilestoneStatus = (typeof SETTABLE_MILESTONE_STATUSES)[number];

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateMilestoneDto {
  @ApiProperty({ example: 'Expérimentation dans trois régions' })
  @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2027-06-30', description: 'YYYY-MM-DD' })
  @IsString() @Matches(DATE_ONLY, { message: 'dueDate: date au format AAAA-MM-JJ attendue' }) @IsISO8601({ strict: true })
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'An existing organisation' })
  @IsOptional() @IsUUID()
  ownerOrganizationId?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_MILESTONE_STATUSES, default: 'planned' })
  @OptionalNotNull() @IsIn(SETTABLE_MILESTONE_STATUSES)
  status?: SettableMilestoneStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 0 })
  @OptionalNotNull() @IsInt() @Min(0) @Max(100)
  progress?: number;
}
